/**
 * Shared checks for the six model-family tests: train on a toy set and score against the noise
 * floor, count tensors around a block of calls, drive a diverging run, reject bad configurations.
 * Not a test file itself (vitest collects *.test.ts only).
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, expect, vi } from 'vitest';
import { getDataset, type Dataset } from '../../../src/data/datasets';
import { createRng } from '../../../src/data/random';
import { initBackend } from '../../../src/models/backend';
import { ConfigError } from '../../../src/models/config';
import { evaluate, type RunReport } from '../../../src/models/report';
import { toTensor } from '../../../src/models/tensor';
import { trainSteps } from '../../../src/models/train';
import type { StepResult, ToyModel } from '../../../src/models/types';

export interface QualityRun {
  untrained: RunReport;
  trained: RunReport;
  /** Energy distance divided by the noise floor's mean, before and after training. */
  untrainedRatio: number;
  trainedRatio: number;
  /** Wall-clock steps per second of the training loop (the machine may be shared: indicative only). */
  stepsPerSecond: number;
}

/**
 * Score an untrained model, train it `steps` steps on fresh seeded batches, score it again.
 * Each score: 2,000 samples against 2,000 fresh data points, noise floor over 5 pairs of data sets,
 * held-out NLL on 2,000 more points when the model has a log-density.
 */
export function trainAndScore(model: ToyModel, data: string | Dataset, steps: number, batchSize: number, seed = 7): QualityRun {
  const dataset = typeof data === 'string' ? getDataset(data) : data;
  const untrained = evaluate(model, dataset, createRng(seed + 1000));
  const start = performance.now();
  const run = trainSteps(model, dataset, steps, createRng(seed), batchSize);
  const seconds = (performance.now() - start) / 1000;
  expect(run.ok, run.failure?.message).toBe(true);
  const trained = evaluate(model, dataset, createRng(seed + 2000), 2000, { step: steps, losses: run.lastLosses });
  return {
    untrained,
    trained,
    untrainedRatio: untrained.energyDistance / untrained.noiseFloor.mean,
    trainedRatio: trained.energyDistance / trained.noiseFloor.mean,
    stepsPerSecond: steps / seconds,
  };
}

/** One line for the test log, so a run's figures can be read and reported. */
export function describeRun(label: string, r: QualityRun): string {
  const nll = r.trained.nll ? ` NLL ${r.trained.nll.nats.toFixed(3)}` : '';
  const h = r.trained.entropy ? ` (entropy ${r.trained.entropy.nats.toFixed(3)})` : '';
  return (
    `${label}: energy distance ${r.trained.energyDistance.toExponential(2)} = ${r.trainedRatio.toFixed(2)}× floor ` +
    `(untrained ${r.untrainedRatio.toFixed(0)}×)${nll}${h}, ${r.stepsPerSecond.toFixed(0)} steps/s`
  );
}

/** Train `steps` steps on eight-gaussians batches; expect every step to succeed. */
export function train(model: ToyModel, steps: number, batchSize: number, seed = 3, datasetName = 'eight-gaussians'): void {
  const run = trainSteps(model, getDataset(datasetName), steps, createRng(seed), batchSize);
  expect(run.ok, run.failure?.message).toBe(true);
}

/** tf.memory().numTensors before and after `block`, which must leave no tensor behind. */
export function expectNoLeak(block: () => void): void {
  const before = tf.memory().numTensors;
  block();
  expect(tf.memory().numTensors).toBe(before);
}

/** Run `block` on a [n, dim] batch of eight-gaussians points, disposing the batch afterwards. */
export function withBatch<T>(n: number, block: (x: tf.Tensor2D) => T, seed = 5, dim = 2): T {
  const x = toTensor(getDataset('eight-gaussians').sample(n, createRng(seed)), dim);
  try {
    return block(x);
  } finally {
    x.dispose();
  }
}

/** Read a tensor's values and dispose it. */
export function take(t: tf.Tensor): Float32Array {
  const v = Float32Array.from(t.dataSync() as Float32Array);
  t.dispose();
  return v;
}

/**
 * Drive a model with a diverging configuration for up to `maxSteps` steps. Never throws: returns the
 * first non-finite step, if any, and checks that every step reported as ok has finite loss terms.
 */
export function driveToDivergence(model: ToyModel, maxSteps: number, batchSize = 256): { failedAt: number; result?: StepResult } {
  const dataset = getDataset('eight-gaussians');
  const rng = createRng(2);
  for (let step = 0; step < maxSteps; step++) {
    const batch = toTensor(dataset.sample(batchSize, rng), model.dim);
    let result: StepResult;
    try {
      result = model.trainStep(batch);
    } finally {
      batch.dispose();
    }
    if (!result.ok) return { failedAt: step, result };
    for (const v of Object.values(result.losses)) expect(Number.isFinite(v)).toBe(true);
  }
  return { failedAt: -1 };
}

