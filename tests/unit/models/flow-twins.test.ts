import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { getDataset } from '../../../src/data/datasets';
import { createRng } from '../../../src/data/random';
import { initBackend } from '../../../src/models/backend';
import { loadFastKernels, type FastKernels } from '../../../src/models/fast/kernels';
import { createFlow, flowDefaults, type FlowConfig } from '../../../src/models/flow';
import { createCouplings, type Coupling } from '../../../src/models/flow-coupling';
import { TfjsNetwork, type Network } from '../../../src/models/network';
import { trainSteps } from '../../../src/models/train';
import { rationalQuadraticSpline } from './spline-tfjs-oracle';
import { relError } from '../fast/rel-error';
import { allowHeavyRuns, describeRun, take, trainAndScore, withModel } from './family-checks';
import { unseenShape, unseenShapes } from './unseen-shapes';

allowHeavyRuns();

/**
 * The flow's two backends (the same family code on fused and tfjs networks), its hand-written loss
 * gradient against tfjs autodiff of the original tfjs formulation, the non-finite guard, and
 * robustness on the three unseen shapes with the defaults.
 */
let kernels: FastKernels;

beforeAll(async () => {
  await initBackend('cpu');
  kernels = await loadFastKernels({ variant: 'simd' });
});

/**
 * Steps compared: the spline flow's early training amplifies float32 rounding about tenfold per
 * step from step 9 on, on the tfjs path alone too (the same run on tfjs's cpu and wasm backends:
 * 3e-7 relative at step 8, 4e-5 at step 10, 2e-3 at step 13); so its losses are compared over the
 * first 8 steps, plus one step's full gradients below. The affine flow stays within 1e-6 for 20.
 */
const twinSteps = { spline: 8, affine: 20 } as const;

describe('flow twins: fused against tfjs networks', () => {
  for (const coupling of ['spline', 'affine'] as const) {
    it(`${coupling}: the same seed and batches give the same losses within 1e-4`, () => {
      const cfg: Partial<FlowConfig> = { coupling, seed: 3 };
      const ref = createFlow(cfg, { fastKernels: kernels, trainingPath: 'tfjs' });
      const fused = createFlow(cfg, { fastKernels: kernels });
      try {
        expect(ref.trainingPath).toBe('tfjs');
        expect(fused.trainingPath).toBe('fused');
        const data = getDataset('two-moons');
        const a = trainSteps(ref, data, twinSteps[coupling], createRng(11), 128);
        const b = trainSteps(fused, data, twinSteps[coupling], createRng(11), 128);
        expect(a.ok && b.ok).toBe(true);
        const la = a.history.map((l) => l.loss);
        const lb = b.history.map((l) => l.loss);
        for (let i = 0; i < la.length; i++) expect(Math.abs(lb[i] - la[i]) / Math.abs(la[i])).toBeLessThan(1e-4);
      } finally {
        ref.dispose();
        fused.dispose();
      }
    });

    it(`${coupling}: one forward/backward with random weights gives the same gradients on both backends`, () => {
      // Hidden 16 as in the oracle test below: with 0.4·N(0, 1) weights at width 64 some bins get
      // so steep that float32 rounding of the network's output alone moves their gradients by 1e-4.
      const cfg: FlowConfig = { ...flowDefaults, coupling, hidden: 16, seed: 5 };
      const [ref, fused] = (['tfjs', 'fused'] as const).map((backend) => {
        const couplings = createCouplings(cfg, createRng(5), { fastKernels: kernels, trainingPath: backend === 'tfjs' ? 'tfjs' : undefined }, `twin-${backend}-${coupling}`);
        randomise(couplings.map((c) => c.net));
        return couplings;
      });
      expect(ref[0].net.backend).toBe('tfjs');
      expect(fused[0].net.backend).toBe('fused');
      const [ga, gb] = [ref, fused].map((couplings) => handGradient(couplings, probeBatch(128), 128));
      expect(relError(gb, ga)).toBeLessThan(1e-4);
      for (const c of [...ref, ...fused]) c.net.dispose();
    });
  }
});

/** Random weights everywhere (the last layers start at zero, which would hide most terms). */
function randomise(nets: Network[]): void {
  const wr = createRng(9);
  for (const net of nets) {
    const p = net.getParams();
    for (const w of [...p.weights, ...p.biases]) for (let i = 0; i < w.length; i++) w[i] = 0.4 * wr.normal();
    net.setParams(p);
  }
}

function probeBatch(n: number): Float32Array {
  const x = Float32Array.from({ length: 2 * n }, (_, i) => 3.5 * Math.sin(1.7 * i + 0.4));
  x[0] = 5; // one point in the spline's identity tail
  return x;
}

/** The flow's loss gradient by hand: dL/dx, then every network's dL/dweights and dL/dbiases. */
function handGradient(couplings: Coupling[], x: Float32Array, n: number): number[] {
  let h = x;
  const logDet = new Float64Array(n);
  for (const c of couplings) h = c.forward(h, n, logDet);
  let grad: Float32Array = Float32Array.from(h, (v) => v / n);
  for (let k = couplings.length - 1; k >= 0; k--) grad = couplings[k].backward(grad, -1 / n);
  return [
    ...grad,
    ...couplings.flatMap(({ net }) => {
      const g = net.getGrads();
      return [...g.weights.flatMap((w) => [...w]), ...g.biases.flatMap((b) => [...b])];
    }),
  ];
}

