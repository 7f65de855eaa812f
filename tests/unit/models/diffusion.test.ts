import { beforeAll, describe, expect, it } from 'vitest';
import { getDataset } from '../../../src/data/datasets';
import { createRng } from '../../../src/data/random';
import { energyDistance } from '../../../src/metrics/energy-distance';
import { createDiffusion } from '../../../src/models/diffusion';
import { loadFastKernels, type FastKernels } from '../../../src/models/fast/kernels';
import { createNoise, noiseDefaults } from '../../../src/models/noise';
import { makeSchedule } from '../../../src/models/schedules';
import { cachedNoiseFloor } from '../../../src/models/report';
import {
  expectConfigErrors,
  expectDisposeFreesAll,
  expectNonFiniteReport,
  expectSteadyTensorCount,
  expectTwoMoonsWithinFloor,
  expectWithinFloor,
  fitOnEightGaussians,
  take,
  train,
  uniformBatch,
  withBatch,
  withModel,
} from './family-checks';

/**
 * Quality bar: energy distance of 2,000 samples to 2,000 fresh points below M × the noise floor
 * (two fresh data sets score 1×). An untrained DDPM's draws fill the clipping box and score far
 * above (several hundred times); trained for the steps below it scores about 1.5–3×.
 */
const M = 5;

function moments(v: Float32Array | Float64Array): { mean: number; variance: number; skewness: number } {
  let mean = 0;
  for (const x of v) mean += x;
  mean /= v.length;
  let m2 = 0;
  let m3 = 0;
  for (const x of v) {
    m2 += (x - mean) ** 2;
    m3 += (x - mean) ** 3;
  }
  m2 /= v.length;
  m3 /= v.length;
  return { mean, variance: m2, skewness: m3 / m2 ** 1.5 };
}

function ratioToFloor(samples: Float32Array, datasetName: string, seed: number): number {
  const dataset = getDataset(datasetName);
  const data = dataset.sample(samples.length / 2, createRng(seed));
  return energyDistance(samples, data) / cachedNoiseFloor(dataset, samples.length / 2).mean;
}

// The quality tests train on the fused path (the default), SIMD variant pinned; diffusion-twins.test.ts compares it with tfjs.
let kernels: FastKernels;
beforeAll(async () => {
  kernels = await loadFastKernels({ variant: 'simd' });
});

const fit = fitOnEightGaussians(() => createDiffusion({ seed: 1 }, { fastKernels: kernels }), 1500, 'diffusion (DDPM, ancestral)');

describe('diffusion: quality', () => {
  it('eight Gaussians: ancestral samples within M × noise floor; the untrained model is not', () => {
    expectWithinFloor(fit.run, M);
  });

  it('eight Gaussians: DDIM (20 steps, η = 0) reaches the same bound', () => {
    const ratio = ratioToFloor(take(fit.model.sampleDdim(2000, 20)), 'eight-gaussians', 31);
    console.log(`diffusion DDIM 20 steps on eight-gaussians: ${ratio.toFixed(2)}× floor`);
    expect(ratio).toBeLessThan(M);
  });

  it('eight Gaussians: the ELBO is a bound on log p, near but not below the entropy', () => {
    // Held-out NLL bound = −mean ELBO ≥ −mean log p ≈ entropy (up to Monte-Carlo error of ~0.05).
    const h = getDataset('eight-gaussians').entropy!.nats;
    const nll = fit.run.trained.nll!;
    console.log(`diffusion ELBO bound on eight-gaussians: NLL ≤ ${nll.nats.toFixed(3)} nats (entropy ${h.toFixed(3)})`);
    expect(nll.kind).toBe('lower-bound');
    expect(nll.nats).toBeGreaterThan(h - 0.05);
    // A T = 100 DDPM trained on L_simple has a loose bound (Ho et al. report the same on images).
    expect(nll.nats).toBeLessThan(h + 3.5);
    expect(fit.run.untrained.nll!.nats).toBeGreaterThan(nll.nats + 1);
  });

  it('two moons: samples within M × noise floor; the untrained model is not', () => {
    expectTwoMoonsWithinFloor(() => createDiffusion({ seed: 2 }), 1000, 'diffusion (DDPM, ancestral)', M);
  });

  it('predicting x_0 instead of the noise (the digits lab\'s form; slower to settle on 2-D data, 2,000 steps): two moons within M × noise floor', () => {
    expectTwoMoonsWithinFloor(() => createDiffusion({ seed: 2, prediction: 'data' }, { fastKernels: kernels }), 2000, 'diffusion (x_0 prediction, ancestral)', M);
  });
});

