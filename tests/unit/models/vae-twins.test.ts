import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDataset } from '../../../src/data/datasets';
import { createRng } from '../../../src/data/random';
import { initBackend } from '../../../src/models/backend';
import { loadFastKernels, type FastKernels } from '../../../src/models/fast/kernels';
import { trainSteps } from '../../../src/models/train';
import { createVae } from '../../../src/models/vae';
import { elboTerms, encoderGradient, reparameterise } from '../../../src/models/vae/elbo';
import { relError } from '../fast/rel-error';
import { describeRun, trainAndScore } from './family-checks';
import { unseenShape, unseenShapes } from './unseen-shapes';

/**
 * The VAE on its two network backends; its hand-written ELBO gradient against tfjs autodiff of
 * the same ELBO through the same networks; the non-finite messages; quality on unseen shapes.
 */
let kernels: FastKernels;

beforeAll(async () => {
  await initBackend('cpu');
  kernels = await loadFastKernels({ variant: 'simd' });
});

describe('vae: fused and tfjs networks', () => {
  for (const decoderVariance of ['per-point', 'learned', 'fixed'] as const) {
    it(`${decoderVariance} decoder variance: the same losses step for step`, () => {
      const a = createVae({ decoderVariance, seed: 4 }, { fastKernels: kernels, trainingPath: 'tfjs' });
      const b = createVae({ decoderVariance, seed: 4 }, { fastKernels: kernels });
      expect([a.trainingPath, b.trainingPath]).toEqual(['tfjs', 'fused']);
      const data = getDataset('pinwheel');
      const ra = trainSteps(a, data, 12, createRng(9), 128);
      const rb = trainSteps(b, data, 12, createRng(9), 128);
      expect(ra.ok && rb.ok).toBe(true);
      // The KL term is small at first, so float32 rounding weighs more in its relative error.
      for (const [term, tolerance] of [['loss', 1e-4], ['recon', 1e-4], ['kl', 5e-4]] as const) {
        expect(relError(rb.history.map((l) => l[term]), ra.history.map((l) => l[term]))).toBeLessThan(tolerance);
      }
      a.dispose();
      b.dispose();
    });
  }
});

