import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { createRng } from '../../../src/data/random';
import { Mlp, type Activation } from '../../../src/models/nn';
import { FastMlp } from '../../../src/models/fast/fast-mlp';
import { loadFastKernels, type FastKernels, type KernelVariant } from '../../../src/models/fast/kernels';
import { copyToMlp, fastMlpFrom, paramsOfMlp } from './tfjs-bridge';
import { relError } from './rel-error';

function randomArray(n: number, seed: number, scale = 1): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => scale * rng.normal());
}

const activations: Activation[] = ['relu', 'silu', 'tanh', 'leakyRelu', 'linear'];
const variants: KernelVariant[] = ['simd', 'relaxed'];
const kernels: Partial<Record<KernelVariant, FastKernels>> = {};

beforeAll(async () => {
  await tf.setBackend('cpu');
  for (const v of variants) kernels[v] = await loadFastKernels({ variant: v });
});

describe('FastMlp', () => {
  it('draws the same initial weights as nn.ts Mlp from the same seed', () => {
    for (const act of ['relu', 'tanh'] as Activation[]) {
      const mlp = new Mlp([3, 10, 2], act, createRng(7), 'init-check', 0.5);
      const fast = new FastMlp(kernels.simd!, [3, 10, 2], act, { rng: createRng(7), init: 'mlp', lastLayerScale: 0.5 });
      const a = paramsOfMlp(mlp);
      const b = fast.getParams();
      a.weights.forEach((w, l) => expect(Array.from(b.weights[l])).toEqual(Array.from(w)));
      a.biases.forEach((w, l) => expect(Array.from(b.biases[l])).toEqual(Array.from(w)));
      mlp.dispose();
    }
  });

  for (const variant of variants) {
    for (const act of activations) {
      it(`${variant}: forward, parameter and input gradients match tf.grad (${act})`, () => {
        // Odd widths and an odd batch exercise the padding and every tile tail of the kernels.
        const sizes = [3, 13, 24, 7, 2];
        const n = 37;
        const mlp = new Mlp(sizes, act, createRng(11), `grad-${variant}-${act}`);
        // Non-zero biases, so their gradients and the padding are tested too.
        tf.tidy(() => mlp.biases.forEach((b, l) => b.assign(tf.tensor1d(randomArray(sizes[l + 1], 100 + l, 0.3)))));
        const fast = fastMlpFrom(kernels[variant]!, mlp, { capacity: 8 });
        const x = randomArray(n * sizes[0], 1);
        const r = randomArray(n * sizes[sizes.length - 1], 2);

        // Loss = Σ out ⊙ r, so dLoss/dOut = r.
        const xT = tf.tensor2d(x, [n, sizes[0]]);
        const rT = tf.tensor2d(r, [n, sizes[sizes.length - 1]]);
        const out = tf.tidy(() => mlp.apply(xT));
        const { grads } = tf.variableGrads(() => tf.sum(tf.mul(mlp.apply(xT), rT)) as tf.Scalar, mlp.variables);
        const dx = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(mlp.apply(xx as tf.Tensor2D), rT)))(xT);

        expect(relError(fast.forward(x, n), out.dataSync())).toBeLessThan(1e-5);
        const dxFast = fast.backward(r, { inputGrad: true })!;
        expect(relError(dxFast, dx.dataSync())).toBeLessThan(1e-4);
        const g = fast.getGrads();
        mlp.weights.forEach((w, l) => expect(relError(g.weights[l], grads[w.name].dataSync())).toBeLessThan(1e-4));
        mlp.biases.forEach((b, l) => expect(relError(g.biases[l], grads[b.name].dataSync())).toBeLessThan(1e-4));

        tf.dispose([xT, rT, out, dx, ...Object.values(grads)]);
        mlp.dispose();
      });
    }
  }

  it('accumulates gradients over two half batches to those of the whole batch', () => {
    const sizes = [2, 16, 16, 1];
    const fast = new FastMlp(kernels.simd!, sizes, 'silu', { rng: createRng(3) });
    const n = 20;
    const x = randomArray(n * 2, 4);
    const r = randomArray(n, 5);
    fast.forward(x, n);
    fast.backward(r);
    const whole = fast.getGrads();
    fast.forward(x.subarray(0, 22), 11);
    fast.backward(r.subarray(0, 11));
    fast.forward(x.subarray(22), 9);
    fast.backward(r.subarray(11), { accumulate: true });
    const halves = fast.getGrads();
    whole.weights.forEach((w, l) => expect(relError(halves.weights[l], w)).toBeLessThan(1e-5));
    whole.biases.forEach((b, l) => expect(relError(halves.biases[l], b)).toBeLessThan(1e-5));
  });

  it('grows its buffers for a larger batch and keeps the padding at zero', () => {
    const fast = new FastMlp(kernels.simd!, [3, 5, 2], 'relu', { rng: createRng(1), capacity: 4 });
    const small = fast.forward(randomArray(3 * 3, 9), 3);
    const big = fast.forward(randomArray(1001 * 3, 9), 1001);
    expect(fast.capacity).toBeGreaterThanOrEqual(1001);
    expect(Array.from(big.subarray(0, 6))).toEqual(Array.from(small));
  });

  for (const variant of variants) {
    it(`${variant}: an Adam step matches tf.train.adam's update`, () => {
      const sizes = [3, 9, 8, 2];
      const mlp = new Mlp(sizes, 'tanh', createRng(21), `adam-${variant}`);
      const fast = fastMlpFrom(kernels[variant]!, mlp);
      const start = paramsOfMlp(mlp);
      const opt = tf.train.adam(0.01, 0.9, 0.99, 1e-7);
      const n = 16;
      for (let t = 1; t <= 3; t++) {
        const x = randomArray(n * 3, 30 + t);
        const r = randomArray(n * 2, 40 + t);
        const xT = tf.tensor2d(x, [n, 3]);
        const rT = tf.tensor2d(r, [n, 2]);
        opt.minimize(() => tf.sum(tf.mul(mlp.apply(xT), rT)) as tf.Scalar, false, mlp.variables);
        tf.dispose([xT, rT]);
        fast.forward(x, n);
        fast.backward(r);
        fast.adamStep(0.01, 0.9, 0.99, 1e-7, t);
      }
      const a = fast.getParams();
      const b = paramsOfMlp(mlp);
      // Compare the updates θ₃ − θ₀ (each entry moved by up to 3 × 0.01), not only the values.
      const delta = (p: Float32Array, p0: Float32Array) => p.map((v, i) => v - p0[i]);
      b.weights.forEach((w, l) => expect(relError(delta(a.weights[l], start.weights[l]), delta(w, start.weights[l]))).toBeLessThan(1e-4));
      b.biases.forEach((w, l) => expect(relError(delta(a.biases[l], start.biases[l]), delta(w, start.biases[l]))).toBeLessThan(1e-4));
      // And the way back: copying into tfjs reproduces the same values.
      copyToMlp(fast, mlp);
      const c = paramsOfMlp(mlp);
      c.weights.forEach((w, l) => expect(Array.from(w)).toEqual(Array.from(a.weights[l])));
      opt.dispose();
      mlp.dispose();
    });
  }
});

describe('FastMlp moving average', () => {
  it('averages the parameters as src/models/ema.ts does', () => {
    const fast = new FastMlp(kernels.simd!, [2, 8, 2], 'relu', { rng: createRng(4) });
    const p0 = fast.getParams();
    fast.emaReset();
    const x = randomArray(10 * 2, 6);
    const r = randomArray(10 * 2, 7);
    fast.forward(x, 10);
    fast.backward(r);
    fast.adamStep(0.1, 0.9, 0.999, 1e-8, 1);
    const p1 = fast.getParams();
    fast.emaUpdate(0.75);
    const avg = fast.getEmaParams();
    avg.weights.forEach((w, l) => w.forEach((v, i) => expect(v).toBeCloseTo(0.75 * p0.weights[l][i] + 0.25 * p1.weights[l][i], 6)));
  });
});
