import { describe, expect, it, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { gridLogPartition, gridPoints, heldOutNll } from '../../../src/metrics/likelihood';
import type { ToyModel } from '../../../src/models/types';

/** A fixed standard normal in 2-D: log p(x) = −|x|²/2 − log 2π. */
function gaussianModel(likelihood: ToyModel['likelihood'] = 'exact'): ToyModel {
  return {
    family: 'flow',
    likelihood,
    trainingPath: 'tfjs',
    threads: 1,
    dim: 2,
    trainStep: () => ({ ok: true, losses: { loss: 0 } }),
    sample: (n) => tf.zeros([n, 2]),
    logDensity: (x) =>
      tf.tidy(() => tf.sub(tf.mul(-0.5, tf.sum(tf.square(x), 1)), Math.log(2 * Math.PI)) as tf.Tensor1D),
    dispose: () => {},
  };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('heldOutNll', () => {
  it('is the mean −log p, by hand, across batches', () => {
    // Points (0,0), (1,0), (0,2): −log p = log 2π + |x|²/2 = log 2π + {0, 0.5, 2}.
    const pts = new Float32Array([0, 0, 1, 0, 0, 2]);
    const before = tf.memory().numTensors;
    const r = heldOutNll(gaussianModel(), pts, 2);
    expect(r.nats).toBeCloseTo(Math.log(2 * Math.PI) + 2.5 / 3, 5);
    expect(r.kind).toBe('exact');
    expect(r.count).toBe(3);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('scores an unnormalised model by its normalised log-density, never by −E', () => {
    // −E(x) = −|x|²/2 lacks the −log 2π of the normaliser; the normalised version has it.
    const normalised = gaussianModel('unnormalised');
    const logP = normalised.logDensity!;
    const unnormalisedOnly: ToyModel = {
      ...normalised,
      logDensity: (x) => tf.tidy(() => tf.add(logP(x), Math.log(2 * Math.PI)) as tf.Tensor1D),
    };
    const withZ: ToyModel = { ...unnormalisedOnly, normalisedLogDensity: logP };
    const pts = new Float32Array([0, 0, 1, 0]);
    expect(heldOutNll(withZ, pts).nats).toBeCloseTo(Math.log(2 * Math.PI) + 0.25, 5);
    expect(() => heldOutNll(unnormalisedOnly, pts)).toThrow(/unnormalised/);
  });

  it('refuses a model without a likelihood', () => {
    const m = gaussianModel('none');
    expect(() => heldOutNll(m, new Float32Array([0, 0]))).toThrow(/offers no log-likelihood/);
  });
});

describe('gridLogPartition', () => {
  it('gives log Z = log 2π for E(x) = |x|²/2, by a Riemann sum', () => {
    const before = tf.memory().numTensors;
    const energy = (xy: tf.Tensor2D) => tf.mul(0.5, tf.sum(tf.square(xy), 1)) as tf.Tensor1D;
    const logZ = gridLogPartition(energy, { xMin: -8, xMax: 8, yMin: -8, yMax: 8 }, 200, 1000);
    expect(logZ).toBeCloseTo(Math.log(2 * Math.PI), 6);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives log(area) for a constant energy of 0', () => {
    const energy = (xy: tf.Tensor2D) => tf.zeros([xy.shape[0]]) as tf.Tensor1D;
    expect(gridLogPartition(energy, { xMin: -1, xMax: 2, yMin: 0, yMax: 4 }, 10)).toBeCloseTo(Math.log(12), 6);
  });

  it('places grid points at cell midpoints', () => {
    expect(Array.from(gridPoints({ xMin: 0, xMax: 2, yMin: 0, yMax: 2 }, 2))).toEqual([0.5, 0.5, 1.5, 0.5, 0.5, 1.5, 1.5, 1.5]);
  });

  it('rejects a bad grid', () => {
    const e = (xy: tf.Tensor2D) => tf.zeros([xy.shape[0]]) as tf.Tensor1D;
    expect(() => gridLogPartition(e, { xMin: 0, xMax: 1, yMin: 0, yMax: 1 }, 1)).toThrow(/resolution/);
    expect(() => gridLogPartition(e, { xMin: 1, xMax: 0, yMin: 0, yMax: 1 }, 10)).toThrow(/bounds/);
  });
});
