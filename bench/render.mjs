/**
 * Markdown for bench/results/latest.md from the results object of run.mjs. Rows of any origin
 * (node, torch, browser: see rows.ts) go in the same tables.
 */
import { renderLighthouse } from './lighthouse.mjs';
import { renderQuality } from './render-quality.mjs';
import { renderSoak } from './render-soak.mjs';
import { renderArena } from './render-arena.mjs';
import { renderDigits } from './render-digits.mjs';

const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '—');

export function renderMarkdown(r) {
  const lines = [];
  const m = r.machine;
  lines.push('# Benchmark: training throughput, time to quality, sampling latency and Lighthouse', '');
  lines.push(`Run ${r.started} → ${r.finished}${r.quick ? ' (quick mode)' : ''}.`, '');
  lines.push('## Machine', '');
  lines.push(`- CPU: ${m.cpu}, ${m.cores} logical cores, ${m.memoryGiB} GiB; ${m.platform}`);
  lines.push(`- Node ${m.node}; load average (1, 5, 15 min) at the start ${(r.loadAverageAtStart ?? []).join(', ')}, at the end ${m.loadAverageAtEnd.join(', ')} (other processes on the machine slow every figure)`);
  for (const [name, e] of Object.entries(r.env)) {
    if (name === 'torch') lines.push(`- PyTorch ${e.torch} (Python ${e.python}), ${e.threads} thread; BLAS: ${(e.blas ?? []).map((p) => p.split('/').pop()).join(', ') || 'unknown'}`);
    else if (name === 'fast') lines.push(`- fast path (src/models/fast): WebAssembly SIMD kernels, one thread, in Node ${e.node}; relaxed SIMD ${e.relaxedSimd}`);
    else if (name === 'fastBrowser') lines.push(`- fast path and sampling in headless Chromium ${e.chromium} (module Web Worker): relaxed SIMD ${e.relaxedSimd}, cross-origin isolated ${e.crossOriginIsolated}`);
    else if (name === 'qualityBrowser') lines.push(`- issue 13's quality table in headless Chromium ${e.chromium} (module Web Worker, one thread): relaxed SIMD ${e.relaxedSimd}, cross-origin isolated ${e.crossOriginIsolated}`);
    else if (name === 'arena') lines.push(`- arena in headless Chromium, ${e.cores} cores, site base ${e.base}, ${e.budgetSeconds} s per family; load average at the start ${(e.loadAverageAtStart ?? []).join(', ')}, at the end ${(e.loadAverageAtEnd ?? []).join(', ')}`);
    else if (name === 'soak') lines.push(`- soak in headless Chromium ${e.chromium}, ${e.cores} cores, site base ${e.base}; load average at the start ${(e.loadAverageAtStart ?? []).join(', ')}, at the end ${(e.loadAverageAtEnd ?? []).join(', ')}`);
    else if (name === 'browser') lines.push(`- lab widgets in headless Chromium ${e.chromium}, ${e.cores} cores, site base ${e.base}; load average at the start ${(e.loadAverageAtStart ?? []).join(', ')}`);
    else if (name === 'digits') lines.push(`- digits lab in headless Chromium, ${e.cores} cores, site base ${e.base}, from scratch up to ${e.scratchLimitSeconds} s per family; load average at the start ${(e.loadAverageAtStart ?? []).join(', ')}, at the end ${(e.loadAverageAtEnd ?? []).join(', ')}`);
    else lines.push(`- tfjs ${e.tfjs}, backend ${e.backend}${e.backend === 'wasm' ? ` (SIMD ${e.wasmSimd}, threads ${e.wasmThreads})` : ''}`);
  }
  lines.push('');

  const ref = r.rows.filter((x) => x.workload.startsWith('W-'));
  if (ref.length) {
    lines.push('## Reference workloads (same definition as shared/reference/bench_torch.py)', '');
    lines.push('W-diffusion: DDPM ε-prediction, MLP 3→128→128→128→2 ReLU, batch 512, Adam 1e-3, T = 100. ');
    lines.push('W-gan: G 2→64→64→2, D 2→64→64→1, batch 256, Adam 1e-3 β = (0.5, 0.999), one D + one G step per iteration.', '');
    lines.push('| workload | where | backend | steps/s (median) | runs | vs PyTorch |', '|---|---|---|---:|---|---:|');
    for (const row of ref) {
      const torch = ref.find((t) => t.where === 'torch' && t.workload === row.workload);
      const ratio = torch && row.where !== 'torch' ? `${fmt(row.stepsPerSec / torch.stepsPerSec, 3)}×` : '';
      lines.push(`| ${row.workload} | ${row.where} | ${row.backend} | ${fmt(row.stepsPerSec)} | ${(row.stepsPerSecRuns ?? []).map((x) => fmt(x)).join(', ')} | ${ratio} |`);
    }
    lines.push('', '"vs PyTorch" is tfjs steps/s ÷ PyTorch steps/s measured in this same run (1 thread).', '');
  }

  const fam = r.rows.filter((x) => x.workload.startsWith('family:'));
  if (fam.length) {
    lines.push('## Families (default configurations, 8 Gaussians)', '');
    lines.push('Time to quality: training seconds (evaluation excluded) until the energy distance of 2,000 samples to 2,000 fresh data points is below 3× the noise floor; checked after about 1 s of training, then every 15% more steps (so ±15%).', '');
    lines.push('| family | where | backend | steps/s | time to quality (s) | steps | energy distance | 3× floor |', '|---|---|---|---:|---:|---:|---:|---:|');
    for (const row of fam) {
      const q = row.quality;
      // A row without a quality figure is a throughput-only row (its note says what it measured),
      // unless it has no throughput either: then the note is the failure.
      const ttq = q ? (q.reached ? fmt(q.trainSeconds) : `not in ${fmt(q.trainSeconds, 0)}`) : row.note && !Number.isFinite(row.stepsPerSec) ? `failed: ${row.note}` : '—';
      lines.push(`| ${row.workload.slice(7)} | ${row.where} | ${row.backend} | ${fmt(row.stepsPerSec)} | ${ttq} | ${q?.steps ?? ''} | ${q ? fmt(q.energyDistance, 4) : ''} | ${q ? fmt(q.threshold, 4) : ''} |`);
    }
    lines.push('');
  }

  const browserFamilies = fam.filter((x) => x.where === 'browser' && Number.isFinite(x.fps));
  if (browserFamilies.length || r.pageWeight) {
    lines.push('## Lab widgets in the browser: frame rate and page weight', '');
    lines.push(
      'Longest main-thread task: the longest task over 50 ms (Long Tasks API) in the measuring windows while training; 0 when there was none. Target (issue 4): no task over 50 ms.',
      '',
      '| family | backend | steps/s | view fps while training | longest main-thread task (ms) | JS before Train (gzip KB) | JS after Train (gzip KB) | .wasm after Train (gzip KB) |',
      '|---|---|---:|---:|---:|---:|---:|---:|',
    );
    const kb = (b) => (Number.isFinite(b) ? (b / 1024).toFixed(1) : '—');
    for (const row of browserFamilies) {
      const family = row.workload.slice(7);
      const w = r.pageWeight?.[family];
      lines.push(`| ${family} | ${row.backend} | ${fmt(row.stepsPerSec)} | ${fmt(row.fps, 0)} | ${Number.isFinite(row.longestTaskMs) ? row.longestTaskMs : '—'} | ${kb(w?.beforeTrain?.js?.gzip)} | ${kb(w?.afterTrain?.js?.gzip)} | ${kb(w?.afterTrain?.wasm?.gzip)} |`);
    }
    lines.push('');
  }

  lines.push(...renderQuality(r));
  lines.push(...renderArena(r));
  lines.push(...renderDigits(r));

  const sampling = r.rows.filter((x) => x.workload.startsWith('sampling:'));
  if (sampling.length) {
    lines.push('## Sampling latency (default configurations, 8 Gaussians)', '');
    lines.push(`Wall time of drawing ${sampling[0].n.toLocaleString('en')} samples and reading them back to JavaScript, after ${sampling[0].trainSteps} training steps; median of the timed runs after one warm-up. Target (issue 4): under 100 ms for every family but diffusion and the autoregressive model; diffusion with DDIM under 500 ms.`, '');
    lines.push('| family | method | where | backend | ms (median) | runs (ms) | target (ms) | meets |', '|---|---|---|---|---:|---|---:|---|');
    for (const row of sampling) {
      const meets = row.targetMs === undefined || !Number.isFinite(row.ms) ? '' : row.ms < row.targetMs ? 'yes' : 'no';
      const ms = Number.isFinite(row.ms) ? fmt(row.ms) : `failed: ${row.note}`;
      lines.push(`| ${row.workload.slice(9)} | ${row.method} | ${row.where} | ${row.backend} | ${ms} | ${row.msRuns.map((x) => fmt(x)).join(', ')} | ${row.targetMs ?? '—'} | ${meets} |`);
    }
    lines.push('');
  }

  lines.push(...renderSoak(r));

  if (r.lighthouse) lines.push(...renderLighthouse(r.lighthouse));

  if (r.skipped.length) {
    lines.push('## Not measured in this run', '');
    for (const s of r.skipped) lines.push(`- ${s.part}: ${s.reason}`);
    lines.push('');
  }
  return lines.join('\n');
}
