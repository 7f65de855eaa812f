import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { getDataset, type Dataset } from '../../../src/data/datasets';
import { createRng } from '../../../src/data/random';
import { gridLogPartition, gridPoints, heldOutNll } from '../../../src/metrics/likelihood';
import { MIXING_LIMITS } from '../../../src/models/ebm-mixing';
import { unseenShape } from './unseen-shapes';
import { createEbm, type EbmConfig } from '../../../src/models/ebm';
import { loadFastKernels, type FastKernels } from '../../../src/models/fast/kernels';
import { gridLangevin, tabulateGradient } from '../../../src/models/grid-langevin';
import { langevin, langevinNoise } from '../../../src/models/langevin';
import {
  describeRun,
  expectConfigErrors,
  expectDisposeFreesAll,
  expectNonFiniteReport,
  expectSteadyTensorCount,
  expectTwoMoonsWithinFloor,
  fitOnEightGaussians,
  take,
  trainAndScore,
  withBatch,
  withModel,
  allowHeavyRuns,
} from './family-checks';

allowHeavyRuns();
const STROKE_STEPS = 800;
const STROKE_OUTSIDE = 0.05;
const STROKE_RATIO = 5;

/**
 * Quality bar: energy distance of 2,000 samples (the model's own sampler: draws from the grid
 * density, then 100 Metropolis-adjusted Langevin steps) to 2,000 fresh points below M × the noise
 * floor. The untrained energy leaves the samples spread over the box (hundreds × the floor).
 *
 * Fused path, 800 steps, seeds 1–3 (importance-sampled log Z, EMA weights): 1.2 1.1 1.1 × the
 * floor, grid-normalised NLL 0.32 0.32 0.31 nats (entropy 0.31). With persistent chains in place
 * of the importance sampler (the default before) it was 3.0 2.1 1.2 × and 2.4–3.8 nats: the chains
 * found the modes but not their weights (docs/ebm-agree-findings.md). Three seeds and bars on their
 * median, every seed also held to a looser bar.
 */
const M = 5;
const SEEDS = [1, 2, 3];

let fastKernels: FastKernels;
beforeAll(async () => {
  fastKernels = await loadFastKernels({ variant: 'simd' });
});

// Trained on the fused path, as the lab trains them; the tfjs path follows it step for step (fused-path.test.ts).
const fits = SEEDS.map((seed) => fitOnEightGaussians(() => createEbm({ seed }, { fastKernels }), 800, `ebm (importance-sampled log Z, fused, seed ${seed})`));
const withTensor = <T>(values: Float32Array, block: (x: tf.Tensor2D) => T): T => {
  const x = tf.tensor2d(values, [values.length / 2, 2]);
  try {
    return block(x);
  } finally {
    x.dispose();
  }
};
const medianOf = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];

describe('ebm: quality', () => {
  it('eight Gaussians, seeds 1–3: median of the Langevin samples within M × noise floor, every seed within 2M', () => {
    for (const fit of fits) {
      expect(fit.model.trainingPath).toBe('fused');
      expect(fit.run.untrainedRatio).toBeGreaterThan(M);
      expect(fit.run.trainedRatio).toBeLessThan(2 * M);
    }
    expect(medianOf(fits.map((f) => f.run.trainedRatio))).toBeLessThan(M);
  });

  it('two moons (tfjs path): Langevin samples within M × noise floor; the untrained model is not', () => {
    expectTwoMoonsWithinFloor(() => createEbm({ seed: 2 }), 800, 'ebm (importance-sampled log Z, tfjs)', M);
  });

  it('eight Gaussians: the grid-normalised density gives a held-out NLL near the entropy (median of seeds 1–3)', () => {
    const h = getDataset('eight-gaussians').entropy!.nats;
    const nlls = fits.map((fit) => withBatch(2000, (x) => -take(fit.model.normalisedLogDensity(x)).reduce((s, v) => s + v, 0) / 2000, 77));
    console.log(`ebm grid-normalised NLL on eight-gaussians, seeds 1–3: ${nlls.map((v) => v.toFixed(3)).join(', ')} nats (entropy ${h.toFixed(3)})`);
    // A fitted density cannot beat the entropy by more than the Monte-Carlo error of the mean. The
    // importance-sampled negative phase is maximum likelihood: 0.31–0.32 nats (persistent chains
    // gave 2–3 nats above the entropy; an untrained energy, near uniform on the box, scores 4.2).
    for (const nll of nlls) expect(nll).toBeGreaterThan(h - 0.05);
    expect(medianOf(nlls)).toBeLessThan(h + 0.3);
  });
});