/** Random points of a d-dimensional "image" batch in [0, 1], for the dim-196 smoke tests. */
export function uniformBatch(n: number, dim: number, seed = 9): tf.Tensor2D {
  const rng = createRng(seed);
  const v = new Float32Array(n * dim);
  for (let i = 0; i < v.length; i++) v[i] = rng.uniform();
  return tf.tensor2d(v, [n, dim]);
}

/** Midpoint-rule integral of a density sampled on `values` spaced `step` apart. */
export function integrate1d(values: Float32Array, step: number): number {
  let s = 0;
  for (const v of values) s += v;
  return s * step;
}

/** A model with the batch size its configuration asks for. */
type ConfiguredModel = ToyModel & { readonly config: { readonly batchSize: number } };

/** The model trained once on eight Gaussians for a whole test file, and its scores (set in beforeAll). */
export interface Fitted<M extends ConfiguredModel> {
  model: M;
  run: QualityRun;
}

/**
 * Register beforeAll (wasm backend, then `create()` trained `steps` steps on eight-gaussians and
 * scored, with a log line) and afterAll (dispose). The returned object is filled in by beforeAll.
 */
export function fitOnEightGaussians<M extends ConfiguredModel>(create: () => M, steps: number, label: string): Fitted<M> {
  const fit = {} as Fitted<M>;
  beforeAll(async () => {
    await initBackend('wasm');
    fit.model = create();
    fit.run = trainAndScore(fit.model, 'eight-gaussians', steps, fit.model.config.batchSize);
    console.log(describeRun(`${label} on eight-gaussians, ${steps} steps`, fit.run));
  });
  afterAll(() => fit.model?.dispose());
  return fit;
}

/** The quality bar: the untrained model scores above M × the noise floor, the trained one below. */
export function expectWithinFloor(run: QualityRun, M: number): void {
  expect(run.untrainedRatio).toBeGreaterThan(M);
  expect(run.trainedRatio).toBeLessThan(M);
}

/** Train a fresh `create()` on two moons for `steps` steps (logged) and apply the quality bar. */
export function expectTwoMoonsWithinFloor(create: () => ConfiguredModel, steps: number, label: string, M: number): void {
  withModel(create(), (model) => {
    const run = trainAndScore(model, 'two-moons', steps, model.config.batchSize);
    console.log(describeRun(`${label} on two-moons, ${steps} steps`, run));
    expectWithinFloor(run, M);
  });
}

/** Exact held-out NLL on eight Gaussians within `margin` above the entropy, at most `tolerance` below. */
export function expectExactNllNearEntropy(run: QualityRun, margin: number, tolerance: number): void {
  const nll = run.trained.nll!.nats;
  const h = getDataset('eight-gaussians').entropy!.nats;
  expect(run.trained.nll!.kind).toBe('exact');
  expect(nll).toBeLessThan(h + margin);
  expect(nll).toBeGreaterThan(h - tolerance);
}

/** Run `block` on `model`, disposing the model afterwards whatever happens. */
export function withModel<M extends { dispose(): void }, T>(model: M, block: (model: M) => T): T {
  try {
    return block(model);
  } finally {
    model.dispose();
  }
}

/**
 * After 5 warm-up steps, neither 200 more training steps (batches of `batchSize`) nor `views`
 * may leave a tensor behind. Disposes the model.
 */
export function expectSteadyTensorCount(model: ToyModel, batchSize: number, views: () => void): void {
  withModel(model, () => {
    train(model, 5, batchSize);
    expectNoLeak(() => train(model, 200, batchSize, 11));
    expectNoLeak(views);
  });
}

/** Each model made, trained 3 steps and disposed leaves the tensor count where it was. */
export function expectDisposeFreesAll(...creates: (() => ToyModel)[]): void {
  expectNoLeak(() => {
    for (const create of creates) {
      const model = create();
      train(model, 3, 64);
      model.dispose();
    }
  });
}

/**
 * Drive `model` towards divergence for up to `maxSteps` steps: some step must come back as
 * ok: false, reason 'non-finite-loss', with a message naming the learning rate. Returns that result.
 */
export function expectNonFiniteReport(model: ToyModel, maxSteps: number): StepResult {
  const { failedAt, result } = driveToDivergence(model, maxSteps);
  expect(failedAt).toBeGreaterThanOrEqual(0);
  expect(result!.ok).toBe(false);
  if (!result!.ok) {
    expect(result!.reason).toBe('non-finite-loss');
    expect(result!.message).toMatch(/learning rate/);
  }
  return result!;
}

/** The first case must throw a ConfigError; every case must throw an error matching its pattern. */
export function expectConfigErrors<C>(create: (config: C) => unknown, cases: [C, RegExp][]): void {
  expect(() => create(cases[0][0])).toThrow(ConfigError);
  for (const [config, pattern] of cases) expect(() => create(config)).toThrow(pattern);
}

/** Generous: the machine running the tests may be shared; the CPU time is far lower (see the report). */
const HEAVY_TIMEOUT = 600_000;

/** Raise the test and hook timeouts of the calling test file for its long training runs. */
export function allowHeavyRuns(): void {
  vi.setConfig({ testTimeout: HEAVY_TIMEOUT, hookTimeout: HEAVY_TIMEOUT });
}
