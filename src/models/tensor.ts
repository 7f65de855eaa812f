import * as tf from '@tensorflow/tfjs-core';

/** Interleaved points [x0, y0, x1, y1, ...] (dim 2) → a [n, dim] tensor. The caller disposes it. */
export function toTensor(points: Float32Array, dim = 2): tf.Tensor2D {
  if (points.length % dim !== 0) {
    throw new Error(`toTensor: ${points.length} numbers do not split into rows of ${dim}.`);
  }
  return tf.tensor2d(points, [points.length / dim, dim], 'float32');
}

/** A copy of a tensor's values as a Float32Array (synchronous; does not dispose t). */
export function fromTensor(t: tf.Tensor): Float32Array {
  const v = t.dataSync();
  return v instanceof Float32Array ? Float32Array.from(v) : Float32Array.from(v as ArrayLike<number>);
}
