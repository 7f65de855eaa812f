import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { getDataset } from '../../../src/data/datasets';
import { createRng } from '../../../src/data/random';
import { initBackend } from '../../../src/models/backend';
import { createEbm, type EbmConfig } from '../../../src/models/ebm';
import { contrastiveDivergence } from '../../../src/models/ebm-cd';
import { importanceLoss } from '../../../src/models/ebm-importance';
import { loadFastKernels, type FastKernels } from '../../../src/models/fast/kernels';
import { trainSteps } from '../../../src/models/train';
import { toTensor } from '../../../src/models/tensor';
import { relError } from '../fast/rel-error';
import { expectSteadyTensorCount, take, withBatch } from './family-checks';

/**
 * The energy-based model on the fused kernels against the same model on tfjs (the oracle): both run
 * the same family code (./ebm.ts, ./ebm-cd.ts, ./langevin.ts) on a Network of either backend, from
 * the same seed, so they follow the same trajectory up to float32 rounding.
 */
let fastKernels: FastKernels;
beforeAll(async () => {
  await initBackend('wasm');
  fastKernels = await loadFastKernels({ variant: 'simd' });
});

const probe = Float32Array.from({ length: 64 }, (_, i) => 3 * Math.sin(1.7 * i + 0.3));

function twins(config: Partial<EbmConfig>) {
  return [createEbm({ seed: 4, ...config }, { fastKernels, trainingPath: 'tfjs' }), createEbm({ seed: 4, ...config }, { fastKernels })] as const;
}

describe('ebm twins: fused against tfjs', () => {
  // tol: the importance weights exp(−E)/q and MALA's accept step take exponentials of energies, which
  // amplify float32 rounding: the energies and chain positions after 20 steps differ by up to 2e-4
  // (measured) while the losses stay within 1e-4. The samples are compared point by point below.
  it.each([
    ['importance-sampled log Z (default)', {}, 1e-3],
    ['persistent MALA chains', { objective: 'cd' }, 1e-3],
    ['persistent tamed Langevin chains, samples from noise', { objective: 'cd', chainKernel: 'langevin', sampleStart: 'noise', emaDecay: 0 }, 1e-4],
  ] as [string, Partial<EbmConfig>, number][])('%s: 20 steps give the same losses, buffer, chains and samples', (_, config, tol) => {
    const [plain, fused] = twins(config);
    expect([plain.trainingPath, fused.trainingPath]).toEqual(['tfjs', 'fused']);
    const dataset = getDataset('eight-gaussians');
    const a = trainSteps(plain, dataset, 20, createRng(11), 128);
    const b = trainSteps(fused, dataset, 20, createRng(11), 128);
    expect(a.ok && b.ok).toBe(true);
    for (const key of Object.keys(a.history[0])) {
      expect(relError(b.history.map((l) => l[key]), a.history.map((l) => l[key]))).toBeLessThan(1e-4);
    }
    expect(fused.replayBuffer().length).toBe(plain.replayBuffer().length);
    if (plain.replayBuffer().length > 0) expect(relError(fused.replayBuffer(), plain.replayBuffer())).toBeLessThan(tol);
    expect(relError(fused.energy(probe), plain.energy(probe))).toBeLessThan(tol);
    expect(relError(fused.energyGradient(probe), plain.energyGradient(probe))).toBeLessThan(tol);
    // Langevin chains step for step (a step size that changes with k), and sample()'s gradient table.
    const ca = plain.langevin(probe, 15, (k) => 0.02 / (1 + k));
    const cb = fused.langevin(probe, 15, (k) => 0.02 / (1 + k));
    expect(cb).toHaveLength(16);
    cb.forEach((x, k) => expect(relError(x, ca[k])).toBeLessThan(tol));
    const [sa, sb] = [take(plain.sample(300)), take(fused.sample(300))];
    if (tol === 1e-4) expect(relError(sb, sa)).toBeLessThan(tol);
    else {
      // The grid draw's inverse CDF sums 40,000 cells' masses, so energies a few 1e-5 apart move
      // some draws to a neighbouring cell (0.04 away), and an accept step whose ratio lies within
      // rounding of its uniform can go the other way. Measured (importance): median 5e-5, 90th
      // percentile 3.4e-2, 97th 4.5e-2; (MALA chains): 90th 1.4e-5.
      const n = sa.length / 2;
      const d = Array.from({ length: n }, (_, i) => Math.hypot(sa[2 * i] - sb[2 * i], sa[2 * i + 1] - sb[2 * i + 1])).sort((x, y) => x - y);
      expect(d[n >> 1]).toBeLessThan(1e-3);
      expect(d[Math.floor(0.95 * n)]).toBeLessThan(0.1);
    }
    expect(Math.abs(fused.logPartition() - plain.logPartition())).toBeLessThan(tol / 2);
    plain.dispose();
    fused.dispose();
  });

  it('DSM runs on tfjs whatever the runtime (its loss differentiates twice), and trains', () => {
    const model = createEbm({ objective: 'dsm', seed: 2 }, { fastKernels });
    expect(model.trainingPath).toBe('tfjs');
    const run = trainSteps(model, getDataset('two-moons'), 20, createRng(3), 128);
    expect(run.ok).toBe(true);
    expect(run.history[19].loss).toBeLessThan(run.history[0].loss);
    model.dispose();
  });

  it('keeps the tensor count steady while training and sampling (fused)', () => {
    const fused = createEbm({ seed: 2 }, { fastKernels });
    expectSteadyTensorCount(fused, 64, () => {
      take(fused.sample(16));
      fused.langevin(probe, 3, 0.01);
      withBatch(8, (x) => take(fused.normalisedLogDensity(x)));
    });
  });
});

