import { beforeAll, describe, expect, it } from 'vitest';
import { getDataset } from '../../../src/data/datasets';
import { createRng } from '../../../src/data/random';
import { initBackend } from '../../../src/models/backend';
import { createDiffusion, type DiffusionConfig } from '../../../src/models/diffusion';
import { loadFastKernels, type FastKernels } from '../../../src/models/fast/kernels';
import { createGan, type GanConfig } from '../../../src/models/gan';
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

describe('fused path: diffusion', () => {
  const twins = (config: Partial<DiffusionConfig>) =>
    [createDiffusion({ seed: 4, ...config }), createDiffusion({ seed: 4, ...config }, { fastKernels: kernels })] as const;

  for (const config of [{}, { noise: 'gamma', activation: 'relu', emaDecay: 0 }] as Partial<DiffusionConfig>[]) {
    it(`follows the tfjs path step for step (${JSON.stringify(config)})`, () => {
      const [plain, fused] = twins(config);
      expect([plain.trainingPath, fused.trainingPath]).toEqual(['tfjs', 'fused']);
      const [la, lb] = trainTwins(plain, fused, 40, 128);
      expect(relError(lb, la)).toBeLessThan(1e-3);
      // ε_θ at fixed points, through the EMA weights when there are any: the mirrored weights reach tfjs.
      for (const t of [1, 50, 100]) expect(relError(fused.predictNoise(probe, t), plain.predictNoise(probe, t))).toBeLessThan(1e-3);
      // Sampling evaluates ε_θ in the fused kernels and updates x in plain arrays: the same draws
      // give the same samples, deterministic DDIM, stochastic DDIM (η = 1) and ancestral.
      expect(relError(take(fused.sampleDdim(200, 10)), take(plain.sampleDdim(200, 10)))).toBeLessThan(1e-3);
      expect(relError(take(fused.sampleDdim(200, 10, 1)), take(plain.sampleDdim(200, 10, 1)))).toBeLessThan(1e-3);
      expect(relError(take(fused.sample(200)), take(plain.sample(200)))).toBeLessThan(1e-3);
      const [ta, tb] = [plain.reverseTrajectories(50, 25), fused.reverseTrajectories(50, 25)];
      expect(tb.length).toBe(ta.length);
      for (let i = 0; i < ta.length; i++) expect(relError(tb[i], ta[i])).toBeLessThan(1e-3);
      plain.dispose();
      fused.dispose();
    });
  }

  it('keeps the tensor count steady while training and reading samples', () => {
    const fused = createDiffusion({ seed: 4 }, { fastKernels: kernels });
    expectSteadyTensorCount(fused, 64, () => {
      take(fused.sample(16));
      take(fused.sampleDdim(16, 5));
    });
  });

  it('reports an overflowing learning rate as a non-finite loss, as the tfjs path does', () => {
    // The same setting as diffusion.test.ts: at 1e4 the first update overflows float32.
    const fused = createDiffusion({ learningRate: 1e4, seed: 8 }, { fastKernels: kernels });
    expectNonFiniteReport(fused, 100);
    fused.dispose();
  });

  it('learns eight Gaussians as well as the tfjs path (within 5× the noise floor)', () => {
    const fused = createDiffusion({}, { fastKernels: kernels });
    const run = trainAndScore(fused, 'eight-gaussians', 3000, fused.config.batchSize);
    console.log(describeRun('diffusion, fused path, 3000 steps', run));
    expectWithinFloor(run, 5);
    fused.dispose();
  });
});

describe('fused path: GAN', () => {
  const configs: Partial<GanConfig>[] = [{}, { loss: 'hinge', dSteps: 2, latent: 'uniform', activation: 'silu', dLearningRate: 3e-4 }];
  for (const config of configs) {
    it(`follows the tfjs path step for step (${JSON.stringify(config)})`, () => {
      const plain = createGan({ seed: 4, ...config });
      const fused = createGan({ seed: 4, ...config }, { fastKernels: kernels });
      expect([plain.trainingPath, fused.trainingPath]).toEqual(['tfjs', 'fused']);
      const [la, lb] = trainTwins(plain, fused, 30, 128);
      expect(relError(lb, la)).toBeLessThan(1e-3);
      expect(relError(fused.discriminate(probe), plain.discriminate(probe))).toBeLessThan(1e-3);
      expect(relError(fused.generate(probe), plain.generate(probe))).toBeLessThan(1e-3);
      plain.dispose();
      fused.dispose();
    });
  }

  it('keeps WGAN-GP on the tfjs path (its penalty needs a second derivative)', () => {
    const model = createGan({ loss: 'wgan-gp' }, { fastKernels: kernels });
    expect(model.trainingPath).toBe('tfjs');
    model.dispose();
  });

  it('keeps the tensor count steady while training and reading its fields', () => {
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
