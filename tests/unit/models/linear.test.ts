import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { initBackend } from '../../../src/models/backend';
import { linear } from '../../../src/models/linear';

/** Gradients (first and second order, as a gradient penalty needs) of a tiny two-layer net. */
function penaltyGrads(mm: (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D, x: tf.Tensor2D, w: tf.Variable, v: tf.Variable): number[] {
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => {
      const gx = tf.grad((xx: tf.Tensor) => tf.sum(mm(tf.tanh(mm(xx as tf.Tensor2D, w as tf.Tensor2D)), v as tf.Tensor2D)))(x);
      return tf.sum(tf.square(gx)) as tf.Scalar;
    }, [w, v]);
    return [value.dataSync()[0], ...grads[w.name].dataSync(), ...grads[v.name].dataSync()];
  });
}

describe('linear (matMul with a wasm-friendly gradient)', () => {
  it.each(['wasm', 'cpu'] as const)('%s: value, gradient and gradient of gradient equal tf.matMul', async (backend) => {
    await initBackend(backend);
    const x = tf.randomNormal([5, 3], 0, 1, 'float32', 1) as tf.Tensor2D;
    const w = tf.variable(tf.randomNormal([3, 4], 0, 1, 'float32', 2));
    const v = tf.variable(tf.randomNormal([4, 1], 0, 1, 'float32', 3));
    const before = tf.memory().numTensors;
    const expected = penaltyGrads((a, b) => tf.matMul(a, b), x, w, v);
    const got = penaltyGrads(linear, x, w, v);
    expect(tf.memory().numTensors).toBe(before);
    expect(got.length).toBe(expected.length);
    got.forEach((g, i) => expect(g).toBeCloseTo(expected[i], 4));
    tf.dispose([x, w, v]);
  });
});
