import * as tf from '@tensorflow/tfjs-core';

/**
 * y = x·W with a hand-written gradient, for speed on the wasm backend.
 *
 * The stock gradient of matMul computes dL/dx = dy·Wᵀ and dL/dW = xᵀ·dy with matMul's transpose
 * flags. tfjs-backend-wasm 4.22 runs a transposed matMul about 4–7× slower than transposing the
 * operand first and multiplying plainly (measured on [256, 64] operands: 1.0 ms against 0.26 ms), and
 * those two products are most of a small MLP's training step. On the other backends the flags are
 * fine, so they keep them. Gradients of this gradient (for double backpropagation) are ordinary ops.
 */
const linearOp = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [x, w, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: tf.matMul(x, w) as tf.Tensor2D,
    gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
      const [xs, ws] = saved as tf.Tensor2D[];
      const g = dy;
      if (tf.getBackend() === 'wasm') {
        return [tf.matMul(g, tf.transpose(ws)), tf.matMul(tf.transpose(xs), g)];
      }
      return [tf.matMul(g, ws, false, true), tf.matMul(xs, g, true, false)];
    },
  };
});

export function linear(x: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  return linearOp(x, w);
}