describe('ebm: the maths', () => {
  const fit = fits[0];
  it('Langevin with √η noise samples N(0, s²) from the quadratic energy ‖x‖²/(2s²)', () => {
    // Stationary variance of the discretised chain: s²/(1 − η/(4s²)) (langevin.ts); with s = 0.5,
    // η = 0.01 that is 1.01 s². Half the noise would give about s²/2, twice the noise 2 s².
    const s = 0.5;
    const eta = 0.01;
    const gradient = (x: Float32Array) => x.map((v) => v / (s * s));
    const v = langevin(gradient, new Float32Array(8000), 2, 400, eta, createRng(3));
    let mean = 0;
    for (const x of v) mean += x;
    mean /= v.length;
    let variance = 0;
    for (const x of v) variance += (x - mean) ** 2;
    variance /= v.length;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(variance / (s * s / (1 - eta / (4 * s * s)))).toBeCloseTo(1, 1);
  });

  it('the grid-normalised density integrates to 1, and differs from −E by log Z only', () => {
    // Z comes from a 200² midpoint grid on [−4, 4]²; integrating on a finer 400² grid checks that the
    // grid resolves the density (the two Riemann sums agree).
    const bounds = { xMin: -4, xMax: 4, yMin: -4, yMax: 4 };
    const logZ = gridLogPartition((xy) => tf.neg(fit.model.normalisedLogDensity(xy)) as tf.Tensor1D, bounds, 400);
    expect(Math.abs(Math.exp(logZ) - 1)).toBeLessThan(0.03);
    withBatch(10, (x) => {
      const a = take(fit.model.logDensity(x));
      const b = take(fit.model.normalisedLogDensity(x));
      const logZModel = fit.model.logPartition();
      for (let i = 0; i < a.length; i++) expect(a[i] - b[i]).toBeCloseTo(logZModel, 3);
    });
  });

  it('the support is the box: normalisedLogDensity is −∞ outside it, and integrates to 1 over it', () => {
    const model = fit.model;
    const far = tf.tensor2d([1000, -1000, 6, 6, 4.01, 0, 0, -4.5, 3.99, -3.99], [5, 2]);
    const lp = take(model.normalisedLogDensity(far));
    far.dispose();
    expect(Array.from(lp.slice(0, 4))).toEqual([-Infinity, -Infinity, -Infinity, -Infinity]);
    expect(Number.isFinite(lp[4])).toBe(true);
    // On Z's own grid the sum is 1 up to float32 rounding; on a grid twice as fine, up to the
    // midpoint rule's error on this density.
    const bounds = { xMin: -4, xMax: 4, yMin: -4, yMax: 4 };
    const integral = (resolution: number): number =>
      Math.exp(gridLogPartition((xy) => tf.neg(model.normalisedLogDensity(xy)) as tf.Tensor1D, bounds, resolution));
    expect(Math.abs(integral(model.config.gridResolution) - 1)).toBeLessThan(1e-3);
    const fine = integral(2 * model.config.gridResolution);
    console.log(`ebm grid-normalised density, seed 1: integral on a ${2 * model.config.gridResolution}² grid ${fine.toFixed(5)}`);
    expect(Math.abs(fine - 1)).toBeLessThan(1e-3);
    // A held-out set with a point outside the support scores +∞, and says how many points were outside.
    const points = new Float32Array([0, 2, 2, 0, 1000, -1000]);
    const nll = heldOutNll(model, points);
    expect(nll.nats).toBe(Infinity);
    expect(nll.outsideSupport).toBe(1);
    expect(Number.isFinite(nll.natsInSupport)).toBe(true);
  });

  it('mixing(): samples drawn from the grid density agree with it; samples in one corner or on the edge do not', () => {
    const model = fit.model;
    const resolution = model.config.gridResolution;
    const pts = gridPoints({ xMin: -4, xMax: 4, yMin: -4, yMax: 4 }, resolution);
    const lp = withTensor(pts, (x) => take(model.normalisedLogDensity(x)));
    // Inverse-CDF draws from the grid density's cells.
    const cdf = new Float64Array(lp.length);
    let acc = 0;
    for (let i = 0; i < lp.length; i++) cdf[i] = acc += Math.exp(lp[i]);
    const rng = createRng(9);
    const exact = new Float32Array(4000);
    for (let k = 0; k < 2000; k++) {
      const u = rng.uniform() * acc;
      let [lo, hi] = [0, lp.length - 1];
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cdf[mid] < u) lo = mid + 1;
        else hi = mid;
      }
      exact[2 * k] = pts[2 * lo];
      exact[2 * k + 1] = pts[2 * lo + 1];
    }
    const good = model.mixing(exact);
    expect(good.disagreement).toBeLessThan(2 * good.noiseLevel + 0.02);
    expect(good.agrees).toBe(true);
    const corner = new Float32Array(4000).fill(-3.5);
    expect(model.mixing(corner).agrees).toBe(false);
    const edge = exact.slice();
    for (let k = 0; k < 200; k++) edge[2 * k] = 4;
    const onEdge = model.mixing(edge);
    expect(onEdge.onEdge).toBeCloseTo(0.1, 2);
    expect(onEdge.agrees).toBe(false);
  });

  it('the chains on the 129² gradient table (sample() from noise) follow the exact Langevin chain of the trained energy (same noise)', () => {
    const model = fit.model;
    const n = 2000;
    const u = createRng(7);
    const x0 = new Float32Array(2 * n).map(() => (2 * u.uniform() - 1) * model.config.box);
    // 100 steps from noise: what sample() runs with sampleStart 'noise' and chainKernel 'langevin'.
    const steps = 100;
    const { sampleStepSize: eta, box } = model.config;
    const { maxDrift } = model.config;
    const exact = langevin((p) => model.energyGradient(p), x0, 2, steps, eta, createRng(77), { box, maxDrift });
    const grid = tabulateGradient((p) => model.energyGradient(p), box, model.config.sampleGridCells);
    const noiseRng = createRng(77);
    const x = gridLangevin(grid, x0, steps, eta, noiseRng, (out, e, k) => out.set(langevinNoise(out.length, e, k, noiseRng)), maxDrift);
    const d = Array.from({ length: n }, (_, i) => Math.hypot(x[2 * i] - exact[2 * i], x[2 * i + 1] - exact[2 * i + 1])).sort((a, b) => a - b);
    // Measured (seed 1): median 1.8e-3, 90th percentile 6.2e-3 (each Gaussian has std 0.1); a 65²
    // table gives 6.9e-3 and 2.1e-2. A few chains sit near a ridge between two wells and go
    // different ways, hence no bar on the maximum.
    console.log(`ebm sample() table vs exact chains, seed 1: median ${d[n >> 1].toExponential(2)}, p90 ${d[Math.floor(0.9 * n)].toExponential(2)}`);
    expect(d[n >> 1]).toBeLessThan(5e-3);
    expect(d[Math.floor(0.9 * n)]).toBeLessThan(1.5e-2);
    expect(d[Math.floor(0.99 * n)]).toBeLessThan(0.1);
  });

  it('energy() is −logDensity, langevin() returns every chain position, the buffer holds chains', () => {
    const pts = new Float32Array([0, 0, 2, 0, -1, 1]);
    const e = fit.model.energy(pts);
    const lp = take(tf.tidy(() => fit.model.logDensity(tf.tensor2d(pts, [3, 2]))));
    for (let i = 0; i < 3; i++) expect(e[i]).toBeCloseTo(-lp[i], 4);
    // Trained on 8 Gaussians of radius 2: a centre has lower energy than the origin.
    expect(e[1]).toBeLessThan(e[0]);
    const chain = fit.model.langevin(pts, 20, 0.005);
    expect(chain.length).toBe(21);
    expect(Array.from(chain[0])).toEqual(Array.from(pts));
    // The default negative phase (importance sampling) keeps no chains; the chains' phase keeps bufferSize.
    expect(fit.model.replayBuffer().length).toBe(0);
    withModel(createEbm({ objective: 'cd', bufferSize: 100 }), (chained) => expect(chained.replayBuffer().length).toBe(200));
  });
});

