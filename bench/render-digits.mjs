/** The digits lab's table in bench/results/latest.md (rows of bench/digits.mjs). */
export function renderDigits(r) {
  const rows = r.rows.filter((x) => x.workload.startsWith('digits:'));
  if (!rows.length) return [];
  const e = r.env.digits;
  const pct = (x) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '—');
  const lines = ['## The digits lab (issue 17)', ''];
  lines.push(
    'Pretrained: the shipped weights (public/digits/, `npm run pretrain`) draw 1,000 digits from fresh noise in Node, judged by the shipped classifier ' +
      '(confident: the most likely digit above 0.9; classes present: digits making up at least 1% of the samples). ' +
      `Grid and bytes: the built /en/digits/ page in headless Chromium${e ? ` (${e.cores} cores, one thread)` : ''}, fresh profile; ms from the press to the 64 digits drawn (the page's own measure) and every byte fetched after the press (worker code, kernels, weights, classifier; sizes as decoded, before the gzip GitHub Pages applies to the code). ` +
      `From scratch: the page trains a fresh model; seconds of training until its score (the grid's 64 digits and 64 more) first reaches 50% confident with 9 classes present${e ? `, or — within ${e.scratchLimitSeconds} s` : ''} (the page scores a new grid every 1.5 s of wall time, so a figure is the first grid past the bar, up to one grid after the crossing). ` +
      'Reproduce: `npm run bench -- --digits` (after `npm run build:test`).',
    '',
    '| family | pretrained: confident | classes | spread | grid on screen (ms) | bytes after the press | from scratch: s to 50% and 9 classes | steps/s |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const x of rows) {
    const scratch = x.fromScratchSeconds === null ? `— (best ${pct(x.fromScratchBest?.confident)}, ${x.fromScratchBest?.classes ?? '—'} classes)` : x.fromScratchSeconds.toFixed(1);
    lines.push(`| ${x.workload.slice(7)} | ${pct(x.pretrainedConfident)} | ${x.classesPresent} | ${x.pretrainedSpread?.toFixed(2) ?? '—'} | ${x.pretrainedShownMs ?? '—'} | ${x.bytesShipped.toLocaleString('en')} | ${scratch} | ${x.fromScratchStepsPerSec?.toFixed(0) ?? '—'} |`);
  }
  lines.push('');
  return lines;
}
