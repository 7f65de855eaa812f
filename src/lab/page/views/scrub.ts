import type { Family } from '../../../models/types';
import type { Fields } from '../../shared/protocol';
import type { Values } from '../../shared/settings';

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

/** The first `keep` of `count` trajectories, stacked the same way (to draw a few of many). */
export function firstTrajectories(stacked: Float32Array, count: number, frames: number, keep: number): Float32Array {
  const k = Math.min(keep, count);
  const out = new Float32Array(2 * k * frames);
  for (let f = 0; f < frames; f++) out.set(stacked.subarray(2 * f * count, 2 * (f * count + k)), 2 * f * k);
  return out;
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

/**
 * What the "play" button moves the time slider through: diffusion's reverse process from t = T to
 * 0 (whole steps), flow matching's ODE from t = 0 (noise) to 1 (data). null: the family has none.
 */
export function timePlayback(family: Family, values: Values): { from: number; to: number; resolution: number } | null {
  if (family === 'diffusion') return { from: Number(values.T), to: 0, resolution: 1 };
  if (family === 'flow-matching') return { from: 0, to: 1, resolution: 0.01 };
  return null;
}

/** The fraction of the way through the recorded paths at the reader's time t, and the frames recorded. */
export function pathsAtTime(family: Family, values: Values, fields: Fields): { points: Float32Array; t: number } | null {
  if (family === 'diffusion' && fields.trajectories) {
    const tr = fields.trajectories;
    const at = frameAtTime(Number(values.t), Number(values.T), tr.frames);
    return { points: framePoints(tr.points, tr.count, tr.frames, at), t: Number(values.t) };
  }
  if (family === 'flow-matching' && fields.odePaths) {
    const p = fields.odePaths;
    const t = Math.max(0, Math.min(1, Number(values.t)));
    return { points: framePoints(p.points, p.count, p.frames, t * (p.frames - 1)), t };
  }
  return null;
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
