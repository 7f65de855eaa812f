import * as tf from '@tensorflow/tfjs-core';
import type { Likelihood, ToyModel } from '../models/types';

export interface HeldOutNll {
  /** Mean −log p(x) over the held-out points, in nats (per point, not per dimension). */
  nats: number;
  /** What the model's log p is: exact, a lower bound (so this NLL is an upper bound), grid-normalised. */
  kind: Likelihood;
  count: number;
  /**
   * Points the model gives log p = −∞ (outside its support, e.g. outside an EBM's box). When there
   * are any, `nats` is +∞ (the honest NLL) and `natsInSupport` is the mean over the other points.
   */
  outsideSupport: number;
  natsInSupport: number;
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
  let outside = 0;
  for (let start = 0; start < count; start += batchSize) {
    const end = Math.min(count, start + batchSize);
    const lp = tf.tidy(() => logDensity(tf.tensor2d(points.subarray(start * dim, end * dim), [end - start, dim])));
    const values = lp.dataSync();
    lp.dispose();
    for (let i = 0; i < values.length; i++) {
      if (values[i] === -Infinity) outside += 1;
      else sum += values[i];
    }
  }
  const natsInSupport = outside < count ? -sum / (count - outside) : Infinity;
  return { nats: outside > 0 ? Infinity : natsInSupport, kind: model.likelihood, count, outsideSupport: outside, natsInSupport };
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
 * Evaluated in chunks of points, combined by a float64 log-sum-exp.
 */
export function gridLogPartition(
  energyFn: (xy: tf.Tensor2D) => tf.Tensor1D,
  bounds: GridBounds,
  resolution: number,
  chunkPoints = 16384,
): number {
  const energyAt = (xy: Float32Array, n: number): Float32Array =>
    tf.tidy(() => Float32Array.from(energyFn(tf.tensor2d(xy, [n, 2])).dataSync()));
  return gridPartition(energyAt, bounds, resolution, chunkPoints).logZ;
}

export interface GridPartition {
  logZ: number;
  /** E at the grid's midpoints (gridPoints order), for masses per region: p ≈ exp(−E − log Z) ΔxΔy per cell. */
  energies: Float32Array;
}

/** gridLogPartition for an energy on plain arrays (n interleaved 2-D points → n energies); also returns the energies. */
export function gridPartition(
  energyAt: (xy: Float32Array, n: number) => Float32Array,
  bounds: GridBounds,
  resolution: number,
  chunkPoints = 16384,
): GridPartition {
  if (!Number.isInteger(resolution) || resolution < 2) {
    throw new Error(`gridLogPartition: resolution must be an integer ≥ 2, got ${resolution}.`);
  }
  if (!(bounds.xMax > bounds.xMin && bounds.yMax > bounds.yMin)) {
    throw new Error('gridLogPartition: bounds must satisfy xMax > xMin and yMax > yMin.');
  }
  const grid = gridPoints(bounds, resolution);
  const total = resolution * resolution;
  const energies = new Float32Array(total);
  const chunk = Math.max(resolution, chunkPoints);
  for (let start = 0; start < total; start += chunk) {
    const end = Math.min(total, start + chunk);
    energies.set(energyAt(grid.subarray(2 * start, 2 * end), end - start).subarray(0, end - start), start);
  }
  // float64 log-sum-exp of −E
  let max = -Infinity;
  for (let i = 0; i < total; i++) if (-energies[i] > max || Number.isNaN(energies[i])) max = -energies[i];
  const cell = ((bounds.xMax - bounds.xMin) / resolution) * ((bounds.yMax - bounds.yMin) / resolution);
  if (!Number.isFinite(max)) return { logZ: max, energies };
  let sum = 0;
  for (let i = 0; i < total; i++) sum += Math.exp(-energies[i] - max);
  return { logZ: max + Math.log(sum) + Math.log(cell), energies };
}