describe('ebm: denoising score matching', () => {
  it('trains without sampling and moves samples towards the data', () => {
    withModel(createEbm({ objective: 'dsm', seed: 4, sampleSteps: 300, sampleStepSize: 0.01 }), (model) => {
      expect(model.replayBuffer().length).toBe(0);
      const run = trainAndScore(model, 'two-moons', 400, model.config.batchSize);
      console.log(describeRun('ebm (DSM) on two-moons, 400 steps', run));
      expect(run.trained.losses.loss).toBeLessThan(2);
      expect(run.trainedRatio).toBeLessThan(run.untrainedRatio / 5);
    });
  });
});

describe('ebm: resources and failure', () => {
  it.each([
    ['cd, importance-sampled log Z', {}],
    ['cd, persistent chains', { objective: 'cd' }],
    ['dsm', { objective: 'dsm' }],
  ] as [string, Partial<EbmConfig>][])('%s: holds the tensor count over 200 more training steps and after every view', (_, config) => {
    const model = createEbm({ ...config, seed: 6, sampleSteps: 10, gridResolution: 50 });
    expectSteadyTensorCount(model, 128, () => {
      take(model.sample(50));
      withBatch(50, (x) => {
        take(model.logDensity(x));
        take(model.normalisedLogDensity(x));
      });
      const pts = new Float32Array(40).fill(0.5);
      model.energy(pts);
      model.langevin(pts, 5, 0.01);
      model.logPartition();
    });
  });

  it('dispose frees every variable and the optimiser state', () => {
    expectDisposeFreesAll(() => createEbm({ seed: 7 }));
  });

  it('reports a non-finite loss at a diverging learning rate instead of throwing', () => {
    // At 10 the energy swings wildly but the clamped chains keep it finite for a long while;
    // at 1e4 it overflows within a few steps.
    withModel(createEbm({ learningRate: 1e4, seed: 8 }), (model) => expectNonFiniteReport(model, 100));
  });

  it('rejects nonsense configurations with a ConfigError naming the field', () => {
    expectConfigErrors(createEbm, [
      [{ hidden: 0 }, /hidden/],
      [{ learningRate: -1 }, /learningRate/],
      [{ objective: 'nce' as never }, /objective/],
      [{ langevinStepSize: 0 }, /langevinStepSize/],
      [{ reinitProbability: 2 }, /reinitProbability/],
      [{ dsmSigma: 1, dsmSigmaMax: 0.5 }, /dsmSigmaMax/],
      [{ activation: 'relu' as never }, /activation/],
      [{ objective: 'ml', dim: 3 }, /objective 'ml'.*2-D/],
      [{ importanceSamples: 0 }, /importanceSamples/],
      [{ proposalEvery: 1.5 }, /proposalEvery/],
      [{ proposalUniform: 0 }, /proposalUniform/],
      [{ proposalUniform: 2 }, /proposalUniform/],
      [{ chainKernel: 'hmc' as never }, /chainKernel/],
      [{ targetAcceptance: 1 }, /targetAcceptance/],
      [{ sampleStart: 'buffer' as never }, /sampleStart/],
      [{ emaDecay: 1 }, /emaDecay/],
      [{ steps: 3 } as never, /no field "steps"/],
    ]);
    withModel(createEbm({ dim: 3, objective: 'cd', sampleSteps: 2 }), (wide) => expect(() => wide.logPartition()).toThrow(/2-D/));
  });
});

