import { FRAME } from './protocol';

/**
 * The point sets the worker evaluates models on. Pure functions, no tfjs.
 */

/** Cell centres of a size × size grid over FRAME, row-major, row j = y ascending (the GridField layout). */
export function gridPoints(size: number, range: { min: number; max: number } = FRAME): Float32Array {
  const out = new Float32Array(2 * size * size);
  const step = (range.max - range.min) / size;
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      const o = 2 * (j * size + i);
      out[o] = range.min + (i + 0.5) * step;
      out[o + 1] = range.min + (j + 0.5) * step;
    }
  }
  return out;
}

/** n evenly spaced values covering [min, max] (both ends included). */
export function linePoints(n: number, range: { min: number; max: number } = FRAME): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = range.min + ((range.max - range.min) * i) / (n - 1);
  return out;
}

/**
 * A grid of lines for warping: `lines` horizontal lines of `perLine` points (y fixed per line),
 * then `lines` vertical lines (x fixed). The layout drawGridLines (src/lab/page/render/draw.ts) reads.
 */
export function gridLines(lines: number, perLine: number, half: number): Float32Array {
  const out = new Float32Array(2 * 2 * lines * perLine);
  let o = 0;
  for (let l = 0; l < lines; l++) {
    const c = -half + (2 * half * l) / (lines - 1);
    for (let p = 0; p < perLine; p++) {
      out[o++] = -half + (2 * half * p) / (perLine - 1);
      out[o++] = c;
    }
  }
  for (let l = 0; l < lines; l++) {
    const c = -half + (2 * half * l) / (lines - 1);
    for (let p = 0; p < perLine; p++) {
      out[o++] = c;
      out[o++] = -half + (2 * half * p) / (perLine - 1);
    }
  }
  return out;
}

/** Stack equally long arrays frame-major into one (for trajectories and chains). */
export function stackFrames(frames: readonly Float32Array[]): Float32Array {
  const len = frames[0]?.length ?? 0;
  const out = new Float32Array(len * frames.length);
  frames.forEach((f, k) => out.set(f.subarray(0, len), k * len));
  return out;
}

/** Embed 2-D points in `dim` coordinates (the rest zero), or keep the first `dim` of each. */
export function embed(points2: Float32Array, dim: number): Float32Array {
  if (dim === 2) return points2;
  const n = points2.length / 2;
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    out[i * dim] = points2[2 * i];
    if (dim > 1) out[i * dim + 1] = points2[2 * i + 1];
  }
  return out;
}

/** The first two coordinates of `dim`-dimensional points (dim 1: second coordinate 0). */
export function firstTwo(points: Float32Array, dim: number): Float32Array {
  if (dim === 2) return points;
  const n = points.length / dim;
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    out[2 * i] = points[i * dim];
    out[2 * i + 1] = dim > 1 ? points[i * dim + 1] : 0;
  }
  return out;
}
