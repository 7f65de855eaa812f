/** The soak's table in bench/results/latest.md (rows of bench/soak.mjs). */
export function renderSoak(r) {
  const rows = r.rows.filter((x) => x.workload.startsWith('soak:'));
  if (!rows.length) return [];
  const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '—');
  const e = r.env.soak;
  const lines = ['## Soak: each lab trained for minutes in Chromium (issue 18)', ''];
  lines.push(
    `Each family's widget with its default settings on the built site${e ? ` (headless Chromium ${e.chromium}, ${e.cores} cores)` : ''}, one family after another. ` +
      'Start figures once training has run 5 s, middle figures half-way, end figures at the end of the run, each after a forced garbage collection (max: the highest of the samples taken every few seconds, uncollected garbage included); tensors: tf.memory().numTensors in the worker; ' +
      'worker heap: its JS heap (the WebAssembly memories are not in it); longest task: the longest main-thread task over 50 ms from one second after Train, with its time since Train (0: none; the forced collections’ own tasks are not counted). ' +
      'Target: tensor count flat, heaps bounded, steps rising, no task over 50 ms. Reproduce: `npm run bench -- --soak --soak-minutes 10`.',
    '',
    '| family | training path | minutes | steps (start → end) | steps/s | tensors (start → middle → end, max) | page heap MB (start → middle → end, max) | worker heap MB (start → middle → end, max) | longest task (ms) | tasks > 50 ms | note |',
    '|---|---|---:|---|---:|---|---|---|---:|---:|---|',
  );
  for (const row of rows) {
    lines.push(
      `| ${row.workload.slice(5)} | ${row.trainingPath ?? '—'} | ${fmt(row.minutes, 2)} | ${row.stepsStart} → ${row.stepsEnd} | ${fmt(row.stepsPerSec)} | ${row.tensorsStart ?? '—'} → ${row.tensorsMid ?? '—'} → ${row.tensorsEnd ?? '—'}, ${row.tensorsMax ?? '—'} | ` +
        `${fmt(row.heapStartMB)} → ${fmt(row.heapMidMB)} → ${fmt(row.heapEndMB)}, ${fmt(row.heapMaxMB)} | ${fmt(row.workerHeapStartMB)} → ${fmt(row.workerHeapMidMB)} → ${fmt(row.workerHeapEndMB)}, ${fmt(row.workerHeapMaxMB)} | ${row.longestTaskMs}${row.longestTasks?.length ? ` (at ${row.longestTasks[0].atS} s)` : ''} | ${row.longTasks ?? '—'} | ${row.note ?? ''} |`,
    );
  }
  lines.push('');
  return lines;
}