describe('vae: the ELBO gradient against tfjs autodiff', () => {
  // Leaves: the encoder's output (μ, log σ²), a linear decoder m = zW + b, the decoder log-variance.
  const n = 19;
  const dim = 3;
  const L = 2;
  const beta = 0.7;
  const minLogVar = 2 * Math.log(1e-3);
  const wave = (count: number, a: number, b: number, c = 1) => Float32Array.from({ length: count }, (_, i) => c * Math.sin(a * i + b));
  const x = wave(n * dim, 1.3, 0.2, 2);
  const enc = wave(n * 2 * L, 0.77, 1.1, 0.8);
  const eps = wave(n * L, 2.1, 0.5);
  const W = wave(L * dim, 0.9, 0.3);
  const bias = wave(dim, 1.7, 0.1, 0.3);
  const decode = (encT: tf.Tensor2D) => {
    const z = tf.add(tf.slice(encT, [0, 0], [-1, L]), tf.mul(tf.exp(tf.mul(0.5, tf.slice(encT, [0, L], [-1, L]))), tf.tensor2d(eps, [n, L])));
    return tf.add(tf.matMul(z, tf.tensor2d(W, [L, dim])), tf.tensor1d(bias)) as tf.Tensor2D;
  };

  for (const perPoint of [false, true]) {
    it(`${perPoint ? 'per-point' : 'per-coordinate'} variance: ∂loss/∂(mean, log-variance) and ∂loss/∂(μ, log σ²) through z`, () => {
      // Some log-variances below the floor, where no gradient may flow.
      const logVar = perPoint ? wave(n * dim, 0.53, 0.9, 1.5).map((v, i) => (i % 7 === 3 ? minLogVar - 1 : v)) : Float32Array.from([-0.4, 0.3, minLogVar - 1]);
      const shape = { n, dim, latent: L, beta, minLogVar, perPoint };
      const tfLoss = (encT: tf.Tensor2D, mean: tf.Tensor2D, lv: tf.Tensor): tf.Scalar => {
        const v = tf.maximum(lv, minLogVar);
        const sq = tf.div(tf.square(tf.sub(tf.tensor2d(x, [n, dim]), mean)), tf.exp(v));
        const recon = tf.mul(0.5, tf.sum(tf.add(sq, tf.add(tf.mul(v, tf.onesLike(sq)), Math.log(2 * Math.PI))), 1));
        const mu = tf.slice(encT, [0, 0], [-1, L]);
        const lvq = tf.slice(encT, [0, L], [-1, L]);
        const kl = tf.mul(0.5, tf.sum(tf.sub(tf.add(tf.square(mu), tf.exp(lvq)), tf.add(1, lvq)), 1));
        return tf.add(tf.mean(recon), tf.mul(beta, tf.mean(kl))) as tf.Scalar;
      };
      const mean = tf.tidy(() => decode(tf.tensor2d(enc, [n, 2 * L])).dataSync() as Float32Array);
      const mine = elboTerms(x, enc, eps, mean, logVar, shape);
      // dz = dMean Wᵀ, as the decoder's backward pass would give (the log-variance's own part aside).
      const dz = tf.tidy(() => tf.matMul(tf.tensor2d(mine.dMean, [n, dim]), tf.tensor2d(W, [L, dim]), false, true).dataSync() as Float32Array);
      const dEnc = encoderGradient(enc, eps, dz, shape);
      tf.tidy(() => {
        const encT = tf.tensor2d(enc, [n, 2 * L]);
        const lvT = perPoint ? tf.tensor2d(logVar, [n, dim]) : tf.tensor1d(logVar);
        const meanT = tf.tensor2d(mean, [n, dim]);
        expect(Math.abs(tfLoss(encT, meanT, lvT).dataSync()[0] - mine.loss)).toBeLessThan(1e-4 * Math.abs(mine.loss));
        const [gMean, gLv] = tf.grads((m: tf.Tensor, v: tf.Tensor) => tfLoss(encT, m as tf.Tensor2D, v))([meanT, lvT]);
        expect(relError(mine.dMean, gMean.dataSync())).toBeLessThan(1e-4);
        expect(relError(mine.dLogVar, gLv.dataSync())).toBeLessThan(1e-4);
        const gEnc = tf.grad((e: tf.Tensor) => tfLoss(e as tf.Tensor2D, decode(e as tf.Tensor2D), lvT))(encT);
        expect(relError(dEnc, gEnc.dataSync())).toBeLessThan(1e-4);
      });
    });
  }

  it('reparameterise gives z = μ + e^{v/2} ε', () => {
    const z = reparameterise(enc, eps, n, L);
    expect(z[0]).toBeCloseTo(enc[0] + Math.exp(0.5 * enc[L]) * eps[0], 6);
  });
});

describe('vae: non-finite steps say what and why', () => {
  it('points at (1000, −1000) blame the data\'s scale, not the learning rate', () => {
    const model = createVae({ seed: 2 }, { fastKernels: kernels });
    const far = tf.tensor2d(Array.from({ length: 64 }, (_, i) => (i % 2 === 0 ? 1000 : -1000) + (i % 7)), [32, 2]);
    let message = '';
    for (let step = 0; step < 50 && !message; step++) {
      const r = model.trainStep(far);
      if (!r.ok) message = r.message;
    }
    expect(message).toMatch(/\|x\| = 100\d/);
    expect(message).toMatch(/standardise/);
    expect(message).not.toMatch(/learning rate is probably too high/);
    far.dispose();
    model.dispose();
  });

  it('a learning rate of 1e12 on ordinary data blames the learning rate and leaves the weights as they were', () => {
    const model = createVae({ seed: 2, learningRate: 1e12 }, { fastKernels: kernels });
    const data = getDataset('eight-gaussians');
    const probe = new Float32Array([0, 2, 2, 0]);
    let message = '';
    let before = model.encode(probe).mean;
    for (let step = 0; step < 50 && !message; step++) {
      const batch = tf.tensor2d(data.sample(128, createRng(step)), [128, 2]);
      before = model.encode(probe).mean;
      const r = model.trainStep(batch);
      batch.dispose();
      if (!r.ok) message = r.message;
    }
    expect(message).toMatch(/learning rate/);
    expect([...model.encode(probe).mean]).toEqual([...before]);
    model.dispose();
  });
});

describe('vae: shapes no default was tuned on', () => {
  for (const shape of unseenShapes) {
    it(`${shape}: the lab's defaults land within the bound`, () => {
      const model = createVae({ seed: 3 }, { fastKernels: kernels });
      // 5,000 steps: what the lab trains in a few seconds on the fused path.
      const run = trainAndScore(model, unseenShape(shape), 5000, 256);
      console.log(describeRun(`vae on ${shape}, 5000 steps`, run));
      expect(run.trainedRatio).toBeLessThan(5);
      model.dispose();
    });
  }
});
