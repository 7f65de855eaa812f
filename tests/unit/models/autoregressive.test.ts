import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { getDataset } from '../../../src/data/datasets';
import { createAutoregressive } from '../../../src/models/autoregressive';
import {
  allowHeavyRuns,
  describeRun,
  driveToDivergence,
  expectConfigErrors,
  expectDisposeFreesAll,
  expectExactNllNearEntropy,
  expectNonFiniteReport,
  expectSteadyTensorCount,
  expectTwoMoonsWithinFloor,
  expectWithinFloor,
  fitOnEightGaussians,
  integrate1d,
  take,
  train,
  trainAndScore,
  withBatch,
  withModel,
} from './family-checks';

allowHeavyRuns();

/**
 * Quality bar: energy distance of 2,000 samples to 2,000 fresh points below M × the noise floor.
 * The untrained model (broad mixtures centred near the origin) scores about 30–70×; trained ones
 * about 2–4×.
 */
const M = 5;
/** Held-out NLL of 8 Gaussians may exceed the entropy (0.312 nats) by at most this much... */
const NLL_MARGIN = 0.15;
/** ...and may not fall below it by more than the Monte-Carlo error of a 2,000-point mean (≈ 0.03). */
const MC_TOLERANCE = 0.05;

/** A grid over [−4, 4] with spacing 0.005 (p(x1) has peaks of width 0.1). */
const GRID_STEP = 0.005;
const grid = Float32Array.from({ length: 1600 }, (_, i) => -4 + (i + 0.5) * GRID_STEP);

const fit = fitOnEightGaussians(() => createAutoregressive({ seed: 1 }), 1000, 'autoregressive (mixture)');

describe('autoregressive: quality', () => {
  it('eight Gaussians: samples within M × noise floor; the untrained model is not', () => {
    expectWithinFloor(fit.run, M);
  });

  it('eight Gaussians: held-out NLL near the entropy, never below it', () => {
    expectExactNllNearEntropy(fit.run, NLL_MARGIN, MC_TOLERANCE);
  });

  it('two moons: samples within M × noise floor; the untrained model is not', () => {
    expectTwoMoonsWithinFloor(() => createAutoregressive({ seed: 2 }), 800, 'autoregressive (mixture)', M);
  });

  it('categorical conditionals learn eight Gaussians too, with densities in nats', () => {
    const model = createAutoregressive({ conditional: 'categorical', bins: 128, seed: 3 });
    try {
      const run = trainAndScore(model, 'eight-gaussians', 600, model.config.batchSize);
      console.log(describeRun('autoregressive (categorical, 128 bins) on eight-gaussians, 600 steps', run));
      expect(run.trainedRatio).toBeLessThan(M);
      // Bins of width 1/16 blur peaks of std 0.1 a little: w²/(24σ²) ≈ 0.016 nats per coordinate.
      const h = getDataset('eight-gaussians').entropy!.nats;
      expect(run.trained.nll!.nats).toBeLessThan(h + 0.2);
      expect(run.trained.nll!.nats).toBeGreaterThan(h - MC_TOLERANCE);
    } finally {
      model.dispose();
    }
  });
});

