import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { getDataset } from '../../../src/data/datasets';
import { createRng } from '../../../src/data/random';
import { gridLogPartition } from '../../../src/metrics/likelihood';
import { initBackend } from '../../../src/models/backend';
import { ConfigError } from '../../../src/models/config';
import { createEbm, type EbmModel } from '../../../src/models/ebm';
import { langevin } from '../../../src/models/langevin';
import {
  describeRun,
  driveToDivergence,
  expectNoLeak,
  take,
  train,
  trainAndScore,
  withBatch,
  type QualityRun,
} from './family-checks';

/**
 * Quality bar: energy distance of 2,000 samples (Langevin from uniform noise, the model's own
 * sampler) to 2,000 fresh points below M × the noise floor. The untrained energy leaves the chains
 * spread over the box (about 100× the floor); after the steps below, CD's samples score about 2–3×.
 */
const M = 5;

let eight: EbmModel;
let eightRun: QualityRun;

beforeAll(async () => {
  await initBackend('wasm');
  eight = createEbm({ seed: 1 });
  eightRun = trainAndScore(eight, 'eight-gaussians', 800, eight.config.batchSize);
  console.log(describeRun('ebm (persistent CD) on eight-gaussians, 800 steps', eightRun));
});

afterAll(() => eight?.dispose());

describe('ebm: quality', () => {
  it('eight Gaussians: Langevin samples within M × noise floor; the untrained model is not', () => {
    expect(eightRun.untrainedRatio).toBeGreaterThan(M);
    expect(eightRun.trainedRatio).toBeLessThan(M);
  });

  it('two moons: Langevin samples within M × noise floor; the untrained model is not', () => {
    const model = createEbm({ seed: 2 });
    try {
      const run = trainAndScore(model, 'two-moons', 800, model.config.batchSize);
      console.log(describeRun('ebm (persistent CD) on two-moons, 800 steps', run));
      expect(run.untrainedRatio).toBeGreaterThan(M);
      expect(run.trainedRatio).toBeLessThan(M);
    } finally {
      model.dispose();
    }
  });

  it('eight Gaussians: the grid-normalised density gives a held-out NLL near the entropy', () => {
    const h = getDataset('eight-gaussians').entropy!.nats;
    const nll = withBatch(2000, (x) => -take(eight.normalisedLogDensity(x)).reduce((s, v) => s + v, 0) / 2000, 77);
    console.log(`ebm grid-normalised NLL on eight-gaussians: ${nll.toFixed(3)} nats (entropy ${h.toFixed(3)})`);
    // A fitted density cannot beat the entropy by more than the Monte-Carlo error of the mean. CD with
    // short chains is not maximum likelihood, and its modes come out wider than the data's (about
    // 1–3 nats above the entropy in our runs; an untrained energy, near uniform on the box, scores 4.2).
    expect(nll).toBeGreaterThan(h - 0.05);
    expect(nll).toBeLessThan(h + 3.5);
  });
});

describe('ebm: the maths', () => {
  it('Langevin with √η noise samples N(0, s²) from the quadratic energy ‖x‖²/(2s²)', () => {
    // Stationary variance of the discretised chain: s²/(1 − η/(4s²)) (langevin.ts); with s = 0.5,
    // η = 0.01 that is 1.01 s². Half the noise would give about s²/2, twice the noise 2 s².
    const s = 0.5;
    const eta = 0.01;
    const energy = (x: tf.Tensor2D) => tf.div(tf.sum(tf.square(x), 1), 2 * s * s) as tf.Tensor1D;
    const rng = createRng(3);
    const start = tf.zeros([4000, 2]) as tf.Tensor2D;
    const end = langevin(energy, start, 400, eta, rng);
    const v = take(end);
    start.dispose();
    let mean = 0;
    for (const x of v) mean += x;
    mean /= v.length;
    let variance = 0;
    for (const x of v) variance += (x - mean) ** 2;
    variance /= v.length;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(variance / (s * s / (1 - eta / (4 * s * s)))).toBeCloseTo(1, 1);
  });

  it('the grid-normalised density integrates to 1, and differs from −E by log Z only', () => {
    // Z comes from a 200² midpoint grid on [−4, 4]²; integrating on a finer 400² grid checks that the
    // grid resolves the density (the two Riemann sums agree).
    const bounds = { xMin: -4, xMax: 4, yMin: -4, yMax: 4 };
    const logZ = gridLogPartition((xy) => tf.neg(eight.normalisedLogDensity(xy)) as tf.Tensor1D, bounds, 400);
    expect(Math.abs(Math.exp(logZ) - 1)).toBeLessThan(0.03);
    withBatch(10, (x) => {
      const a = take(eight.logDensity(x));
      const b = take(eight.normalisedLogDensity(x));
      const logZModel = eight.logPartition();
      for (let i = 0; i < a.length; i++) expect(a[i] - b[i]).toBeCloseTo(logZModel, 3);
    });
  });

  it('energy() is −logDensity, langevin() returns every chain position, the buffer holds chains', () => {
    const pts = new Float32Array([0, 0, 2, 0, -1, 1]);
    const e = eight.energy(pts);
    const lp = take(tf.tidy(() => eight.logDensity(tf.tensor2d(pts, [3, 2]))));
    for (let i = 0; i < 3; i++) expect(e[i]).toBeCloseTo(-lp[i], 4);
    // Trained on 8 Gaussians of radius 2: a centre has lower energy than the origin.
    expect(e[1]).toBeLessThan(e[0]);
    const chain = eight.langevin(pts, 20, 0.005);
    expect(chain.length).toBe(21);
    expect(Array.from(chain[0])).toEqual(Array.from(pts));
    expect(eight.replayBuffer().length).toBe(eight.config.bufferSize * 2);
  });
});

