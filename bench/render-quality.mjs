/**
 * Markdown for issue 13's part of the report (bench/quality-bench.ts rows): each family's steps/s
 * with the lab's defaults against the issue's targets, and the family × dataset table of seconds
 * of training to the quality bar.
 */
const FAMILIES = ['autoregressive', 'vae', 'flow', 'ebm', 'gan', 'diffusion', 'flow-matching'];
const DATASETS = ['eight-gaussians', 'two-moons', 'swiss-roll', 'checkerboard', 'pinwheel', 'rings', 'two-spirals'];
/**
 * Issue 13's throughput targets in Chromium on one thread with the lab's defaults: at least 300
 * steps/s for these three; the others keep their speed (the figures the issue quotes).
 */
const TARGETS = { autoregressive: { least: 300 }, vae: { least: 300 }, flow: { least: 300 }, ebm: { keep: 180 }, gan: { keep: 1300 }, diffusion: { keep: 1300 } };

const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '—');
const order = (known, seen) => [...known.filter((k) => seen.has(k)), ...[...seen].filter((s) => !known.includes(s)).sort()];

/**
 * Cells of the seconds-to-quality table that a family cannot reach within the budget, with the
 * reason and what it reaches instead (issue 13 asks for both). Printed only while the cell misses.
 */
const UNREACHED_REASONS = {
  'gan:checkerboard':
    "the game circles its equilibrium rather than settling (the GAN article's spiral; the R1 penalty damps it but does not stop it), so the energy distance rises and falls from check to check, and whether a check lands under 3× within 10 s depends on where the orbit is at the check: with the same code and seed one run of this table reached the bar at 5.4 s and the next stayed at 3.4× (run to run, the checks fall at different step counts).",
  'vae:eight-gaussians':
    "the prior N(0, I) is one connected blob and the decoder a continuous map, so a VAE with a 2-D latent cannot split its samples into eight separate islands: 10–20% of them lie on bridges between the modes (more than 4 data standard deviations from every centre, against 0.03% of the data). Training longer narrows the bridges: 3.5× and 3.2× the floor after 20,000 steps (about the budget here), 2.6× and 3.9× after 40,000, 2.3× and 2.8× after 80,000 (seeds 1 and 2; `npx vitest run --config bench/vitest.config.ts bench/vae-long.run.ts`). A larger batch, a higher learning rate or a per-point decoder variance did no better within the budget.",
};

