/** The arena's tables in bench/results/latest.md (rows of bench/arena.mjs), one per dataset. */
export function renderArena(r) {
  const rows = r.rows.filter((x) => x.workload.startsWith('arena:'));
  if (!rows.length) return [];
  // The page's own words for each kind (src/lab/shared/arena-words.ts, likelihoodKinds).
  const kinds = { exact: 'exact', 'lower-bound': 'ELBO upper bound', unnormalised: 'grid-normalised' };
  const fmt = (x, d = 1) => (x === null || x === undefined ? '—' : Number.isFinite(x) ? x.toFixed(d) : String(x));
  const e = r.env.arena;
  const lines = ['## The arena in Chromium (issue 16)', ''];
  lines.push(
    `The built /en/arena/ page, driven as a reader would${e ? ` (headless Chromium, ${e.cores} cores, ${e.budgetSeconds} s of training per family, seed 1)` : ''}: the families train one after another in one worker, each for the same training time (evaluation excluded); the table is the page's own JSON export. ` +
      'NLL: held-out, 2,000 points, nats (exact, an upper bound for the lower-bound families, grid-normalised for the EBM; the GAN has none). Energy distance: 1,000 samples against 1,000 fresh data points, with the noise floor at the same n. ' +
      'Reproduce: `npm run bench -- --arena` (after `npm run build:test`).',
    '',
  );
  for (const dataset of [...new Set(rows.map((x) => x.workload))]) {
    const spread = e?.shareSpread?.[dataset.slice(6)];
    lines.push(`### ${dataset.slice(6)}${Number.isFinite(spread) ? ` (shares of training time within ${(100 * spread).toFixed(1)}%)` : ''}`, '');
    lines.push('| family | steps | ms/step | ms per 1,000 samples | held-out NLL (kind) | entropy | energy distance | noise floor | ÷ floor |', '|---|---:|---:|---:|---|---:|---:|---:|---:|');
    for (const x of rows.filter((y) => y.workload === dataset)) {
      lines.push(`| ${x.family} | ${x.steps} | ${fmt(x.msPerStep, 2)} | ${fmt(x.msPer1000Samples, 1)} | ${x.nll === null ? 'none (no likelihood)' : `${fmt(x.nll, 3)} (${kinds[x.nllKind] ?? x.nllKind})`} | ${fmt(x.entropy, 3)} | ${fmt(x.energyDistance, 4)} | ${fmt(x.noiseFloor, 4)} | ${fmt(x.energyDistance / x.noiseFloor, 2)}${x.diverged ? ` (stopped: ${x.diverged})` : ''} |`);
    }
    lines.push('');
  }
  return lines;
}
