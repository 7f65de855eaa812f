import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDataset } from '../../../src/data/datasets';
import { createRng } from '../../../src/data/random';
import { initBackend } from '../../../src/models/backend';
import { createAutoregressive } from '../../../src/models/autoregressive';
import { categoricalConditional, mixtureConditional } from '../../../src/models/autoregressive/conditionals';
import { ConfigError } from '../../../src/models/config';
import { loadFastKernels, type FastKernels } from '../../../src/models/fast/kernels';
import { trainSteps } from '../../../src/models/train';
import { relError } from '../fast/rel-error';
import { describeRun, trainAndScore } from './family-checks';
import { unseenShape, unseenShapes } from './unseen-shapes';

/**
 * The autoregressive model on its two network backends, its hand-written conditional gradients
 * against tfjs autodiff, its cost per row, its support, and its quality on shapes no default was
 * tuned on.
 */
let kernels: FastKernels;

beforeAll(async () => {
  await initBackend('cpu');
  kernels = await loadFastKernels({ variant: 'simd' });
});

describe('autoregressive: fused and tfjs networks', () => {
  for (const conditional of ['mixture', 'categorical'] as const) {
    it(`${conditional}: the same losses step for step`, () => {
      const a = createAutoregressive({ conditional, seed: 4 }, { fastKernels: kernels, trainingPath: 'tfjs' });
      const b = createAutoregressive({ conditional, seed: 4 }, { fastKernels: kernels });
      expect([a.trainingPath, b.trainingPath]).toEqual(['tfjs', 'fused']);
      const data = getDataset('two-moons');
      const ra = trainSteps(a, data, 20, createRng(9), 128);
      const rb = trainSteps(b, data, 20, createRng(9), 128);
      expect(ra.ok && rb.ok).toBe(true);
      expect(relError(rb.history.map((l) => l.loss), ra.history.map((l) => l.loss))).toBeLessThan(1e-4);
      a.dispose();
      b.dispose();
    });
  }
});

describe('autoregressive: conditional gradients against tfjs autodiff', () => {
  const n = 23;
  const y = Float32Array.from({ length: n }, (_, i) => 2.5 * Math.sin(1.9 * i + 0.4));

  it('mixture of Gaussians (logits, means, softplus scales)', () => {
    const K = 5;
    const minStd = 0.01;
    const params = Float32Array.from({ length: n * 3 * K }, (_, i) => Math.cos(0.37 * i) * 1.5);
    const mine = mixtureConditional(K, minStd);
    const lp = new Float64Array(n);
    const grad = new Float32Array(params.length);
    mine.logDensity(params, y, 1, 0, n, lp, grad, 1);
    const [refLp, refGrad] = tf.tidy(() => {
      const p = tf.tensor2d(params, [n, 3 * K]);
      const f = (q: tf.Tensor2D) => {
        const logW = tf.logSoftmax(tf.slice(q, [0, 0], [-1, K]));
        const mu = tf.slice(q, [0, K], [-1, K]);
        const s = tf.add(tf.softplus(tf.slice(q, [0, 2 * K], [-1, K])), minStd);
        const u = tf.div(tf.sub(tf.reshape(tf.tensor1d(y), [-1, 1]), mu), s);
        return tf.logSumExp(tf.add(logW, tf.sub(tf.sub(tf.mul(-0.5, tf.square(u)), tf.log(s)), 0.5 * Math.log(2 * Math.PI))), 1);
      };
      const g = tf.grad((q: tf.Tensor) => tf.sum(f(q as tf.Tensor2D)))(p);
      return [f(p).dataSync(), g.dataSync()];
    });
    expect(relError(lp, refLp)).toBeLessThan(1e-5);
    expect(relError(grad, refGrad)).toBeLessThan(1e-4);
  });

  it('categorical bins (log-softmax, minus log width)', () => {
    const bins = 16;
    const params = Float32Array.from({ length: n * bins }, (_, i) => Math.sin(0.71 * i));
    const mine = categoricalConditional(bins, -4, 4);
    const lp = new Float64Array(n);
    const grad = new Float32Array(params.length);
    mine.logDensity(params, y, 1, 0, n, lp, grad, 1);
    const index = Array.from(y, (v) => Math.min(bins - 1, Math.floor((v + 4) / (8 / bins))));
    const [refLp, refGrad] = tf.tidy(() => {
      const f = (q: tf.Tensor2D) => tf.sub(tf.sum(tf.mul(tf.logSoftmax(q), tf.oneHot(tf.tensor1d(index, 'int32'), bins)), 1), Math.log(8 / bins));
      const p = tf.tensor2d(params, [n, bins]);
      return [f(p).dataSync(), tf.grad((q: tf.Tensor) => tf.sum(f(q as tf.Tensor2D)))(p).dataSync()];
    });
    expect(relError(lp, refLp)).toBeLessThan(1e-5);
    expect(relError(grad, refGrad)).toBeLessThan(1e-4);
  });
});