export function renderQuality(r) {
  const throughput = r.rows.filter((x) => x.workload.startsWith('throughput:'));
  const quality = r.rows.filter((x) => x.workload.startsWith('quality:'));
  if (!throughput.length && !quality.length) return [];
  const lines = ['## Issue 13: the seven families in Chromium, lab defaults, one thread', ''];
  const e = r.env.qualityBrowser;
  const run = r.qualityRun;
  if (e) lines.push(`Headless Chromium ${e.chromium}, module Web Worker, tfjs ${e.tfjs} on ${e.tfjsBackend}, fused kernels loaded for one thread (relaxed SIMD ${e.relaxedSimd}), page not cross-origin isolated; each model built as the lab builds it: createModel(family, the lab's default settings, { fastKernels, threads: 1 }).`);
  if (run) {
    const kept = run.carriedOver ? ' (kept from the previous report: not measured again in this run)' : '';
    const earlier = run.earliest ? ` Some rows come from an earlier run of this part (started ${run.earliest}) that this one did not repeat.` : '';
    lines.push(`Measured ${run.started} → ${run.finished}${kept}; load average at the start ${run.loadAverageAtStart.join(', ')}, at the end ${run.loadAverageAtEnd.join(', ')}.${earlier}`);
  }
  lines.push('');

  if (throughput.length) {
    lines.push('### Training steps per second (lab defaults, 8 Gaussians, the model alone)', '');
    lines.push("The model's trainStep on fresh batches, as the lab's worker calls it, without the lab's periodic samples, energy distances and fields (the widget rows above include those). Median of the timed runs after 20 warm-up steps.", '');
    lines.push('| family | training path | steps/s (median) | runs | issue 13 target | meets |', '|---|---|---:|---|---|---|');
    for (const family of order(FAMILIES, new Set(throughput.map((x) => x.workload.slice('throughput:'.length))))) {
      const row = throughput.find((x) => x.workload === `throughput:${family}`);
      const t = TARGETS[family] ?? {};
      const target = t.least ? `≥ ${t.least}` : t.keep ? `keep ≈ ${t.keep}` : '';
      const meets = !Number.isFinite(row.stepsPerSec) ? '' : t.least ? (row.stepsPerSec >= t.least ? 'yes' : 'no') : '';
      const rate = Number.isFinite(row.stepsPerSec) ? fmt(row.stepsPerSec) : row.note ?? 'failed';
      lines.push(`| ${family} | ${row.trainingPath ?? ''} | ${rate} | ${(row.stepsPerSecRuns ?? []).map((x) => fmt(x)).join(', ')} | ${target} | ${meets} |`);
    }
    lines.push('');
  }

  if (quality.length) {
    const cells = new Map(quality.map((x) => [x.workload, x]));
    const fams = order(FAMILIES, new Set(quality.map((x) => x.workload.split(':')[1])));
    const sets = order(DATASETS, new Set(quality.map((x) => x.workload.split(':')[2])));
    const budgets = [...new Set(quality.map((x) => x.budgetSeconds))];
    lines.push(`### Seconds of training to the quality bar (budget ${budgets.join(' / ')} s)`, '');
    lines.push(
      "Training seconds (evaluation excluded; drawing the batches included) until the energy distance of 2,000 samples to 2,000 fresh data points is under 3× its noise floor (mean of 30 data-vs-data draws at n = 2,000); checked at 0.25 s and then every 15% more training (so within max(15%, 0.25 s)). A cell that does not get there within the budget: \"—\" and the energy distance at the end of the budget in noise floors (the lowest of any check in brackets). Target (issue 13): every cell within 10 s.",
      '',
    );
    lines.push(`| family | ${sets.join(' | ')} |`, `|---|${sets.map(() => '---:').join('|')}|`);
    const notes = [];
    for (const family of fams) {
      const row = sets.map((set) => {
        const c = cells.get(`quality:${family}:${set}`);
        if (!c) return '';
        if (c.note) notes.push(`${family} on ${set}: ${c.note}`);
        if (!Number.isFinite(c.trainSeconds)) return 'failed';
        const path = c.trainingPath && c.trainingPath !== 'fused' ? ` (${c.trainingPath})` : '';
        return c.reached ? `${fmt(c.trainSeconds, 2)}${path}` : `— (${fmt(c.ratio, 1)}×; ${fmt(c.bestRatio, 1)}×)${path}`;
      });
      lines.push(`| ${family} | ${row.join(' | ')} |`);
    }
    lines.push('');
    if (quality.some((c) => c.trainingPath && c.trainingPath !== 'fused')) lines.push('"(tfjs)": the family trained its networks on tfjs (it did not use the fused kernels it was given).', '');
    lines.push('Steps per second over each run:', '');
    lines.push(`| family | ${sets.join(' | ')} |`, `|---|${sets.map(() => '---:').join('|')}|`);
    for (const family of fams) lines.push(`| ${family} | ${sets.map((set) => (cells.has(`quality:${family}:${set}`) ? fmt(cells.get(`quality:${family}:${set}`).stepsPerSec, 0) : '')).join(' | ')} |`);
    lines.push('');
    if (notes.length) lines.push(...notes.map((n) => `- ${n}`), '');
    const cellOf = (c) => c.workload.slice('quality:'.length);
    const unreached = quality.filter((c) => !c.reached && UNREACHED_REASONS[cellOf(c)]);
    if (unreached.length) {
      lines.push('Why a cell stays above the bar, and what the family reaches instead:', '');
      for (const c of unreached) lines.push(`- ${cellOf(c).replace(':', ' on ')}: ${UNREACHED_REASONS[cellOf(c)]}`);
      lines.push('');
    }
  }

  const odeSteps = r.rows.filter((x) => x.workload.startsWith('ode-steps:'));
  if (odeSteps.length) {
    const first = odeSteps[0];
    lines.push('### Issue 19: flow matching against the number of ODE steps, before and after reflow', '');
    lines.push(
      `Lab defaults, ${first.trainSteps} training steps, then one reflow (4,096 pairs of noise and the model's own ODE sample, 32 Heun steps each) and ${first.trainSteps} more steps on those pairs. Energy distance of 2,000 samples to 2,000 fresh data points ÷ its noise floor (lower is better; 1 is as good as fresh data). Straightness S (Liu et al.; 0 = straight paths) of 200 noise points' paths.`,
      '',
    );
    lines.push(`| dataset | solver | S before → after | ${first.steps.map((n) => `${n} step${n === 1 ? '' : 's'}`).join(' | ')} |`, `|---|---|---|${first.steps.map(() => '---:').join('|')}|`);
    for (const row of odeSteps) {
      const set = row.workload.split(':')[2];
      const cells = row.steps.map((_, i) => `${fmt(row.before[i], 1)} → ${fmt(row.after[i], 1)}`);
      lines.push(`| ${set} | ${row.solver} | ${fmt(row.straightnessBefore, 3)} → ${fmt(row.straightnessAfter, 3)} | ${cells.join(' | ')} |`);
    }
    lines.push('');
  }
  return lines;
}
