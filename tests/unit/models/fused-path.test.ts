import { beforeAll, describe, expect, it } from 'vitest';
import { getDataset } from '../../../src/data/datasets';
import { createRng } from '../../../src/data/random';
import { initBackend } from '../../../src/models/backend';
import { createEbm, type EbmConfig } from '../../../src/models/ebm';
import { loadFastKernels, type FastKernels } from '../../../src/models/fast/kernels';
import { trainSteps } from '../../../src/models/train';
import type { ToyModel } from '../../../src/models/types';
import { describeRun, driveToDivergence, expectNonFiniteReport, expectSteadyTensorCount, expectWithinFloor, take, trainAndScore, withBatch } from './family-checks';
import { relError } from '../fast/rel-error';

/**
 * The families' fused training path (src/models/fast, chosen with createModel's runtime) against
 * their readable tfjs path: the same seeds give the same batches, steps, noise and latents, so the
 * two must follow the same trajectory, up to float32 rounding (different summation orders), which
 * a few dozen Adam steps amplify only slightly.
 */
let kernels: FastKernels;

beforeAll(async () => {
  await initBackend('wasm');
  kernels = await loadFastKernels();
});

/** Train both models `steps` steps on the same seeded batches; returns each path's loss history. */
function trainTwins(tfjsModel: ToyModel, fusedModel: ToyModel, steps: number, batchSize: number): [number[], number[]] {
  const dataset = getDataset('eight-gaussians');
  const a = trainSteps(tfjsModel, dataset, steps, createRng(11), batchSize);
  const b = trainSteps(fusedModel, dataset, steps, createRng(11), batchSize);
  expect(a.ok && b.ok).toBe(true);
  return [a.history.map((l) => l.loss), b.history.map((l) => l.loss)];
}

const probe = Float32Array.from({ length: 64 }, (_, i) => 3 * Math.sin(1.7 * i + 0.3));

describe('fused path: energy-based model (Langevin chains in the kernels)', () => {
  const configs: Partial<EbmConfig>[] = [{}, { objective: 'dsm', activation: 'tanh' }];
  for (const config of configs) {
    it(`follows the tfjs path step for step, and samples the same chains (${JSON.stringify(config)})`, () => {
      const plain = createEbm({ seed: 4, ...config });
      const fused = createEbm({ seed: 4, ...config }, { fastKernels: kernels });
      expect([plain.trainingPath, fused.trainingPath]).toEqual(['tfjs', 'fused']);
      const [la, lb] = trainTwins(plain, fused, 30, 128);
      expect(relError(lb, la)).toBeLessThan(1e-3);
      expect(relError(fused.replayBuffer(), plain.replayBuffer())).toBeLessThan(1e-3);
      // sample(): 100 Langevin steps from uniform noise, every noise draw shared.
      expect(relError(take(fused.sample(300)), take(plain.sample(300)))).toBeLessThan(1e-3);
      const a = plain.langevin(probe, 15, (k) => 0.02 / (1 + k));
      const b = fused.langevin(probe, 15, (k) => 0.02 / (1 + k));
      expect(b).toHaveLength(16);
      b.forEach((x, k) => expect(relError(x, a[k])).toBeLessThan(1e-4));
      plain.dispose();
      fused.dispose();
    });
  }

  it('keeps the tensor count steady while training and sampling', () => {
    const fused = createEbm({ seed: 2 }, { fastKernels: kernels });
    expectSteadyTensorCount(fused, 64, () => {
      take(fused.sample(16));
      fused.langevin(probe, 3, 0.01);
      withBatch(8, (x) => take(fused.normalisedLogDensity(x)));
    });
  });
});
