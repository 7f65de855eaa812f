import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDataset } from '../../../src/data/datasets';
import { createRng } from '../../../src/data/random';
import { initBackend } from '../../../src/models/backend';
import { createDiffusion, type DiffusionConfig } from '../../../src/models/diffusion';
import { meanSquaredError } from '../../../src/models/regression-loss';
import { ancestralSample, ddimSample, ddimSteps, type ReverseProcess } from '../../../src/models/diffusion-samplers';
import { loadFastKernels, type FastKernels } from '../../../src/models/fast/kernels';
import { createNoise } from '../../../src/models/noise';
import { makeSchedule } from '../../../src/models/schedules';
import { trainSteps } from '../../../src/models/train';
import { relError } from '../fast/rel-error';
import { allowHeavyRuns, describeRun, expectSteadyTensorCount, expectWithinFloor, take, trainAndScore } from './family-checks';
import { unseenShape, unseenShapes } from './unseen-shapes';

/**
 * Diffusion on its two backends: one family code, the ε-network on the fused kernels or on tfjs.
 * The same seeds give the same batches, steps and noise, so the two must follow the same
 * trajectory up to float32 rounding. The samplers are checked against an independent tfjs
 * formulation (Ho's Algorithm 2 and Song et al.'s eq. 12) with the same draws.
 */
let kernels: FastKernels;

beforeAll(async () => {
  await initBackend('wasm');
  kernels = await loadFastKernels({ variant: 'simd' });
});
allowHeavyRuns();

const probe = Float32Array.from({ length: 64 }, (_, i) => 3 * Math.sin(1.7 * i + 0.3));

function twins(config: Partial<DiffusionConfig>) {
  return [createDiffusion({ seed: 4, ...config }, { fastKernels: kernels, trainingPath: 'tfjs' }), createDiffusion({ seed: 4, ...config }, { fastKernels: kernels })] as const;
}

describe('diffusion twins: fused against tfjs', () => {
  for (const config of [{}, { noise: 'gamma', activation: 'relu', emaDecay: 0 }, { prediction: 'data' }] as Partial<DiffusionConfig>[]) {
    it(`train step for step, and sample alike (${JSON.stringify(config)})`, () => {
      const [plain, fused] = twins(config);
      expect([plain.trainingPath, fused.trainingPath]).toEqual(['tfjs', 'fused']);
      const dataset = getDataset('eight-gaussians');
      const a = trainSteps(plain, dataset, 20, createRng(11), 128);
      const b = trainSteps(fused, dataset, 20, createRng(11), 128);
      expect(a.ok && b.ok).toBe(true);
      expect(relError(b.history.map((l) => l.loss), a.history.map((l) => l.loss))).toBeLessThan(1e-4);
      for (const t of [1, 50, 100]) expect(relError(fused.predictNoise(probe, t), plain.predictNoise(probe, t))).toBeLessThan(1e-4);
      // The samplers read the same networks: the same draws give the same samples.
      expect(relError(take(fused.sampleDdim(200, 10)), take(plain.sampleDdim(200, 10)))).toBeLessThan(1e-3);
      expect(relError(take(fused.sampleDdim(200, 10, 1)), take(plain.sampleDdim(200, 10, 1)))).toBeLessThan(1e-3);
      expect(relError(take(fused.sample(200)), take(plain.sample(200)))).toBeLessThan(1e-3);
      for (const options of [{ every: 25 }, { sampler: 'ddim', steps: 10, eta: 1 }] as const) {
        const [ta, tb] = [plain.reverseTrajectories(50, options), fused.reverseTrajectories(50, options)];
        expect(tb.length).toBe(ta.length);
        for (let i = 0; i < ta.length; i++) expect(relError(tb[i], ta[i])).toBeLessThan(1e-3);
      }
      plain.dispose();
      fused.dispose();
    });
  }

  it('the fused path keeps the tensor count steady while training and sampling', () => {
    const fused = createDiffusion({ seed: 4 }, { fastKernels: kernels });
    expectSteadyTensorCount(fused, 64, () => {
      take(fused.sample(16));
      take(fused.sampleDdim(16, 5));
    });
  });
});