/**
 * The original tfjs flow (the oracle): for d = 2, layer k keeps coordinate k mod 2 and moves the
 * other; its network reads the kept column and outputs the moved coordinate's parameters.
 */
function oracleLoss(x: tf.Tensor2D, mlps: TfjsNetwork[], cfg: FlowConfig): tf.Scalar {
  const n = x.shape[0];
  let h = x;
  let logDet: tf.Tensor = tf.zeros([n, 1]);
  mlps.forEach((net, k) => {
    const keptCol = k % 2 === 0 ? 0 : 1;
    const kept = tf.slice(h, [0, keptCol], [-1, 1]);
    const moved = tf.slice(h, [0, 1 - keptCol], [-1, 1]);
    const out = net.mlp.apply(kept);
    let y: tf.Tensor2D;
    if (cfg.coupling === 'spline') {
      const r = rationalQuadraticSpline(moved, tf.reshape(out, [n, 1, -1]) as tf.Tensor3D, cfg.bins, cfg.tailBound, false);
      y = r.out;
      logDet = tf.add(logDet, r.logDeriv);
    } else {
      const c = cfg.maxLogScale;
      const s = tf.mul(tf.tanh(tf.div(tf.slice(out, [0, 0], [-1, 1]), c)), c);
      y = tf.add(tf.mul(moved, tf.exp(s)), tf.slice(out, [0, 1], [-1, 1])) as tf.Tensor2D;
      logDet = tf.add(logDet, s);
    }
    h = (keptCol === 0 ? tf.concat([kept, y], 1) : tf.concat([y, kept], 1)) as tf.Tensor2D;
  });
  const nll = tf.sub(tf.mul(0.5, tf.add(tf.sum(tf.square(h), 1, true), 2 * Math.log(2 * Math.PI))), logDet);
  return tf.mean(nll) as tf.Scalar;
}

describe('flow: the hand-written loss gradient against tfjs autodiff of the tfjs formulation', () => {
  for (const coupling of ['spline', 'affine'] as const) {
    it(`${coupling}: dL/dweights of every coupling network and dL/dx within 1e-4`, () => {
      const cfg: FlowConfig = { ...flowDefaults, coupling, hidden: 16, seed: 5 };
      const couplings = createCouplings(cfg, createRng(5), {}, 'oracle');
      const nets = couplings.map((c) => c.net);
      randomise(nets);
      const n = 64;
      const x = probeBatch(n);
      const hand = handGradient(couplings, x, n);

      const tfjsNets = nets.filter((net): net is TfjsNetwork => net instanceof TfjsNetwork);
      expect(tfjsNets.length).toBe(nets.length);
      const want = tf.tidy(() => {
        const xv = tf.variable(tf.tensor2d(x, [n, 2]), true, `oracle-x-${coupling}`);
        const vars = [xv, ...tfjsNets.flatMap((net) => [...net.mlp.weights, ...net.mlp.biases])];
        const { grads } = tf.variableGrads(() => oracleLoss(xv, tfjsNets, cfg), vars);
        const flat = vars.map((v) => [...grads[v.name].dataSync()]).flat();
        xv.dispose();
        return flat;
      });
      expect(relError(hand, want)).toBeLessThan(1e-4);
      for (const net of nets) net.dispose();
    });
  }
});

describe('flow: a non-finite gradient leaves the weights untouched', () => {
  for (const trainingPath of ['fused', 'tfjs'] as const) {
    it(`${trainingPath}: finite loss, overflowing gradient → ok: false, same density after`, () => {
      // One point at 1e30: y = x·eˢ stays finite in float32 and the loss in float64, but the
      // gradient of the scale, dL/dy · x · eˢ, overflows float32.
      withModel(createFlow({ coupling: 'affine', seed: 6 }, { fastKernels: kernels, trainingPath }), (model) => {
        const data = getDataset('eight-gaussians').sample(32, createRng(1));
        const good = tf.tensor2d(data.slice(), [32, 2]);
        expect(model.trainStep(good).ok).toBe(true);
        good.dispose();
        const probe = tf.tensor2d(data.slice(), [32, 2]); // tfjs may keep a reference to the array
        const before = take(model.logDensity(probe));
        data[1] = 1e30;
        const bad = tf.tensor2d(data, [32, 2]);
        const r = model.trainStep(bad);
        bad.dispose();
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.message).toMatch(/gradient/i);
        const after = take(model.logDensity(probe));
        probe.dispose();
        expect(Array.from(after)).toEqual(Array.from(before));
      });
    });
  }
});

/**
 * Robustness with the defaults on shapes no default was tuned on (tests/unit/models/unseen-shapes.ts):
 * energy distance of 2,000 samples ≤ 5× its noise floor after 3,000 steps.
 */
describe('flow: defaults on the unseen shapes', () => {
  for (const name of unseenShapes) {
    it(`${name}: within 5× the noise floor after 3,000 steps`, () => {
      withModel(createFlow({ seed: 1 }, { fastKernels: kernels }), (model) => {
        const run = trainAndScore(model, unseenShape(name), 3000, model.config.batchSize);
        console.log(describeRun(`flow (spline) on ${name}, 3000 steps`, run));
        expect(run.trainedRatio).toBeLessThan(5);
      });
    });
  }
});