describe('diffusion: forward process and noise', () => {
  const x0 = getDataset('eight-gaussians').sample(20000, createRng(4));

  it.each(['gaussian', 'gamma', 'mixture'] as const)('%s: forward(x0, T) is the unit-variance noise, forward(x0, 0) is x0', (noise) => {
    const model = createDiffusion({ noise, seed: 3 });
    try {
      const T = model.config.T;
      const m = moments(model.forward(x0, T));
      expect(Math.abs(m.mean)).toBeLessThan(0.03);
      expect(Math.abs(m.variance - 1)).toBeLessThan(0.04);
      expect(Array.from(model.forward(x0.subarray(0, 10), 0))).toEqual(Array.from(x0.subarray(0, 10)));
      // At a middle step, x_t − √ᾱ_t x0 has mean 0 and variance 1 − ᾱ_t.
      const schedule = makeSchedule(model.config.schedule, T);
      const t = Math.round(T / 3);
      const xt = model.forward(x0, t);
      const resid = new Float64Array(xt.length);
      for (let i = 0; i < xt.length; i++) resid[i] = xt[i] - Math.sqrt(schedule.alphaBars[t]) * x0[i];
      const r = moments(resid);
      expect(Math.abs(r.mean)).toBeLessThan(0.02);
      expect(r.variance / (1 - schedule.alphaBars[t])).toBeCloseTo(1, 1);
    } finally {
      model.dispose();
    }
  });

  it('Gamma and mixture noise: mean 0, variance 1, and the intended shape', () => {
    const T = 100;
    const schedule = makeSchedule('linear', T);
    const rng = createRng(12);
    const gamma = createNoise('gamma', schedule, noiseDefaults);
    // (At t = 1 the shape k̄_1 ≈ 0.1 is so skewed that a sample variance of 10⁵ draws is itself noisy.)
    for (const t of [10, 50, 100]) {
      const m = moments(gamma.draw(t, 100000, rng));
      // Standardised Γ(k̄_t): skewness 2/√k̄_t, k̄_t = (1/ᾱ_t − 1)/θ0² (noise.ts).
      const kBar = (1 / schedule.alphaBars[t] - 1) / noiseDefaults.gammaTheta0 ** 2;
      expect(Math.abs(m.mean)).toBeLessThan(0.02);
      expect(m.variance).toBeCloseTo(1, 1);
      expect(m.skewness).toBeCloseTo(2 / Math.sqrt(kBar), 1);
    }
    // Most of the mass of a small-shape Gamma sits just below its mean: the noise is lopsided.
    const first = gamma.draw(1, 100000, rng);
    expect(Math.abs(moments(first).mean)).toBeLessThan(0.03);
    expect(first.filter((v) => v < 0).length / first.length).toBeGreaterThan(0.7);
    const mixture = createNoise('mixture', schedule, { ...noiseDefaults, mixtureWeight: 0.3, mixtureSigmaStart: 0.4, mixtureSigmaEnd: 0.8 });
    for (const t of [1, 50, 100]) {
      const m = moments(mixture.draw(t, 100000, rng));
      expect(Math.abs(m.mean)).toBeLessThan(0.02);
      expect(m.variance).toBeCloseTo(1, 1);
    }
    // Component width 0.4 at t = 1: two well separated modes, μ₁ = √((1 − 0.16)·0.7/0.3) ≈ 1.40 and
    // μ₂ = −0.3·μ₁/0.7 ≈ −0.60, so almost no mass lies midway between them, near 0.4.
    const early = mixture.draw(1, 100000, rng);
    const nearMu1 = early.filter((v) => Math.abs(v - 1.4) < 0.4).length / early.length;
    const between = early.filter((v) => Math.abs(v - 0.4) < 0.1).length / early.length;
    expect(nearMu1).toBeGreaterThan(0.2);
    expect(between).toBeLessThan(0.03);
  });

  it('schedules: the linear betas span Ho et al.’s range scaled to T; the cosine ᾱ follows Nichol & Dhariwal', () => {
    const lin = makeSchedule('linear', 1000);
    expect(lin.betas[1]).toBeCloseTo(1e-4, 8);
    expect(lin.betas[1000]).toBeCloseTo(0.02, 8);
    const short = makeSchedule('linear', 100);
    expect(short.betas[1]).toBeCloseTo(1e-3, 8);
    expect(short.alphaBars[100]).toBeLessThan(1e-4);
    const cos = makeSchedule('cosine', 100);
    const f = (t: number) => Math.cos(((t / 100 + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
    expect(cos.alphaBars[50]).toBeCloseTo(f(50) / f(0), 6);
    expect(cos.alphaBars[100]).toBeLessThan(1e-3);
    for (let t = 2; t <= 100; t++) expect(cos.posteriorVariances[t]).toBeLessThan(cos.betas[t]);
  });

  it('non-Gaussian noise trains too (Gamma, 1000 steps) and its samples approach the data', () => {
    const model = createDiffusion({ noise: 'gamma', seed: 5 });
    try {
      expect(model.likelihood).toBe('none');
      expect(model.logDensity).toBeUndefined();
      train(model, 1000, model.config.batchSize, 13);
      const ratio = ratioToFloor(take(model.sample(2000)), 'eight-gaussians', 17);
      console.log(`diffusion with Gamma noise, 1000 steps on eight-gaussians: ${ratio.toFixed(2)}× floor`);
      expect(ratio).toBeLessThan(2 * M);
    } finally {
      model.dispose();
    }
  });
});

describe('diffusion: widget views', () => {
  it('reverse trajectories run from x_T to x_0; predictNoise and score have the right shape and relation', () => {
    const chains = fit.model.reverseTrajectories(50, { every: 25 });
    expect(chains.length).toBe(1 + fit.model.config.T / 25);
    for (const c of chains) expect(c.length).toBe(100);
    const pts = new Float32Array(20).fill(0.3);
    const eps = fit.model.predictNoise(pts, 10);
    const score = fit.model.score(pts, 10);
    const ab = makeSchedule(fit.model.config.schedule, fit.model.config.T).alphaBars[10];
    for (let i = 0; i < eps.length; i++) expect(score[i]).toBeCloseTo(-eps[i] / Math.sqrt(1 - ab), 4);
  });
});

describe('diffusion: resources and failure', () => {
  it('holds the tensor count over 200 more training steps and after every sampler and view', () => {
    const model = createDiffusion({ seed: 6 });
    expectSteadyTensorCount(model, 128, () => {
      take(model.sample(50));
      take(model.sampleDdim(50, 10, 0));
      take(model.sampleDdim(50, 10, 1));
      withBatch(50, (x) => take(model.logDensity!(x)));
      const pts = new Float32Array(40).fill(0.5);
      model.forward(pts, 30);
      model.reverseTrajectories(10, { every: 50 });
      model.reverseTrajectories(10, { sampler: 'ddim', steps: 5, eta: 1 });
      model.predictNoise(pts, 5);
      model.score(pts, 5);
    });
  });

  it('dispose frees every variable, the EMA copy and the optimiser state', () => {
    expectDisposeFreesAll(() => createDiffusion({ seed: 7 }));
  });

  it('reports a non-finite loss at a diverging learning rate instead of throwing', () => {
    // Adam moves each weight by about the learning rate per step whatever the gradient. At 10 to 1000
    // the silu units mostly die (large negative inputs) and the loss stays finite, if useless; at 1e4
    // the first update overflows float32.
    withModel(createDiffusion({ learningRate: 1e4, seed: 8 }), (model) => expectNonFiniteReport(model, 100));
  });

  it('rejects nonsense configurations with a ConfigError naming the field', () => {
    expectConfigErrors(createDiffusion, [
      [{ T: 0 }, /T/],
      [{ prediction: 'score' as never }, /prediction/],
      [{ hidden: 0 }, /hidden/],
      [{ learningRate: -1 }, /learningRate/],
      [{ schedule: 'quadratic' as never }, /schedule/],
      [{ noise: 'cauchy' as never }, /noise/],
      [{ timeFeatures: 3 }, /timeFeatures/],
      [{ mixtureWeight: 1 }, /mixtureWeight/],
      [{ gammaTheta0: 0 }, /gammaTheta0/],
      [{ emaDecay: 1 }, /emaDecay/],
      [{ steps: 3 } as never, /no field "steps"/],
    ]);
    expect(() => fit.model.sampleDdim(10, 0)).toThrow(/steps/);
    expect(() => fit.model.forward(new Float32Array(4), fit.model.config.T + 1)).toThrow(/step/);
  });
});

describe('diffusion: dimension 196 (14×14 images)', () => {
  it('one training step and samples of the right shape', () => {
    const model = createDiffusion({ dim: 196, hidden: 32, T: 20, seed: 9 });
    try {
      const x = uniformBatch(16, 196);
      const r = model.trainStep(x);
      x.dispose();
      expect(r.ok).toBe(true);
      const s = model.sample(3);
      expect(s.shape).toEqual([3, 196]);
      expect(take(s).every(Number.isFinite)).toBe(true);
      const d = model.sampleDdim(2, 5);
      expect(d.shape).toEqual([2, 196]);
      d.dispose();
    } finally {
      model.dispose();
    }
  });
});
