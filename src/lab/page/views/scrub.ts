/**
 * Scrubbing through recorded trajectories (issue 14): diffusion's reverse process, the EBM's
 * Langevin chains. Frames are stacked [frame][trajectory][2] as the worker sends them
 * (fields/grid.ts stackFrames); a position between two frames is interpolated. No DOM.
 */

/**
 * The (fractional) frame of a reverse trajectory at diffusion time t of T. The frames run from
 * x_T (frame 0) to x_0 (the last), evenly spaced in t for DDIM and for ancestral sampling
 * recorded every few steps, so frame k sits at t = T (1 − k/(frames − 1)).
 */
export function frameAtTime(t: number, T: number, frames: number): number {
  if (frames <= 1 || T <= 0) return 0;
  const u = 1 - Math.max(0, Math.min(T, t)) / T;
  return u * (frames - 1);
}

/** Where every trajectory is at fractional frame `at` (clamped to the recorded frames). */
export function framePoints(stacked: Float32Array, count: number, frames: number, at: number): Float32Array {
  const f = Math.max(0, Math.min(frames - 1, at));
  const whole = Math.floor(f);
  const frac = f - whole;
  const out = stacked.slice(2 * whole * count, 2 * (whole + 1) * count);
  if (frac > 0 && whole + 1 < frames) {
    const next = 2 * (whole + 1) * count;
    for (let i = 0; i < out.length; i++) out[i] += frac * (stacked[next + i] - out[i]);
  }
  return out;
}

/** Mean distance from each point to its nearest data point: how far a cloud still is from the data. */
export function meanNearestGap(points: Float32Array, data: Float32Array): number {
  const n = points.length / 2;
  if (n === 0 || data.length < 2) return NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const x = points[2 * i];
    const y = points[2 * i + 1];
    let best = Infinity;
    for (let j = 0; j + 1 < data.length; j += 2) {
      const d = (data[j] - x) ** 2 + (data[j + 1] - y) ** 2;
      if (d < best) best = d;
    }
    sum += Math.sqrt(best);
  }
  return sum / n;
}
