import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { eightGaussianCentres } from '../../../src/data/toy/eight-gaussians';
import { getDataset } from '../../../src/data/datasets';
import { createRng } from '../../../src/data/random';
import { energyDistance } from '../../../src/metrics/energy-distance';
import { loadFastKernels } from '../../../src/models/fast/kernels';
import { createGan } from '../../../src/models/gan';
import { cachedNoiseFloor } from '../../../src/models/report';
import {
  describeRun,
  driveToDivergence,
  expectConfigErrors,
  expectDisposeFreesAll,
  expectNonFiniteReport,
  expectSteadyTensorCount,
  expectTwoMoonsWithinFloor,
  fitOnEightGaussians,
  take,
  train,
  trainAndScore,
  uniformBatch,
  withModel,
} from './family-checks';

/**
 * Quality bar: energy distance of 2,000 samples to 2,000 fresh points below M × the noise floor.
 * A GAN's generator is a continuous map of one blob of noise, so on 8 well separated Gaussians it
 * keeps thin bridges between modes (about a fifth of its samples lie between them), and adversarial
 * training oscillates, so the score moves from one checkpoint to the next and from seed to seed:
 * hence a looser M than the other families. An untrained generator (350–515× here), a generator
 * collapsed on one point or one mode (over 1,000×) all fail it.
 *
 * The spread over seeds, with and without the R1 penalty, is in docs/DESIGN.md; one seed's score
 * also moves by a few × with the evaluation's draws.
 */
const M = 8;

function ratioToFloor(samples: Float32Array, datasetName: string, seed: number): number {
  const dataset = getDataset(datasetName);
  const n = samples.length / 2;
  return energyDistance(samples, dataset.sample(n, createRng(seed))) / cachedNoiseFloor(dataset, n).mean;
}

const fit = fitOnEightGaussians(() => createGan({ seed: 1 }), 2000, 'gan (non-saturating)');

describe('gan: quality', () => {
  it('eight Gaussians, seeds 1–3 (fused path): median within M × noise floor, no seed collapsed', async () => {
    // One seed is a coin toss (see the figures above), so three seeds, and the bar on their median;
    // every seed must also stay under 2M, far below a collapsed generator's 1,000× and more.
    const fastKernels = await loadFastKernels();
    const ratios: number[] = [];
    for (const seed of [1, 2, 3]) {
      withModel(createGan({ seed }, { fastKernels }), (model) => {
        expect(model.trainingPath).toBe('fused');
        const run = trainAndScore(model, 'eight-gaussians', 2000, model.config.batchSize);
        console.log(describeRun(`gan (non-saturating, fused, seed ${seed}) on eight-gaussians, 2000 steps`, run));
        expect(run.untrainedRatio).toBeGreaterThan(M);
        ratios.push(run.trainedRatio);
      });
    }
    const median = [...ratios].sort((a, b) => a - b)[1];
    expect(median).toBeLessThan(M);
    for (const r of ratios) expect(r).toBeLessThan(2 * M);
  });

  it('eight Gaussians, tfjs path (seed 1, 2,000 steps): far better than untrained', () => {
    // The readable path follows the fused one step for step (fused-path.test.ts) but float32 rounding
    // makes long adversarial runs drift apart, so this one is held to the looser per-seed bar.
    expect(fit.run.untrainedRatio).toBeGreaterThan(M);
    expect(fit.run.trainedRatio).toBeLessThan(2 * M);
  });

  it('a collapsed generator fails the same bound: all samples on one centre, or all in one mode', () => {
    const rng = createRng(21);
    const onePoint = new Float32Array(4000);
    const oneMode = new Float32Array(4000);
    for (let i = 0; i < 2000; i++) {
      onePoint[2 * i] = eightGaussianCentres[0];
      onePoint[2 * i + 1] = eightGaussianCentres[1];
      oneMode[2 * i] = eightGaussianCentres[0] + 0.1 * rng.normal();
      oneMode[2 * i + 1] = eightGaussianCentres[1] + 0.1 * rng.normal();
    }
    const r1 = ratioToFloor(onePoint, 'eight-gaussians', 22);
    const r2 = ratioToFloor(oneMode, 'eight-gaussians', 23);
    console.log(`collapsed generators on eight-gaussians: one point ${r1.toFixed(0)}×, one mode ${r2.toFixed(0)}× floor`);
    expect(r1).toBeGreaterThan(M);
    expect(r2).toBeGreaterThan(M);
  });

  it('two moons: samples within M × noise floor; the untrained generator is not', () => {
    // Two discriminator updates per generator update: with one, this seed sits at 10–14× at 1,500 steps.
    expectTwoMoonsWithinFloor(() => createGan({ seed: 2, dSteps: 2 }), 1500, 'gan (non-saturating, 2 D steps)', M);
  });
});