/**
 * A sharp distribution of our own: a thin straight stroke (std 0.02) above a broad blob, half the
 * mass each. The stroke's energy must be far steeper than the plain Langevin step can follow
 * (curvature 1/0.02² = 2,500 against the stability limit 4/η = 400 at η = 0.01): before the step
 * control, chains were thrown out of such wells and piled up on the box's edge.
 */
const stroke: Dataset = {
  name: 'drawn',
  sample(n, rng) {
    const out = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) {
      if (rng.uniform() < 0.5) {
        out[2 * i] = -2.5 + 5 * rng.uniform();
        out[2 * i + 1] = 2 + 0.02 * rng.normal();
      } else {
        out[2 * i] = 0.3 * rng.normal();
        out[2 * i + 1] = -1 + 0.3 * rng.normal();
      }
    }
    return out;
  },
};

describe('ebm: a sharp distribution (a thin stroke beside a blob), lab defaults', () => {
  it('samples stay inside the data’s spread and off the box’s edge, within 5× the floor, and agree with the grid density', () => {
    withModel(createEbm({ seed: 3 }, { fastKernels }), (model) => {
      const run = trainAndScore(model, stroke, STROKE_STEPS, model.config.batchSize);
      const samples = take(model.sample(2000));
      const mixing = model.mixing(samples);
      let edge = 0;
      let outside = 0;
      for (let i = 0; i < samples.length; i += 2) {
        const [x, y] = [samples[i], samples[i + 1]];
        if (Math.abs(x) >= 3.999 || Math.abs(y) >= 3.999) edge += 1;
        // The data's spread: the stroke's band and the blob's 3σ disc, widened by 0.3.
        const inStroke = Math.abs(x) < 2.8 && Math.abs(y - 2) < 0.36;
        const inBlob = Math.hypot(x, y + 1) < 1.2;
        if (!inStroke && !inBlob) outside += 1;
      }
      console.log(
        `${describeRun(`ebm on a thin stroke beside a blob, ${STROKE_STEPS} steps`, run)}; on the edge ${(edge / 2000).toFixed(3)}, ` +
          `outside the data's spread ${(outside / 2000).toFixed(3)}, mixing disagreement ${mixing.disagreement.toFixed(3)} (noise ${mixing.noiseLevel.toFixed(3)})`,
      );
      expect(edge / 2000).toBeLessThan(0.02);
      expect(outside / 2000).toBeLessThan(STROKE_OUTSIDE);
      // Before the importance-sampled negative phase (persistent tamed chains, samples from noise):
      // 32× the floor and disagreement 0.80 (NLL 19); see docs/ebm-agree-findings.md.
      expect(mixing.agrees).toBe(true);
      expect(mixing.disagreement).toBeLessThan(MIXING_LIMITS.disagreement);
      expect(run.trainedRatio).toBeLessThan(STROKE_RATIO);
    });
  });
});

describe('ebm: the unseen shapes (tests/unit/models/unseen-shapes.ts), lab defaults', () => {
  it.each(['grid-25', 'heavy-tails', 'curve-and-blob'] as const)('%s: samples within 5× the noise floor, agreeing with the grid density, none on the edge', (shape) => {
    // Before (persistent tamed chains, seed 1, 800 steps): grid-25 3.9× but NLL 10.8 against an
    // entropy of 0.43 and disagreement 0.95; curve-and-blob 36×. See docs/ebm-agree-findings.md.
    withModel(createEbm({ seed: 1 }, { fastKernels }), (model) => {
      const run = trainAndScore(model, unseenShape(shape), 800, model.config.batchSize);
      const mixing = model.mixing();
      console.log(`${describeRun(`ebm on ${shape}, 800 steps`, run)}; mixing disagreement ${mixing.disagreement.toFixed(3)}, on the edge ${mixing.onEdge.toFixed(3)}`);
      expect(run.trainedRatio).toBeLessThan(5);
      expect(mixing.agrees).toBe(true);
      expect(mixing.onEdge).toBeLessThan(0.01);
      expect(run.trained.nll!.nats).toBeLessThan(run.trained.entropy!.nats + 1.5);
    });
  });
});
