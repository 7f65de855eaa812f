import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDataset } from '../../../src/data/datasets';
import { createRng } from '../../../src/data/random';
import { initBackend } from '../../../src/models/backend';
import { loadFastKernels, type FastKernels } from '../../../src/models/fast/kernels';
import { createGan, type GanConfig } from '../../../src/models/gan';
import { discriminatorLoss, generatorLoss, type OutputLoss } from '../../../src/models/gan-losses';
import { createNetwork, type Network } from '../../../src/models/network';
import { r1Penalty } from '../../../src/models/r1-penalty';
import { trainSteps } from '../../../src/models/train';
import { relError } from '../fast/rel-error';
import { allowHeavyRuns, describeRun, driveToDivergence, expectSteadyTensorCount, expectWithinFloor, take, trainAndScore } from './family-checks';
import { unseenShape, unseenShapes } from './unseen-shapes';

/**
 * The GAN on its two backends: one family code (losses as gradients with respect to D's outputs,
 * the generator's gradient through D's input gradient), G and D on the fused kernels or on tfjs.
 */
let kernels: FastKernels;

beforeAll(async () => {
  await initBackend('wasm');
  kernels = await loadFastKernels({ variant: 'simd' });
});
allowHeavyRuns();

const probe = Float32Array.from({ length: 64 }, (_, i) => 3 * Math.sin(1.7 * i + 0.3));

describe('GAN twins: fused against tfjs', () => {
  const configs: Partial<GanConfig>[] = [{}, { loss: 'hinge', dSteps: 2, latent: 'uniform', activation: 'silu', dLearningRate: 3e-4 }];
  for (const config of configs) {
    it(`train step for step, and read alike (${JSON.stringify(config)})`, () => {
      const plain = createGan({ seed: 4, ...config }, { fastKernels: kernels, trainingPath: 'tfjs' });
      const fused = createGan({ seed: 4, ...config }, { fastKernels: kernels });
      expect([plain.trainingPath, fused.trainingPath]).toEqual(['tfjs', 'fused']);
      const dataset = getDataset('eight-gaussians');
      const a = trainSteps(plain, dataset, 20, createRng(11), 128);
      const b = trainSteps(fused, dataset, 20, createRng(11), 128);
      expect(a.ok && b.ok).toBe(true);
      for (const key of ['dLoss', 'gLoss']) expect(relError(b.history.map((l) => l[key]), a.history.map((l) => l[key]))).toBeLessThan(1e-4);
      expect(relError(fused.discriminate(probe), plain.discriminate(probe))).toBeLessThan(1e-4);
      expect(relError(fused.generate(probe), plain.generate(probe))).toBeLessThan(1e-4);
      expect(relError(fused.generatorGradients(probe), plain.generatorGradients(probe))).toBeLessThan(1e-4);
      expect(relError(take(fused.sample(100)), take(plain.sample(100)))).toBeLessThan(1e-4);
      plain.dispose();
      fused.dispose();
    });
  }

  it('WGAN-GP takes tfjs for both networks (its penalty needs a second derivative) and trains', () => {
    const model = createGan({ loss: 'wgan-gp', seed: 3 }, { fastKernels: kernels });
    expect(model.trainingPath).toBe('tfjs');
    const run = trainSteps(model, getDataset('eight-gaussians'), 5, createRng(2), 64);
    expect(run.ok).toBe(true);
    expect(Number.isFinite(run.lastLosses!.gradientPenalty)).toBe(true);
    model.dispose();
  });

  it('the fused path keeps the tensor count steady while training and reading its fields', () => {
    const fused = createGan({ seed: 2 }, { fastKernels: kernels });
    expectSteadyTensorCount(fused, 64, () => {
      fused.discriminate(probe);
      fused.generatorGradients(probe);
      take(fused.sample(16));
    });
  });

  it('at absurd learning rates never throws, and reads back finite values', () => {
    const fused = createGan({ seed: 4, loss: 'hinge', learningRate: 1e12, dLearningRate: 1e12 }, { fastKernels: kernels });
    const { failedAt, result } = driveToDivergence(fused, 200);
    if (failedAt >= 0) expect(result && !result.ok && result.message).toMatch(/non-finite/);
    expect(Array.from(fused.discriminate(probe)).every(Number.isFinite)).toBe(true);
    fused.dispose();
  });
});

