import * as tf from '@tensorflow/tfjs-core';
import type { Mlp } from '../../../src/models/nn';
import { FastMlp, type FastMlpOptions, type MlpParams } from '../../../src/models/fast/fast-mlp';
import type { FastKernels } from '../../../src/models/fast/kernels';

/**
 * Moves parameters between the readable tfjs network (src/models/nn.ts) and its fused twin,
 * so the two paths can be compared in tests and a model can switch paths without losing training.
 * The only file of the fast path that imports tfjs.
 */

/** The tfjs network's parameters as plain arrays (reads them synchronously). */
export function paramsOfMlp(mlp: Mlp): MlpParams {
  return {
    weights: mlp.weights.map((w) => w.dataSync() as Float32Array),
    biases: mlp.biases.map((b) => b.dataSync() as Float32Array),
  };
}

/** A FastMlp with the same sizes, activation and current parameters as `mlp` (fresh optimiser state). */
export function fastMlpFrom(kernels: FastKernels, mlp: Mlp, options: Omit<FastMlpOptions, 'rng' | 'init'> = {}): FastMlp {
  const fast = new FastMlp(kernels, mlp.sizes, mlp.activation, options);
  fast.setParams(paramsOfMlp(mlp));
  return fast;
}

/** Writes the fast network's parameters into the tfjs network's variables (same sizes). */
export function copyToMlp(fast: FastMlp, mlp: Mlp): void {
  if (fast.sizes.join() !== mlp.sizes.join()) throw new Error('copyToMlp: the two networks have different sizes');
  writeParams(fast.getParams(), mlp);
}

/** Assigns plain-array parameters to the tfjs network's variables. */
export function writeParams(p: MlpParams, mlp: Mlp): void {
  mlp.weights.forEach((w, l) => tf.tidy(() => w.assign(tf.tensor2d(p.weights[l], [mlp.sizes[l], mlp.sizes[l + 1]]))));
  mlp.biases.forEach((b, l) => tf.tidy(() => b.assign(tf.tensor1d(p.biases[l]))));
}