describe('autoregressive: the conditionals', () => {
  it('p(x1) and p(x2 | x1) integrate to 1', () => {
    expect(integrate1d(fit.model.marginal(grid), GRID_STEP)).toBeCloseTo(1, 2);
    for (const x1 of [-2, -1.41, 0, 1.41, 2]) {
      expect(integrate1d(fit.model.conditional(x1, grid), GRID_STEP)).toBeCloseTo(1, 2);
    }
  });

  it('p(x2 | x1 = 0) has its two modes at ±2, and p(x1) has five', () => {
    const c = fit.model.conditional(0, grid);
    const at = (v: number) => c[Math.round((v + 4) / GRID_STEP - 0.5)];
    expect(at(2)).toBeGreaterThan(20 * at(0));
    expect(at(-2)).toBeGreaterThan(20 * at(0));
    const m = fit.model.marginal(grid);
    const peaks = m.filter((v, i) => i > 0 && i < m.length - 1 && v > m[i - 1] && v >= m[i + 1] && v > 0.2).length;
    expect(peaks).toBe(5);
  });

  it('log p(x) is log p(x1) + log p(x2 | x1)', () => {
    const pts = new Float32Array([1.41, 1.41, 0, -2, 0.3, 0.7]);
    const logP = take(tf.tidy(() => fit.model.logDensity(tf.tensor2d(pts, [3, 2]))));
    for (let i = 0; i < 3; i++) {
      const p1 = fit.model.marginal(new Float32Array([pts[2 * i]]))[0];
      const p21 = fit.model.conditional(pts[2 * i], new Float32Array([pts[2 * i + 1]]))[0];
      expect(logP[i]).toBeCloseTo(Math.log(p1) + Math.log(p21), 3);
    }
  });

  it('categorical densities integrate to 1 over the documented range', () => {
    const model = createAutoregressive({ conditional: 'categorical', bins: 32, range: [-4, 4], seed: 4 });
    try {
      train(model, 20, 256);
      expect(integrate1d(model.marginal(grid), GRID_STEP)).toBeCloseTo(1, 3);
      expect(integrate1d(model.conditional(1, grid), GRID_STEP)).toBeCloseTo(1, 3);
    } finally {
      model.dispose();
    }
  });

  it('sampleSteps gives x1 alone, then the full points', () => {
    const steps = fit.model.sampleSteps(300);
    expect(steps.map((s) => s.length)).toEqual([300, 600]);
    // The full samples extend the first coordinates they were drawn from.
    for (let i = 0; i < 300; i++) expect(steps[1][2 * i]).toBe(steps[0][i]);
    // Samples lie near the circle of radius 2.
    let near = 0;
    for (let i = 0; i < 300; i++) if (Math.abs(Math.hypot(steps[1][2 * i], steps[1][2 * i + 1]) - 2) < 0.4) near++;
    expect(near / 300).toBeGreaterThan(0.95);
  });
});

describe('autoregressive: resources and failure', () => {
  it('holds the tensor count over 200 more training steps and after sample/logDensity/conditionals', () => {
    for (const conditional of ['mixture', 'categorical'] as const) {
      const model = createAutoregressive({ conditional, seed: 5 });
      expectSteadyTensorCount(model, 128, () => {
        take(model.sample(100));
        withBatch(100, (x) => take(model.logDensity(x)));
        model.marginal(grid);
        model.conditional(0.5, grid);
        model.sampleSteps(50);
      });
    }
  });

  it('dispose frees every variable and the optimiser state', () => {
    expectDisposeFreesAll(() => createAutoregressive({ seed: 6 }));
  });

  it('a diverging run never throws; a learning rate that overflows is reported as non-finite', () => {
    // At learning rate 10 the model is wrecked (loss jumps from 3 to about 20 nats) but its loss
    // stays finite: the weights pass through softmax and softplus, and the smallest std is 0.01.
    // Every step is then either ok with finite losses or reported non-finite: never NaN, never a throw.
    withModel(createAutoregressive({ learningRate: 10, seed: 7 }), (wrecked) => driveToDivergence(wrecked, 30));
    // A rate that overflows float32 within a step or two must come back as ok: false.
    for (const conditional of ['mixture', 'categorical'] as const) {
      // (The weights themselves stay finite, but after such a step they are astronomically large
      // and the model must be reset: samples may overflow.)
      withModel(createAutoregressive({ conditional, learningRate: 1e12, seed: 7 }), (model) => expectNonFiniteReport(model, 20));
    }
  });

  it('rejects nonsense configurations with a ConfigError naming the field', () => {
    expectConfigErrors(createAutoregressive, [
      [{ hidden: 0 }, /hidden/],
      [{ learningRate: -1 }, /learningRate/],
      [{ components: 0 }, /components/],
      [{ conditional: 'beta' as never }, /conditional/],
      [{ range: [2, -2] }, /range/],
      [{ bins: 2.5 }, /bins/],
    ]);
  });

  it('works for more than two coordinates: p(x1) p(x2|x1) p(x3|x1,x2)', () => {
    const model = createAutoregressive({ dim: 3, seed: 8 });
    try {
      const x = tf.randomNormal([32, 3], 0, 1, 'float32', 1) as tf.Tensor2D;
      const r = model.trainStep(x);
      expect(r.ok).toBe(true);
      take(x);
      const steps = model.sampleSteps(4);
      expect(steps.map((s) => s.length)).toEqual([4, 8, 12]);
    } finally {
      model.dispose();
    }
  });
});