/** The old tfjs formulation of each loss, as a function of D's outputs on real and generated rows. */
function tfjsLosses(loss: OutputLoss, real: tf.Tensor1D, fake: tf.Tensor1D): { d: tf.Scalar; g: tf.Scalar } {
  if (loss === 'non-saturating') {
    return { d: tf.add(tf.mean(tf.softplus(tf.neg(real))), tf.mean(tf.softplus(fake))) as tf.Scalar, g: tf.mean(tf.softplus(tf.neg(fake))) as tf.Scalar };
  }
  if (loss === 'hinge') {
    return { d: tf.add(tf.mean(tf.relu(tf.sub(1, real))), tf.mean(tf.relu(tf.add(1, fake)))) as tf.Scalar, g: tf.neg(tf.mean(fake)) as tf.Scalar };
  }
  return { d: tf.sub(tf.mean(fake), tf.mean(real)) as tf.Scalar, g: tf.neg(tf.mean(fake)) as tf.Scalar };
}

describe('GAN losses against tfjs autodiff', () => {
  for (const loss of ['non-saturating', 'hinge', 'wgan'] as const) {
    it(`${loss}: L_D, L_G and their gradients with respect to D's outputs`, () => {
      const rng = createRng(5);
      const n = 64;
      // Logits spread over ±6, away from the hinge's kinks at ±1.
      const logits = Float32Array.from({ length: 2 * n }, () => {
        const u = 3 * rng.normal();
        return Math.abs(Math.abs(u) - 1) < 1e-2 ? u + 0.1 : u;
      });
      const dOutD = new Float32Array(2 * n);
      const dOutG = new Float32Array(n);
      const lD = discriminatorLoss(loss, logits, n, dOutD);
      const lG = generatorLoss(loss, logits.subarray(n), n, dOutG);
      const [vD, gD, vG, gG] = tf.tidy(() => {
        const fD = (u: tf.Tensor) => tfjsLosses(loss, tf.slice(u, 0, n) as tf.Tensor1D, tf.slice(u, n, n) as tf.Tensor1D).d;
        const fG = (u: tf.Tensor) => tfjsLosses(loss, u as tf.Tensor1D, u as tf.Tensor1D).g;
        const all = tf.tensor1d(logits);
        const fake = tf.tensor1d(logits.subarray(n));
        return [fD(all).dataSync()[0], Float32Array.from(tf.grad(fD)(all).dataSync()), fG(fake).dataSync()[0], Float32Array.from(tf.grad(fG)(fake).dataSync())];
      });
      expect(relError([lD, lG], [vD, vG])).toBeLessThan(1e-4);
      expect(relError(dOutD, gD)).toBeLessThan(1e-4);
      expect(relError(dOutG, gG)).toBeLessThan(1e-4);
    });
  }

  it('generatorGradients is −∇ₓ ℓ_G through D, as tfjs autodiff computes it', () => {
    const model = createGan({ seed: 6, emaDecay: 0 }, { fastKernels: kernels, trainingPath: 'tfjs' });
    trainSteps(model, getDataset('eight-gaussians'), 10, createRng(1), 64);
    // Finite differences of ℓ_G(x) = softplus(−D(x)), D from discriminate's probability p = σ(D).
    const x = probe.subarray(0, 8);
    const g = model.generatorGradients(x);
    const h = 1e-3;
    const ell = (p: Float32Array) => Array.from(model.discriminate(p), (q) => -Math.log(q));
    for (let k = 0; k < x.length; k++) {
      const up = x.slice();
      const down = x.slice();
      up[k] += h;
      down[k] -= h;
      const i = Math.floor(k / 2);
      const fd = -(ell(up)[i] - ell(down)[i]) / (2 * h);
      expect(Math.abs(g[k] - fd)).toBeLessThan(2e-3 + 1e-2 * Math.abs(fd));
    }
    model.dispose();
  });
});

