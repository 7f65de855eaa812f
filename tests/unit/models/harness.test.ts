import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/models/backend';
import { fromTensor, toTensor } from '../../../src/models/tensor';
import { trainSteps } from '../../../src/models/train';
import { evaluate } from '../../../src/models/report';
import { getDataset } from '../../../src/data/datasets';
import { createRng } from '../../../src/data/random';
import type { StepResult, ToyModel } from '../../../src/models/types';

/** A stand-in model: "learns" the batch mean; samples are that mean plus unit noise. */
function fakeModel(failAt = Infinity): ToyModel & { seen: number[] } {
  let mean = [0, 0];
  const seen: number[] = [];
  let step = 0;
  return {
    family: 'vae',
    likelihood: 'lower-bound',
    trainingPath: 'tfjs',
    threads: 1,
    dim: 2,
    seen,
    trainStep(batch: tf.Tensor2D): StepResult {
      const m = tf.tidy(() => tf.mean(batch, 0));
      mean = Array.from(m.dataSync());
      m.dispose();
      seen.push(batch.shape[0]);
      if (step++ >= failAt) return { ok: false, reason: 'non-finite-loss', losses: { loss: NaN }, message: 'loss is NaN' };
      return { ok: true, losses: { loss: step, recon: 1, kl: 2 } };
    },
    sample: (n) => tf.tidy(() => tf.add(tf.randomNormal([n, 2], 0, 1, 'float32', 1), tf.tensor1d(mean)) as tf.Tensor2D),
    logDensity: (x) => tf.tidy(() => tf.sub(tf.mul(-0.5, tf.sum(tf.square(x), 1)), Math.log(2 * Math.PI)) as tf.Tensor1D),
    dispose() {},
  };
}

beforeAll(async () => {
  await initBackend('cpu');
});

describe('backend', () => {
  it('initialises wasm in Node, and falls back to cpu for webgl without a canvas', async () => {
    expect(await initBackend('wasm')).toEqual({ backend: 'wasm' });
    const r = await initBackend('webgl');
    expect(r.backend).toBe('cpu');
    expect(r.fellBackFrom).toBe('webgl');
    expect(r.reason).toMatch(/canvas/);
    expect(await initBackend('cpu')).toEqual({ backend: 'cpu' });
  });
});

describe('tensor helpers', () => {
  it('round-trip interleaved points', () => {
    const p = new Float32Array([1, 2, 3, 4, 5, 6]);
    const t = toTensor(p);
    expect(t.shape).toEqual([3, 2]);
    const back = fromTensor(t);
    t.dispose();
    expect(Array.from(back)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => toTensor(new Float32Array(3))).toThrow(/rows of 2/);
  });
});

describe('trainSteps', () => {
  it('trains on fresh seeded batches without leaking tensors', () => {
    const model = fakeModel();
    const before = tf.memory().numTensors;
    const run = trainSteps(model, getDataset('two-moons'), 5, createRng(1), 64);
    expect(tf.memory().numTensors).toBe(before);
    expect(run.ok).toBe(true);
    expect(run.steps).toBe(5);
    expect(run.history.map((h) => h.loss)).toEqual([1, 2, 3, 4, 5]);
    expect(run.lastLosses).toEqual({ loss: 5, recon: 1, kl: 2 });
    expect(model.seen).toEqual([64, 64, 64, 64, 64]);
  });

  it('stops at the first non-finite loss and says where', () => {
    const run = trainSteps(fakeModel(2), getDataset('two-moons'), 10, createRng(1), 8);
    expect(run.ok).toBe(false);
    expect(run.steps).toBe(2);
    expect(run.failure).toEqual({ step: 2, message: 'loss is NaN' });
    expect(run.history.length).toBe(3);
  });
});

describe('evaluate', () => {
  it('fills the one report shape, without leaking tensors', () => {
    const model = fakeModel();
    const ds = getDataset('eight-gaussians');
    const before = tf.memory().numTensors;
    const r = evaluate(model, ds, createRng(2), 500, { step: 7, losses: { loss: 1 } });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.family).toBe('vae');
    expect(r.dataset).toBe('eight-gaussians');
    expect(r.step).toBe(7);
    expect(r.samples.length).toBe(1000);
    expect(r.finite).toBe(true);
    // A standard normal against 8 Gaussians: far above the floor (see noise-floor tests).
    expect(r.energyDistance).toBeGreaterThan(10 * r.noiseFloor.mean);
    expect(r.nll!.kind).toBe('lower-bound');
    // E[|x|²/2 + log 2π] over 8 Gaussians = 4.02/2 + log 2π.
    expect(r.nll!.nats).toBeCloseTo(2.01 + Math.log(2 * Math.PI), 1);
    expect(r.entropy!.method).toBe('exact');
  });
});
