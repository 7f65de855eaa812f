import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDataset } from '../../../src/data/datasets';
import { createRng } from '../../../src/data/random';
import { energyDistance } from '../../../src/metrics/energy-distance';
import { initBackend } from '../../../src/models/backend';
import { loadFastKernels, type FastKernels } from '../../../src/models/fast/kernels';
import { createFlowMatching, type FlowMatchingConfig, type FlowMatchingModel } from '../../../src/models/flow-matching';
import { createNetwork } from '../../../src/models/network';
import { meanSquaredError } from '../../../src/models/regression-loss';
import { trainSteps } from '../../../src/models/train';
import { relError } from '../fast/rel-error';
import {
  allowHeavyRuns,
  describeRun,
  expectConfigErrors,
  expectSteadyTensorCount,
  expectWithinFloor,
  take,
  trainAndScore,
  withModel,
} from './family-checks';
import { unseenShape, unseenShapes } from './unseen-shapes';

/**
 * Flow matching (src/models/flow-matching.ts): the velocity network on both backends, the exact
 * log-density of its ODE, reflow, and quality on the built-in and unseen shapes. Fused path with
 * the plain SIMD kernels pinned (relaxed SIMD's fused multiply-add rounds differently per machine).
 */
let kernels: FastKernels;

beforeAll(async () => {
  await initBackend('wasm');
  kernels = await loadFastKernels({ variant: 'simd' });
});
allowHeavyRuns();

const probe = Float32Array.from({ length: 64 }, (_, i) => 3 * Math.sin(1.7 * i + 0.3));

function fused(config: Partial<FlowMatchingConfig> = {}): FlowMatchingModel {
  return createFlowMatching({ seed: 1, ...config }, { fastKernels: kernels });
}

/** Log-density summed over a grid of cells covering [−box, box]²: the mass the model puts there. */
function massOnGrid(model: FlowMatchingModel, box: number, cells: number): number {
  const pts = new Float32Array(2 * cells * cells);
  const h = (2 * box) / cells;
  for (let j = 0; j < cells; j++) {
    for (let i = 0; i < cells; i++) {
      pts[2 * (j * cells + i)] = -box + (i + 0.5) * h;
      pts[2 * (j * cells + i) + 1] = -box + (j + 0.5) * h;
    }
  }
  const logP = take(model.logDensity(tf.tensor2d(pts, [cells * cells, 2])));
  return logP.reduce((sum, v) => sum + Math.exp(v) * h * h, 0);
}