describe('R1 penalty: its gradient', () => {
  // The oracle is a central difference in parameter space of the penalty itself, computed from
  // input gradients: independent of the Hessian-vector difference the model uses (and of tfjs's
  // second derivatives, which do not flow through ops that save their outputs, such as tanh).
  it('the Hessian-vector difference is ∇_θ (γ/2) mean ‖∇ₓD‖², on both backends', () => {
    const spec = { sizes: [2, 16, 16, 1], activation: 'tanh' as const, learningRate: 1e-3 };
    const n = 48;
    const gamma = 0.7;
    const x = Float32Array.from({ length: 2 * n }, (_, i) => 1.5 * Math.sin(0.9 * i + 0.4));
    const ones = new Float32Array(n).fill(1);
    const flat = (p: { weights: Float32Array[]; biases: Float32Array[] }) => [...p.weights.flatMap((w) => [...w]), ...p.biases.flatMap((b) => [...b])];
    for (const backend of ['tfjs', 'fused'] as const) {
      const net: Network = createNetwork({ ...spec, name: `r1-${backend}` }, createRng(5), { fastKernels: kernels }, backend);
      const penaltyAt = (): number => {
        const g = net.inputGradient(x, n, ones, 'trained');
        let s = 0;
        for (const v of g) s += v * v;
        return (gamma / 2) * (s / n);
      };
      const base = net.getParams();
      const expected: number[] = [];
      const h = 1e-3;
      for (const part of ['weights', 'biases'] as const) {
        for (let l = 0; l < base[part].length; l++) {
          for (let j = 0; j < base[part][l].length; j++) {
            const shifted = (delta: number) => {
              const p = { weights: base.weights.map((w) => w.slice()), biases: base.biases.map((b) => b.slice()) };
              p[part][l][j] += delta;
              net.setParams(p);
              return penaltyAt();
            };
            expected.push((shifted(h) - shifted(-h)) / (2 * h));
          }
        }
      }
      net.setParams(base);
      const r1 = r1Penalty(gamma);
      const penalty = r1.measure(net, x, n, 2);
      net.forward(x, n);
      net.backward(new Float32Array(n)); // zero gradients, so the stored ones are R1's alone
      r1.addTo(net);
      expect(penalty).toBeCloseTo(penaltyAt(), 6);
      const err = relError(flat(net.getGrads()), expected);
      console.log(`R1 gradient (${backend}): relative error ${err.toExponential(1)} against the parameter-space difference`);
      expect(err, backend).toBeLessThan(1e-3);
      net.dispose();
    }
  });
});

describe('R1 penalty: measured every k-th update, held between', () => {
  it('adds the gradient it measured, unchanged, until the k-th update after, then measures again at the new rows (both backends)', () => {
    const n = 16;
    const spec = { sizes: [2, 8, 1], activation: 'tanh' as const, learningRate: 1e-3 };
    const rows = (shift: number) => Float32Array.from({ length: 2 * n }, (_, i) => Math.sin(0.7 * i + shift));
    for (const backend of ['fused', 'tfjs'] as const) {
      const net: Network = createNetwork({ ...spec, name: `r1-held-${backend}` }, createRng(3), { fastKernels: kernels }, backend);
      const heldAfter = (r1: ReturnType<typeof r1Penalty>, x: Float32Array): number[] => {
        r1.measure(net, x, n, 2);
        net.forward(rows(0), n);
        net.backward(new Float32Array(n)); // zero gradients, so the stored ones are the penalty's alone
        r1.addTo(net);
        return [...net.getGrads().weights[0]];
      };
      const every3 = r1Penalty(0.5, 3);
      const first = heldAfter(every3, rows(0));
      // Updates 2 and 3 see other rows but add the gradient measured at update 1.
      expect(heldAfter(every3, rows(1))).toEqual(first);
      expect(heldAfter(every3, rows(2))).toEqual(first);
      // Update 4 measures again, at its own rows: what a fresh penalty measures there.
      const fourth = heldAfter(every3, rows(3));
      expect(fourth).not.toEqual(first);
      expect(fourth).toEqual(heldAfter(r1Penalty(0.5, 1), rows(3)));
      net.dispose();
    }
  });
});

describe('GAN: failure and robustness', () => {
  it('a non-finite loss or gradient leaves both networks untouched, on either backend', () => {
    for (const trainingPath of ['fused', 'tfjs'] as const) {
      const model = createGan({ seed: 2, emaDecay: 0 }, { fastKernels: kernels, trainingPath });
      trainSteps(model, getDataset('eight-gaussians'), 3, createRng(1), 32);
      let failures = 0;
      for (const scale of [1e15, 1e20, 1e25, 1e30, 1e38, NaN]) {
        const d = model.discriminate(probe);
        const z = Float32Array.from({ length: 20 }, (_, i) => Math.cos(i));
        const g = model.generate(z);
        const batch = tf.tensor2d(Float32Array.from({ length: 64 }, (_, i) => (i === 5 ? scale : Math.sin(i))), [32, 2]);
        const r = model.trainStep(batch);
        batch.dispose();
        if (!r.ok) {
          failures++;
          expect(r.message).toMatch(/non-finite/);
          expect(Array.from(model.discriminate(probe))).toEqual(Array.from(d));
          expect(Array.from(model.generate(z))).toEqual(Array.from(g));
        }
      }
      expect(failures).toBeGreaterThan(0);
      model.dispose();
    }
  });

  // heavy-tails needs the R1 penalty: without it the generator drifts into the peak (15–130× the floor).
  for (const shape of unseenShapes) {
    it(`${shape}: within 10× the noise floor with the lab's defaults`, () => {
      const model = createGan({ seed: 1 }, { fastKernels: kernels });
      const run = trainAndScore(model, unseenShape(shape), 3000, model.config.batchSize);
      console.log(describeRun(`gan on ${shape}, 3000 steps`, run));
      expectWithinFloor(run, 10);
      model.dispose();
    });
  }
});