describe('diffusion: the loss against tfjs autodiff', () => {
  it('meanSquaredError: value and dL/dε_θ match tf.grad of mean (ε_θ − ε)²', () => {
    const rng = createRng(3);
    const pred = Float32Array.from({ length: 96 }, () => 2 * rng.normal());
    const target = Float32Array.from({ length: 96 }, () => rng.normal());
    const dOut = new Float32Array(96);
    const value = meanSquaredError(pred, target, dOut);
    const [v, g] = tf.tidy(() => {
      const y = tf.tensor2d(target, [48, 2]);
      const f = (p: tf.Tensor) => tf.mean(tf.square(tf.sub(p, y)));
      const p = tf.tensor2d(pred, [48, 2]);
      return [f(p).dataSync()[0], Float32Array.from(tf.grad(f)(p).dataSync())];
    });
    expect(Math.abs(value - v) / v).toBeLessThan(1e-4);
    expect(relError(dOut, g)).toBeLessThan(1e-4);
  });
});

/**
 * The reference samplers, written with tfjs as the old model did: Ho's Algorithm 2,
 * x_{t−1} = (x_t − β_t/√(1 − ᾱ_t) ε_θ)/√α_t + σ_t z (no clipping), and DDIM eq. 12 with eq. 16's σ.
 * `noiseScale` scales σ (1: the method; 1.1: a 10% error the comparison must catch).
 */
function referenceAncestral(p: ReverseProcess, eps: (x: Float32Array, n: number, t: number) => Float32Array, n: number, noiseScale: number): Float32Array {
  const { betas, alphas, alphaBars, posteriorVariances, T } = p.schedule;
  let x = tf.tensor2d(p.noise.draw(T, n * p.dim, p.rng), [n, p.dim]);
  for (let t = T; t >= 1; t--) {
    const e = tf.tensor2d(eps(x.dataSync() as Float32Array, n, t), [n, p.dim]);
    const sigma = t === 1 ? 0 : noiseScale * Math.sqrt(p.variance === 'posterior' ? posteriorVariances[t] : betas[t]);
    const z = t > 1 ? tf.tensor2d(p.noise.draw(t - 1, n * p.dim, p.rng), [n, p.dim]) : tf.zeros([n, p.dim]);
    const next = tf.tidy(() => tf.add(tf.div(tf.sub(x, tf.mul(e, betas[t] / Math.sqrt(1 - alphaBars[t]))), Math.sqrt(alphas[t])), tf.mul(z, sigma)) as tf.Tensor2D);
    tf.dispose([x, e, z]);
    x = next;
  }
  return take(x);
}

function referenceDdim(p: ReverseProcess, eps: (x: Float32Array, n: number, t: number) => Float32Array, n: number, steps: number, eta: number, noiseScale: number): Float32Array {
  const { alphaBars, T } = p.schedule;
  const tau = ddimSteps(T, steps);
  let x = tf.tensor2d(p.noise.draw(T, n * p.dim, p.rng), [n, p.dim]);
  for (let i = tau.length - 1; i >= 1; i--) {
    const [t, prev] = [tau[i], tau[i - 1]];
    const [aT, aPrev] = [alphaBars[t], alphaBars[prev]];
    const sigma = eta * Math.sqrt((1 - aPrev) / (1 - aT)) * Math.sqrt(1 - aT / aPrev);
    const z = sigma > 0 && prev >= 1 ? p.noise.draw(prev, n * p.dim, p.rng) : null;
    const e = tf.tensor2d(eps(x.dataSync() as Float32Array, n, t), [n, p.dim]);
    const next = tf.tidy(() => {
      let x0 = tf.div(tf.sub(x, tf.mul(e, Math.sqrt(1 - aT))), Math.sqrt(aT));
      // Clipped, the direction term uses the noise the clipped x̂_0 implies (GLIDE; diffusers' use_clipped_model_output).
      let eUsed: tf.Tensor = e;
      if (p.clip > 0) {
        x0 = tf.clipByValue(x0, -p.clip, p.clip);
        eUsed = tf.div(tf.sub(x, tf.mul(x0, Math.sqrt(aT))), Math.sqrt(1 - aT));
      }
      let out = tf.add(tf.mul(x0, Math.sqrt(aPrev)), tf.mul(eUsed, Math.sqrt(Math.max(0, 1 - aPrev - sigma * sigma))));
      if (z) out = tf.add(out, tf.mul(tf.tensor2d(z, [n, p.dim]), noiseScale * sigma));
      return out as tf.Tensor2D;
    });
    tf.dispose([x, e]);
    x = next;
  }
  return take(x);
}