describe('autoregressive: cost and support', () => {
  it('a training step runs the same tfjs kernels at batch 64 and 4096 (no per-row op such as a tile)', async () => {
    const model = createAutoregressive({ seed: 2 }, { fastKernels: kernels, trainingPath: 'tfjs' });
    const data = getDataset('eight-gaussians');
    const kernelsAt = async (n: number): Promise<number> => {
      const batch = tf.tensor2d(data.sample(n, createRng(n)), [n, 2]);
      model.trainStep(batch); // the first step also creates Adam's slots
      const info = await tf.profile(() => {
        model.trainStep(batch);
      });
      batch.dispose();
      return info.kernels.length;
    };
    const small = await kernelsAt(64);
    const large = await kernelsAt(4096);
    expect(small).toBeGreaterThan(0);
    expect(large).toBe(small);
    model.dispose();
  });

  it('the fused step makes no tfjs tensor beyond the batch it is given', () => {
    const model = createAutoregressive({ seed: 2 }, { fastKernels: kernels });
    const batch = tf.tensor2d(getDataset('rings').sample(512, createRng(1)), [512, 2]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) expect(model.trainStep(batch).ok).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    batch.dispose();
    model.dispose();
  });

  it('the categorical density is proper: mass 1 over its range and over the plane, 0 outside', () => {
    const model = createAutoregressive({ conditional: 'categorical', bins: 32, range: [-4, 4], seed: 4 }, { fastKernels: kernels });
    trainSteps(model, getDataset('eight-gaussians'), 100, createRng(2), 256);
    const mass = (half: number, cells: number): number => {
      const step = (2 * half) / cells;
      const pts = new Float32Array(2 * cells * cells);
      for (let i = 0; i < cells; i++) for (let j = 0; j < cells; j++) pts.set([-half + (i + 0.5) * step, -half + (j + 0.5) * step], 2 * (i * cells + j));
      const lp = tf.tidy(() => model.logDensity(tf.tensor2d(pts, [cells * cells, 2])).dataSync());
      let m = 0;
      for (const v of lp) m += Math.exp(v);
      return m * step * step;
    };
    // Cells aligned with the bins' edges on [−4, 4]: the midpoint sum is exact for a piecewise-constant density.
    expect(mass(4, 128)).toBeCloseTo(1, 3);
    expect(mass(16, 512)).toBeCloseTo(1, 3);
    const far = tf.tidy(() => model.logDensity(tf.tensor2d([1e6, 0, 0, 4.5], [2, 2])).dataSync());
    expect([...far]).toEqual([-Infinity, -Infinity]);
    model.dispose();
  });

  it('training on a point outside the categorical support is refused with a ConfigError naming the range', () => {
    const model = createAutoregressive({ conditional: 'categorical', seed: 4 }, { fastKernels: kernels });
    const batch = tf.tensor2d([0, 0, 6, 1], [2, 2]);
    expect(() => model.trainStep(batch)).toThrow(ConfigError);
    expect(() => model.trainStep(batch)).toThrow(/\[-4, 4\]/);
    batch.dispose();
    model.dispose();
  });

  it('a non-finite gradient leaves the weights untouched', () => {
    const model = createAutoregressive({ seed: 4 }, { fastKernels: kernels });
    const probe = tf.tensor2d(getDataset('two-moons').sample(50, createRng(3)), [50, 2]);
    const before = model.logDensity(probe).dataSync().slice();
    const bad = tf.tensor2d([0, 0, Number.NaN, 1], [2, 2]);
    const result = model.trainStep(bad);
    expect(result.ok).toBe(false);
    expect([...model.logDensity(probe).dataSync()]).toEqual([...before]);
    tf.dispose([probe, bad]);
    model.dispose();
  });
});

describe('autoregressive: shapes no default was tuned on', () => {
  for (const shape of unseenShapes) {
    it(`${shape}: the lab's defaults land within 5× the noise floor`, () => {
      const model = createAutoregressive({ seed: 3 }, { fastKernels: kernels });
      const run = trainAndScore(model, unseenShape(shape), 2000, 256);
      console.log(describeRun(`autoregressive on ${shape}, 2000 steps`, run));
      expect(run.trainedRatio).toBeLessThan(5);
      model.dispose();
    });
  }
});
