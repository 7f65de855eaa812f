/** Median of a list of numbers. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Steps per second of `step`, after `warmup` untimed steps: runs until at least `minSeconds`
 * have passed and at least `minSteps` steps were taken. `sync` forces pending work to finish
 * (reads a value) so the clock stops after the work, not before.
 */
export function stepsPerSecond(step: () => void, sync: () => void, warmup: number, minSteps: number, minSeconds: number): number {
  for (let i = 0; i < warmup; i++) step();
  sync();
  const t0 = performance.now();
  let steps = 0;
  while (steps < minSteps || performance.now() - t0 < minSeconds * 1000) {
    step();
    steps++;
  }
  sync();
  return steps / ((performance.now() - t0) / 1000);
}