describe('ebm: denoising score matching', () => {
  it('trains without sampling and moves samples towards the data', () => {
    const model = createEbm({ objective: 'dsm', seed: 4, sampleSteps: 300, sampleStepSize: 0.01 });
    try {
      expect(model.replayBuffer().length).toBe(0);
      const run = trainAndScore(model, 'two-moons', 400, model.config.batchSize);
      console.log(describeRun('ebm (DSM) on two-moons, 400 steps', run));
      expect(run.trained.losses.loss).toBeLessThan(2);
      expect(run.trainedRatio).toBeLessThan(run.untrainedRatio / 5);
    } finally {
      model.dispose();
    }
  });
});

describe('ebm: resources and failure', () => {
  it.each(['cd', 'dsm'] as const)('%s: holds the tensor count over 200 more training steps and after every view', (objective) => {
    const model = createEbm({ objective, seed: 6, sampleSteps: 10, gridResolution: 50 });
    try {
      train(model, 5, 128);
      expectNoLeak(() => train(model, 200, 128, 11));
      expectNoLeak(() => {
        take(model.sample(50));
        withBatch(50, (x) => {
          take(model.logDensity(x));
          take(model.normalisedLogDensity(x));
        });
        const pts = new Float32Array(40).fill(0.5);
        model.energy(pts);
        model.langevin(pts, 5, 0.01);
        model.logPartition();
      });
    } finally {
      model.dispose();
    }
  });

  it('dispose frees every variable and the optimiser state', () => {
    const before = tf.memory().numTensors;
    const model = createEbm({ seed: 7 });
    train(model, 3, 64);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reports a non-finite loss at a diverging learning rate instead of throwing', () => {
    // At 10 the energy swings wildly but the clamped chains keep it finite for a long while;
    // at 1e4 it overflows within a few steps.
    const model = createEbm({ learningRate: 1e4, seed: 8 });
    try {
      const { failedAt, result } = driveToDivergence(model, 100);
      expect(failedAt).toBeGreaterThanOrEqual(0);
      expect(result!.ok).toBe(false);
      if (!result!.ok) {
        expect(result!.reason).toBe('non-finite-loss');
        expect(result!.message).toMatch(/learning rate/);
      }
    } finally {
      model.dispose();
    }
  });

  it('rejects nonsense configurations with a ConfigError naming the field', () => {
    expect(() => createEbm({ hidden: 0 })).toThrow(ConfigError);
    expect(() => createEbm({ hidden: 0 })).toThrow(/hidden/);
    expect(() => createEbm({ learningRate: -1 })).toThrow(/learningRate/);
    expect(() => createEbm({ objective: 'nce' as never })).toThrow(/objective/);
    expect(() => createEbm({ langevinStepSize: 0 })).toThrow(/langevinStepSize/);
    expect(() => createEbm({ reinitProbability: 2 })).toThrow(/reinitProbability/);
    expect(() => createEbm({ dsmSigma: 1, dsmSigmaMax: 0.5 })).toThrow(/dsmSigmaMax/);
    expect(() => createEbm({ activation: 'relu' as never })).toThrow(/activation/);
    expect(() => createEbm({ steps: 3 } as never)).toThrow(/no field "steps"/);
    const wide = createEbm({ dim: 3, sampleSteps: 2 });
    try {
      expect(() => wide.logPartition()).toThrow(/2-D/);
    } finally {
      wide.dispose();
    }
  });
});
