/**
 * Merging a partial run into bench/results/latest.json (run.mjs `--only quality`, or a full run
 * with `--no-quality`): fresh rows replace the rows they measure again, every other row stays.
 */

/** What a row measures: its workload, where, backend (quality rows have none) and family (the arena's rows share a workload). */
const keyOf = (row) => `${row.workload}|${row.where}|${row.backend ?? ''}|${row.family ?? ''}`;

/** The old rows that the fresh ones do not measure again, then the fresh rows. */
export function mergeRows(oldRows, freshRows) {
  const fresh = new Set(freshRows.map(keyOf));
  return [...oldRows.filter((row) => !fresh.has(keyOf(row))), ...freshRows];
}

/** Rows of the quality part (bench/quality-bench.ts, bench/ode-steps-bench.ts): the quality table, the per-family steps/s, flow matching's ODE steps. */
export const isQualityPartRow = (row) => row.workload.startsWith('quality:') || row.workload.startsWith('throughput:') || row.workload.startsWith('ode-steps:');

/** Rows of the soak (bench/soak.mjs, `npm run bench -- --soak`). */
export const isSoakRow = (row) => row.workload.startsWith('soak:');

/** Rows of the arena (bench/arena.mjs, `npm run bench -- --arena`). */
export const isArenaRow = (row) => row.workload.startsWith('arena:');
export const isDigitsRow = (row) => row.workload.startsWith('digits:');