describe('gan: losses', () => {
  it('wgan-gp: the gradient penalty trains on the wasm backend (a gradient of a gradient)', () => {
    expect(tf.getBackend()).toBe('wasm');
    const model = createGan({ loss: 'wgan-gp', dSteps: 3, seed: 3 });
    try {
      const dataset = getDataset('two-moons');
      const rng = createRng(5);
      const first = take(model.sample(1000));
      let last: Record<string, number> = {};
      for (let step = 0; step < 150; step++) {
        const batch = tf.tensor2d(dataset.sample(256, rng), [256, 2]);
        const r = model.trainStep(batch);
        batch.dispose();
        expect(r.ok).toBe(true);
        last = r.losses;
      }
      for (const key of ['loss', 'dLoss', 'gLoss', 'gradientPenalty', 'wasserstein']) expect(Number.isFinite(last[key])).toBe(true);
      // The penalty is computed through tf.grad inside the loss (with leakyRelu tfjs would throw
      // here), and the generator has moved towards the data.
      const after = take(model.sample(1000));
      expect(ratioToFloor(after, 'two-moons', 6)).toBeLessThan(ratioToFloor(first, 'two-moons', 6) / 2);
    } finally {
      model.dispose();
    }
  });

  it('hinge: trains on two moons (600 steps: well on its way to the bound)', () => {
    const model = createGan({ loss: 'hinge', seed: 4 });
    try {
      const before = ratioToFloor(take(model.sample(2000)), 'two-moons', 8);
      train(model, 600, 256, 7, 'two-moons');
      const ratio = ratioToFloor(take(model.sample(2000)), 'two-moons', 8);
      console.log(`gan (hinge) on two-moons, 600 steps: ${ratio.toFixed(2)}× floor (untrained ${before.toFixed(0)}×)`);
      expect(ratio).toBeLessThan(before / 5);
    } finally {
      model.dispose();
    }
  });
});

describe('gan: widget views', () => {
  it('discriminate gives probabilities; generate is the sampler’s map; generatorGradients raise D', () => {
    const pts = getDataset('eight-gaussians').sample(300, createRng(9));
    const p = fit.model.discriminate(pts);
    expect(p.length).toBe(300);
    for (const v of p) expect(v >= 0 && v <= 1).toBe(true);

    const z = fit.model.sampleLatent(200);
    expect(z.length).toBe(200 * fit.model.config.latentDim);
    const x = fit.model.generate(z);
    expect(x.length).toBe(400);
    expect(Array.from(fit.model.generate(z))).toEqual(Array.from(x));

    // Moving each generated point a little along −∇ℓ_G raises D there (on average).
    const g = fit.model.generatorGradients(x);
    expect(g.length).toBe(400);
    let norm = 0;
    for (const v of g) norm += v * v;
    const h = 1e-3 / Math.sqrt(norm / 200);
    const moved = x.map((v, i) => v + h * g[i]);
    const before = fit.model.discriminate(x).reduce((s, v) => s + v, 0);
    const after = fit.model.discriminate(moved).reduce((s, v) => s + v, 0);
    expect(after).toBeGreaterThan(before);
  });
});

describe('gan: resources and failure', () => {
  it.each(['non-saturating', 'wgan-gp'] as const)('%s: holds the tensor count over 200 more steps and after every view', (loss) => {
    const model = createGan({ loss, seed: 6 });
    expectSteadyTensorCount(model, 128, () => {
      take(model.sample(50));
      const pts = new Float32Array(40).fill(0.5);
      model.discriminate(pts);
      model.generate(model.sampleLatent(20));
      model.generatorGradients(pts);
    });
  });

  it('dispose frees both networks and both optimisers', () => {
    expectDisposeFreesAll(() => createGan({ seed: 7, loss: 'wgan-gp' }));
  });

  it.each(['wgan-gp'] as const)('%s: a diverging learning rate is reported as a non-finite loss', (loss) => {
    withModel(createGan({ loss, learningRate: 1e8, dLearningRate: 1e8, seed: 8 }), (model) => {
      const result = expectNonFiniteReport(model, 100);
      if (!result.ok) expect(result.message).toMatch(/diverge/);
    });
  });

  it('non-saturating: at absurd learning rates the game collapses without overflowing, and never throws', () => {
    // (Hinge behaves alike.) Its losses are softplus of the logits: the discriminator wins outright, σ(D) saturates at 0
    // and 1, the gradients vanish or the units die, and every loss stays finite (from 10 to 1e8 in
    // our runs). driveToDivergence checks that each step reports finite terms and throws nothing.
    withModel(createGan({ learningRate: 10, dLearningRate: 10, seed: 8 }), (model) => {
      expect(driveToDivergence(model, 50).failedAt).toBe(-1);
    });
  });

  it('rejects nonsense configurations with a ConfigError naming the field', () => {
    expectConfigErrors(createGan, [
      [{ hidden: 0 }, /hidden/],
      [{ learningRate: -1 }, /learningRate/],
      [{ loss: 'least-squares' as never }, /loss/],
      [{ latentDim: 0 }, /latentDim/],
      [{ dSteps: 0 }, /dSteps/],
      [{ beta1: 1 }, /beta1/],
      [{ latent: 'cauchy' as never }, /latent/],
      [{ loss: 'wgan-gp', activation: 'leakyRelu' }, /activation/],
      [{ steps: 3 } as never, /no field "steps"/],
    ]);
  });
});

describe('gan: dimension 196 (14×14 images)', () => {
  it.each(['non-saturating', 'wgan-gp', 'hinge'] as const)('%s: one training step and samples of the right shape', (loss) => {
    const model = createGan({ dim: 196, latentDim: 16, hidden: 32, loss, seed: 9 });
    try {
      const x = uniformBatch(16, 196);
      const r = model.trainStep(x);
      x.dispose();
      expect(r.ok).toBe(true);
      const s = model.sample(3);
      expect(s.shape).toEqual([3, 196]);
      expect(take(s).every(Number.isFinite)).toBe(true);
      expect(model.discriminate(new Float32Array(196)).length).toBe(1);
    } finally {
      model.dispose();
    }
  });
});