describe('flow matching: the velocity field on both backends', () => {
  it('the loss and its gradients agree between the fused kernels and tfjs, step for step', () => {
    const rng = createRng(5);
    const spec = { sizes: [10, 32, 32, 2], activation: 'silu' as const, name: 'fm-twin', learningRate: 3e-3 };
    const [a, b] = [createNetwork(spec, createRng(3), { trainingPath: 'tfjs' }), createNetwork(spec, createRng(3), { fastKernels: kernels })];
    expect([a.backend, b.backend]).toEqual(['tfjs', 'fused']);
    const n = 64;
    const input = Float32Array.from({ length: n * 10 }, () => rng.normal());
    const target = Float32Array.from({ length: n * 2 }, () => 2 * rng.normal());
    const [dA, dB] = [new Float32Array(n * 2), new Float32Array(n * 2)];
    const lossA = meanSquaredError(a.forward(input, n), target, dA);
    const lossB = meanSquaredError(b.forward(input, n), target, dB);
    expect(Math.abs(lossB - lossA) / lossA).toBeLessThan(1e-4);
    a.backward(dA);
    b.backward(dB);
    const [gA, gB] = [a.getGrads(), b.getGrads()];
    for (let l = 0; l < gA.weights.length; l++) {
      expect(relError(gB.weights[l], gA.weights[l])).toBeLessThan(1e-4);
      expect(relError(gB.biases[l], gA.biases[l])).toBeLessThan(1e-4);
    }
    a.dispose();
    b.dispose();
  });

  it.each([{}, { prediction: 'data' }] as Partial<FlowMatchingConfig>[])('the whole model trains alike on both paths, and samples alike (%j)', (config) => {
    const plain = createFlowMatching({ seed: 4, ...config }, { fastKernels: kernels, trainingPath: 'tfjs' });
    const fast = createFlowMatching({ seed: 4, ...config }, { fastKernels: kernels });
    const dataset = getDataset('two-moons');
    const runA = trainSteps(plain, dataset, 20, createRng(11), 128);
    const runB = trainSteps(fast, dataset, 20, createRng(11), 128);
    expect(runA.ok && runB.ok).toBe(true);
    expect(relError(runB.history.map((l) => l.loss), runA.history.map((l) => l.loss))).toBeLessThan(1e-4);
    for (const t of [0, 0.5, 1]) expect(relError(fast.velocity(probe, t), plain.velocity(probe, t))).toBeLessThan(1e-4);
    expect(relError(fast.sampleWith(100, { solver: 'euler', steps: 4 }), plain.sampleWith(100, { solver: 'euler', steps: 4 }))).toBeLessThan(1e-3);
    plain.dispose();
    fast.dispose();
  });

  it('a non-finite loss or gradient leaves the weights untouched and says where', () => {
    withModel(fused(), (model) => {
      trainSteps(model, getDataset('eight-gaussians'), 5, createRng(2), 64);
      const before = model.velocity(probe, 0.3);
      const bad = Float32Array.from({ length: 128 }, (_, i) => (i === 7 ? NaN : Math.sin(i)));
      const result = tf.tidy(() => model.trainStep(tf.tensor2d(bad, [64, 2])));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toMatch(/velocity field/);
      expect(Array.from(model.velocity(probe, 0.3))).toEqual(Array.from(before));
      const huge = Float32Array.from({ length: 128 }, (_, i) => (i === 3 ? 3e38 : Math.cos(i)));
      const overflow = tf.tidy(() => model.trainStep(tf.tensor2d(huge, [64, 2])));
      expect(overflow.ok).toBe(false);
      if (!overflow.ok) expect(overflow.message).toMatch(/Rescale or standardise/);
      expect(Array.from(model.velocity(probe, 0.3))).toEqual(Array.from(before));
    });
  });

  it('rejects bad configurations by name', () => {
    expectConfigErrors<Partial<FlowMatchingConfig>>((c) => createFlowMatching(c), [
      [{ path: 'spiral' as never }, /path/],
      [{ prediction: 'noise' as never }, /prediction/],
      [{ prediction: 'data', path: 'cosine' }, /prediction "data" needs the linear path/],
      [{ solver: 'rk45' as never }, /solver/],
      [{ sampleSteps: 0 }, /sampleSteps/],
      [{ timeFeatures: 3 }, /timeFeatures/],
      [{ emaDecay: 1 }, /emaDecay/],
      [{ reflowPairs: 0 }, /reflowPairs/],
    ]);
    withModel(fused(), (model) => {
      expect(() => model.sampleWith(10, { steps: 0 })).toThrow(/steps/);
      expect(() => model.velocity(probe, 1.5)).toThrow(/t must lie/);
      expect(() => model.trajectories(new Float32Array(3))).toThrow(/multiple of dim/);
    });
  });

  it('keeps the tensor count steady while training, sampling and computing its density', () => {
    const model = fused();
    expectSteadyTensorCount(model, 64, () => {
      take(model.sample(16));
      tf.tidy(() => {
        take(model.logDensity(tf.tensor2d(probe, [32, 2])));
      });
    });
  });
});

