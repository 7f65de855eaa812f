import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../data/random';
import { linear } from './linear';

export type Activation = 'relu' | 'tanh' | 'silu' | 'leakyRelu' | 'linear';

/**
 * A plain multi-layer perceptron owned as tf.Variables, so every family builds its networks
 * from one helper (GAN Lab wrote the same layer loop twice; we write it once).
 * sizes = [in, hidden..., out]; the activation applies between layers, never after the last.
 */
export class Mlp {
  readonly weights: tf.Variable[] = [];
  readonly biases: tf.Variable[] = [];

  constructor(
    readonly sizes: number[],
    readonly activation: Activation,
    rng: Rng,
    readonly name = 'mlp',
    /** Scale of the last layer's initial weights; 0 makes the network start as a constant. */
    lastLayerScale = 1,
  ) {
    if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
      throw new Error(`${name}: layer sizes must be positive integers, got [${sizes.join(', ')}]`);
    }
    for (let i = 0; i + 1 < sizes.length; i++) {
      const fanIn = sizes[i];
      const fanOut = sizes[i + 1];
      // He/Glorot-style uniform init: U(-a, a) with a = sqrt(6 / fan_in) for ReLU-like, sqrt(3/fan_in) otherwise.
      const a = (activation === 'tanh' || activation === 'linear' ? Math.sqrt(3 / fanIn) : Math.sqrt(6 / fanIn)) *
        (i + 2 === sizes.length ? lastLayerScale : 1);
      const w = new Float32Array(fanIn * fanOut);
      for (let j = 0; j < w.length; j++) w[j] = (2 * rng.uniform() - 1) * a;
      // tf.variable copies its initial value; tidy frees the temporary tensors (variables survive tidy).
      this.weights.push(tf.tidy(() => tf.variable(tf.tensor2d(w, [fanIn, fanOut]), true, `${name}/w${i}`)));
      this.biases.push(tf.tidy(() => tf.variable(tf.zeros([fanOut]), true, `${name}/b${i}`)));
    }
  }

  get variables(): tf.Variable[] {
    return [...this.weights, ...this.biases];
  }

  /** Forward pass; call inside tf.tidy (or a gradient closure). */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    let h: tf.Tensor2D = x;
    for (let i = 0; i < this.weights.length; i++) {
      h = tf.add(linear(h, this.weights[i] as tf.Tensor2D), this.biases[i]) as tf.Tensor2D;
      if (i + 1 < this.weights.length) h = activate(h, this.activation);
    }
    return h;
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}

export function activate(x: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  switch (activation) {
    case 'relu':
      return tf.relu(x);
    case 'tanh':
      return tf.tanh(x);
    case 'silu':
      return tf.mul(x, tf.sigmoid(x)) as tf.Tensor2D;
    case 'leakyRelu':
      return tf.leakyRelu(x, 0.2);
    case 'linear':
      return x;
  }
}