describe('ebm: the CD gradient against tfjs autodiff', () => {
  it('dL/dE of the contrastive-divergence loss matches tf.grad of the same loss', () => {
    const n = 37;
    const rng = createRng(5);
    const energies = Float32Array.from({ length: 2 * n }, () => 3 * rng.normal());
    for (const alpha of [0, 0.01, 0.7]) {
      const dOut = new Float32Array(2 * n);
      const terms = contrastiveDivergence(energies, n, alpha, dOut);
      const lossOf = (e: tf.Tensor): tf.Scalar => {
        const [pos, neg] = tf.split(e, 2);
        const reg = tf.add(tf.mean(tf.square(pos)), tf.mean(tf.square(neg)));
        return tf.add(tf.sub(tf.mean(pos), tf.mean(neg)), tf.mul(reg, alpha)) as tf.Scalar;
      };
      const [loss, grad] = tf.tidy(() => {
        const e = tf.tensor1d(energies);
        return [take(lossOf(e)), take(tf.grad(lossOf)(e))];
      });
      expect(Math.abs(terms.loss - loss[0]) / Math.abs(loss[0])).toBeLessThan(1e-4);
      expect(relError(dOut, grad)).toBeLessThan(1e-4);
    }
  });
});

describe('ebm: the importance-sampled loss against tfjs autodiff', () => {
  it('dL/dE matches tf.grad of mean E⁺ + α mean E⁺² + log((1/m) Σ exp(−E_k)/q_k)', () => {
    const [n, m] = [23, 41];
    const rng = createRng(6);
    const energies = Float32Array.from({ length: n + m }, () => 3 * rng.normal());
    const logQ = Float64Array.from({ length: m }, () => -4 + rng.normal());
    for (const alpha of [0, 0.01, 0.7]) {
      const dOut = new Float32Array(n + m);
      const terms = importanceLoss(energies, n, logQ, alpha, dOut);
      const lossOf = (e: tf.Tensor): tf.Scalar => {
        const [pos, neg] = tf.split(e, [n, m]);
        const logW = tf.sub(tf.neg(neg), tf.tensor1d(Float32Array.from(logQ)));
        const logZ = tf.sub(tf.logSumExp(logW), Math.log(m));
        return tf.add(tf.add(tf.mean(pos), tf.mul(tf.mean(tf.square(pos)), alpha)), logZ) as tf.Scalar;
      };
      const [loss, grad] = tf.tidy(() => {
        const e = tf.tensor1d(energies);
        return [take(lossOf(e)), take(tf.grad(lossOf)(e))];
      });
      expect(Math.abs(terms.loss - loss[0]) / Math.abs(loss[0])).toBeLessThan(1e-4);
      expect(relError(dOut, grad)).toBeLessThan(1e-4);
      expect(terms.effectiveSamples).toBeGreaterThanOrEqual(1);
      expect(terms.effectiveSamples).toBeLessThanOrEqual(m);
    }
  });
});

describe('ebm: a non-finite step leaves the weights untouched', () => {
  it.each(['fused', 'tfjs'] as const)('%s: a step at a diverging learning rate fails and the energy stays as it was', (path) => {
    const model = createEbm({ learningRate: 1e4, seed: 8 }, { fastKernels, trainingPath: path });
    expect(model.trainingPath).toBe(path);
    const dataset = getDataset('eight-gaussians');
    const rng = createRng(2);
    let failed = false;
    for (let step = 0; step < 100 && !failed; step++) {
      const before = model.energy(probe);
      const batch = toTensor(dataset.sample(256, rng), 2);
      const result = model.trainStep(batch);
      batch.dispose();
      if (!result.ok) {
        failed = true;
        expect(result.message).toMatch(/non-finite/);
        expect(Array.from(model.energy(probe))).toEqual(Array.from(before));
      }
    }
    expect(failed).toBe(true);
    model.dispose();
  });
});