describe('flow matching: the trained model', () => {
  let model: FlowMatchingModel;
  beforeAll(() => {
    model = fused();
    const run = trainAndScore(model, 'eight-gaussians', 1500, 256);
    console.log(describeRun('flow matching on eight-gaussians, 1500 steps', run));
    expectWithinFloor(run, 3);
  });

  it('its exact log-density (instantaneous change of variables) integrates to 1 over a grid covering the data', () => {
    const mass = massOnGrid(model, 5, 60);
    console.log(`flow matching: mass over [−5, 5]² = ${mass.toFixed(4)}`);
    expect(Math.abs(mass - 1)).toBeLessThan(0.02);
  });

  it('its held-out NLL sits just above the data’s entropy, never below it', () => {
    const points = getDataset('eight-gaussians').sample(1000, createRng(31));
    const nll = -take(model.logDensity(tf.tensor2d(points, [1000, 2]))).reduce((s, v) => s + v, 0) / 1000;
    const h = getDataset('eight-gaussians').entropy!.nats;
    console.log(`flow matching: held-out NLL ${nll.toFixed(3)} nats, entropy ${h.toFixed(3)}`);
    expect(nll).toBeGreaterThan(h - 0.05);
    expect(nll).toBeLessThan(h + 0.5);
  });

  it('Euler and Heun agree with many steps, and Heun is closer than Euler with few', () => {
    const data = getDataset('eight-gaussians').sample(3000, createRng(41));
    const ed = (solver: 'euler' | 'heun', steps: number) => energyDistance(model.sampleWith(3000, { solver, steps }), data);
    expect(ed('heun', 4)).toBeLessThan(ed('euler', 4));
    const paths = model.trajectories(probe, { solver: 'euler', steps: 256 });
    const heun = model.trajectories(probe, { solver: 'heun', steps: 64 });
    expect(relError(heun[64], paths[256])).toBeLessThan(0.02);
    expect(paths[0]).toEqual(probe);
  });

  afterAll(() => model.dispose());
});

describe('flow matching: reflow straightens the paths', () => {
  it('on eight Gaussians the straightness S falls, and 8 Euler steps land closer to the data', () => {
    withModel(fused({ seed: 2 }), (model) => {
      const dataset = getDataset('eight-gaussians');
      trainSteps(model, dataset, 1500, createRng(12), 256);
      const noise = model.noise(200);
      // Large samples: at 8 steps both models sit a few times above the noise floor, and the
      // statistic's own noise at 2,000 points would hide the difference.
      const data = dataset.sample(6000, createRng(99));
      const eightEuler = () => energyDistance(model.sampleWith(6000, { solver: 'euler', steps: 8 }), data);
      const before = { straightness: model.straightness(noise), ed: eightEuler() };
      model.reflow();
      expect(model.reflows).toBe(1);
      trainSteps(model, dataset, 1500, createRng(22), 256);
      const after = { straightness: model.straightness(noise), ed: eightEuler() };
      console.log(`reflow: straightness ${before.straightness.toFixed(4)} → ${after.straightness.toFixed(4)}, 8 Euler steps ${before.ed.toExponential(2)} → ${after.ed.toExponential(2)}`);
      expect(after.straightness).toBeLessThan(0.25 * before.straightness);
      expect(after.ed).toBeLessThan(before.ed);
    });
  });
});

describe('flow matching: data no test tuned for', () => {
  for (const shape of unseenShapes) {
    it(`${shape}: within 5× the noise floor with the lab's defaults`, () => {
      withModel(fused(), (model) => {
        const run = trainAndScore(model, unseenShape(shape), 2000, model.config.batchSize);
        console.log(describeRun(`flow matching on ${shape}, 2000 steps`, run));
        expectWithinFloor(run, 5);
      });
    });
  }

  it('predicting the data point instead of the velocity (the digits lab\'s form) learns two moons too, and its density still integrates to 1', () => {
    withModel(fused({ prediction: 'data' }), (model) => {
      const run = trainAndScore(model, 'two-moons', 1500, 256);
      console.log(describeRun('flow matching (data prediction) on two-moons, 1500 steps', run));
      expectWithinFloor(run, 3);
      expect(Math.abs(massOnGrid(model, 5, 50) - 1)).toBeLessThan(0.02);
    });
  });

  it('the cosine (variance-preserving) path learns two moons too, and its density still integrates to 1', () => {
    withModel(fused({ path: 'cosine' }), (model) => {
      const run = trainAndScore(model, 'two-moons', 1500, 256);
      console.log(describeRun('flow matching (cosine path) on two-moons, 1500 steps', run));
      expectWithinFloor(run, 3);
      expect(Math.abs(massOnGrid(model, 5, 50) - 1)).toBeLessThan(0.02);
    });
  });
});