describe('diffusion samplers against the tfjs reference', () => {
  const schedule = makeSchedule('linear', 100);
  const noise = createNoise('gaussian', schedule);
  // A smooth stand-in for ε_θ, so the chains stay in range and every step matters.
  const eps = (x: Float32Array, n: number, t: number) => Float32Array.from(x, (v, k) => 0.6 * Math.tanh(v) + 0.1 * Math.sin(k + t));
  const process = (seed: number, clip: number): ReverseProcess => ({ schedule, noise, rng: createRng(seed), dim: 2, variance: 'posterior', clip });

  it('ancestral (unclipped) equals Ho Algorithm 2 step for step; a 10% change in σ_t fails the comparison', () => {
    const ours = ancestralSample(process(5, 0), eps, 300).x;
    expect(relError(ours, referenceAncestral(process(5, 0), eps, 300, 1))).toBeLessThan(1e-4);
    expect(relError(ours, referenceAncestral(process(5, 0), eps, 300, 1.1))).toBeGreaterThan(1e-2);
  });

  it('DDIM (clipped, η = 0 and η = 1) equals eq. 12 step for step; a 10% change in its noise term fails', () => {
    for (const eta of [0, 1]) {
      const ours = ddimSample(process(6, 4), eps, 300, 10, eta).x;
      expect(relError(ours, referenceDdim(process(6, 4), eps, 300, 10, eta, 1))).toBeLessThan(1e-4);
    }
    const ours = ddimSample(process(6, 4), eps, 300, 10, 1).x;
    expect(relError(ours, referenceDdim(process(6, 4), eps, 300, 10, 1, 1.1))).toBeGreaterThan(1e-2);
  });

  it('both record frames from x_T to x_0, the last being the samples', () => {
    const a = ancestralSample(process(7, 4), eps, 20, 10);
    expect(a.frames.length).toBe(1 + 100 / 10);
    expect(Array.from(a.frames[a.frames.length - 1])).toEqual(Array.from(a.x));
    const d = ddimSample(process(7, 4), eps, 20, 8, 0, true);
    expect(d.frames.length).toBe(9);
    expect(Array.from(d.frames[0])).toEqual(Array.from(noise.draw(100, 40, createRng(7))));
    expect(Array.from(d.frames[8])).toEqual(Array.from(d.x));
  });
});

describe('diffusion: failure and robustness', () => {
  it('an untrained model draws a finite, modest sample (clipped x̂_0): step-0 energy distance of the data\'s size', () => {
    for (const seed of [1, 2]) {
      const model = createDiffusion({ seed }, { fastKernels: kernels });
      const x = take(model.sample(2000));
      expect(x.every((v) => Math.abs(v) <= model.config.denoisedClip + 1e-3)).toBe(true);
      const run = trainAndScore(model, 'eight-gaussians', 0, 256);
      console.log(`diffusion untrained, seed ${seed}: ${run.untrainedRatio.toFixed(1)}× floor`);
      // Unclipped, this was 1e5–1e9 times the floor (|x| up to 1e8); clipped, the draws fill the box.
      expect(run.untrained.energyDistance).toBeLessThan(10);
      expect(run.untrainedRatio).toBeLessThan(5000);
      model.dispose();
    }
  });

  it('a non-finite loss or gradient leaves the weights untouched, on either backend', () => {
    for (const trainingPath of ['fused', 'tfjs'] as const) {
      const model = createDiffusion({ seed: 2, emaDecay: 0 }, { fastKernels: kernels, trainingPath });
      const messages: string[] = [];
      for (const scale of [1e15, 1e18, 1e19, 1e20, 1e25, 1e30, NaN]) {
        const before = model.predictNoise(probe, 10);
        const batch = tf.tensor2d(Float32Array.from({ length: 64 }, (_, i) => (i === 5 ? scale : Math.sin(i))), [32, 2]);
        const r = model.trainStep(batch);
        batch.dispose();
        if (!r.ok) {
          messages.push(r.message);
          expect(Array.from(model.predictNoise(probe, 10))).toEqual(Array.from(before));
        }
      }
      // At least one step failed on its gradient with a finite loss, and one on the loss itself.
      expect(messages.some((m) => m.startsWith('A gradient'))).toBe(true);
      expect(messages.some((m) => m.startsWith('The loss'))).toBe(true);
      model.dispose();
    }
  });

  for (const shape of unseenShapes) {
    it(`${shape}: within 5× the noise floor with the lab's defaults`, () => {
      const model = createDiffusion({ seed: 1 }, { fastKernels: kernels });
      const run = trainAndScore(model, unseenShape(shape), 3000, model.config.batchSize);
      console.log(describeRun(`diffusion on ${shape}, 3000 steps`, run));
      expectWithinFloor(run, 5);
      model.dispose();
    });
  }
});
