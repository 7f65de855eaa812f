import * as tf from '@tensorflow/tfjs-core';
import type { Likelihood, ToyModel } from '../models/types';

export interface HeldOutNll {
  /** Mean −log p(x) over the held-out points, in nats (per point, not per dimension). */
  nats: number;
  /** What the model's log p is: exact, a lower bound (so this NLL is an upper bound), grid-normalised. */
  kind: Likelihood;
  count: number;
}

/**
 * Held-out negative log-likelihood, NLL = −(1/N) Σ_i log p_model(x_i), in nats, over points the
 * model did not train on. Compared with the true entropy H(p) of the data it measures
 * KL(p‖q) ≈ NLL − H(p) ≥ 0. Evaluated in batches, each inside tf.tidy.
 * Throws when the model offers no log-density (likelihood 'none').
 */
export function heldOutNll(model: ToyModel, points: Float32Array, batchSize = 1024): HeldOutNll {
  if (!model.logDensity || model.likelihood === 'none') {
    throw new Error(`heldOutNll: the ${model.family} model offers no log-likelihood.`);
  }
  const dim = model.dim;
  const count = points.length / dim;
  if (!Number.isInteger(count) || count < 1) {
    throw new Error(`heldOutNll: expected a positive whole number of ${dim}-D points, got ${points.length} numbers.`);
  }
  // −E(x) of an energy-based model is not a log-density: score it only once normalised.
  if (model.likelihood === 'unnormalised' && !model.normalisedLogDensity) {
    throw new Error(`heldOutNll: the ${model.family} model is unnormalised and offers no normalised log-density.`);
  }
  const logDensity =
    model.likelihood === 'unnormalised' && model.normalisedLogDensity
      ? model.normalisedLogDensity.bind(model)
      : model.logDensity.bind(model);
  let sum = 0;
  for (let start = 0; start < count; start += batchSize) {
    const end = Math.min(count, start + batchSize);
    const batchSum = tf.tidy(() => {
      const x = tf.tensor2d(points.subarray(start * dim, end * dim), [end - start, dim]);
      return tf.sum(logDensity(x));
    });
    sum += batchSum.dataSync()[0];
    batchSum.dispose();
  }
  return { nats: -sum / count, kind: model.likelihood, count };
}

export interface GridBounds {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** Midpoints of a resolution × resolution grid over the bounds, row by row (y outer), interleaved. */
export function gridPoints(bounds: GridBounds, resolution: number): Float32Array {
  const out = new Float32Array(2 * resolution * resolution);
  const dx = (bounds.xMax - bounds.xMin) / resolution;
  const dy = (bounds.yMax - bounds.yMin) / resolution;
  for (let j = 0; j < resolution; j++) {
    for (let i = 0; i < resolution; i++) {
      const k = j * resolution + i;
      out[2 * k] = bounds.xMin + (i + 0.5) * dx;
      out[2 * k + 1] = bounds.yMin + (j + 0.5) * dy;
    }
  }
  return out;
}

/**
 * log Z for an energy-based model p(x) = exp(−E(x))/Z in 2-D, by the midpoint Riemann sum
 *
 *   Z = ∫ exp(−E(x)) dx ≈ Σ_ij exp(−E(x_ij)) Δx Δy,   log Z = logsumexp_ij(−E(x_ij)) + log(Δx Δy),
 *
 * over a resolution × resolution grid on the bounds (mass outside the bounds is ignored, so choose
 * bounds that hold the density). log p(x) = −E(x) − log Z is then a normalised density.
 * Evaluated in chunks of rows, each inside tf.tidy, combined by a float64 log-sum-exp.
 */
export function gridLogPartition(
  energyFn: (xy: tf.Tensor2D) => tf.Tensor1D,
  bounds: GridBounds,
  resolution: number,
  chunkPoints = 16384,
): number {
  if (!Number.isInteger(resolution) || resolution < 2) {
    throw new Error(`gridLogPartition: resolution must be an integer ≥ 2, got ${resolution}.`);
  }
  if (!(bounds.xMax > bounds.xMin && bounds.yMax > bounds.yMin)) {
    throw new Error('gridLogPartition: bounds must satisfy xMax > xMin and yMax > yMin.');
  }
  const grid = gridPoints(bounds, resolution);
  const total = resolution * resolution;
  const rowsPerChunk = Math.max(1, Math.floor(chunkPoints / resolution));
  const partial: number[] = [];
  for (let row = 0; row < resolution; row += rowsPerChunk) {
    const start = row * resolution;
    const end = Math.min(total, (row + rowsPerChunk) * resolution);
    const lse = tf.tidy(() => {
      const xy = tf.tensor2d(grid.subarray(2 * start, 2 * end), [end - start, 2]);
      return tf.logSumExp(tf.neg(energyFn(xy)));
    });
    partial.push(lse.dataSync()[0]);
    lse.dispose();
  }
  const max = Math.max(...partial);
  if (!Number.isFinite(max)) return max;
  const cell = ((bounds.xMax - bounds.xMin) / resolution) * ((bounds.yMax - bounds.yMin) / resolution);
  return max + Math.log(partial.reduce((s, v) => s + Math.exp(v - max), 0)) + Math.log(cell);
}
