import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../data/random';
import {
  ConfigError,
  commonDefaults,
  oneOf,
  positiveInt,
  positiveNumber,
  mergeConfig,
  validateCommon,
  type CommonConfig,
} from './config';
import { ancestralSample, ddimSample, type NoisePredictor, type ReverseProcess } from './diffusion-samplers';
import { createNetwork } from './network';
import type { Activation } from './nn';
import { uniqueName } from './names';
import { createNoise, noiseDefaults, noiseKinds, type NoiseKind } from './noise';
import { makeSchedule, scheduleNames, type ScheduleName } from './schedules';
import { regressionStep } from './regression-loss';
import { writeTimeFeatures } from './time-features';
import type { ModelRuntime, SamplerWeights, StepResult, ToyModel } from './types';
import { loadNetwork, networkArrays, type NamedArrays } from './weights-file';

/**
 * A denoising diffusion probabilistic model (DDPM; Ho, Jain & Abbeel 2020, arXiv:2006.11239) on points.
 *
 * Forward process: q(x_t | x_0) = N(√ᾱ_t x_0, (1 − ᾱ_t) I), t = 1..T (or the Gamma / mixture noise of
 * ./noise.ts). A small MLP ε_θ(x_t, t) — x concatenated with sinusoidal features of t — predicts the
 * noise; training minimises L_simple = E_{t, x_0, ε} ‖ε − ε_θ(√ᾱ_t x_0 + √(1 − ᾱ_t) ε, t)‖² (Ho eq. 14;
 * we average over coordinates as well as over the batch, which only rescales the learning rate).
 * Sampling: ancestral (Ho Algorithm 2) with σ_t² = β̃_t or β_t, or DDIM (Song, Meng & Ermon 2020,
 * arXiv:2010.02502) on a subsequence of the steps, deterministic when η = 0.
 */
export interface DiffusionConfig extends CommonConfig {
  /** Number of diffusion steps. */
  T: number;
  schedule: ScheduleName;
  /** Linear schedule: β_1 and β_T; default Ho's 1e-4 … 0.02 scaled by 1000/T (see schedules.ts). */
  betaStart?: number;
  betaEnd?: number;
  /** Variance of each ancestral step: 'posterior' σ_t² = β̃_t, or 'beta' σ_t² = β_t (Ho §3.2; both work). */
  variance: 'posterior' | 'beta';
  noise: NoiseKind;
  gammaTheta0: number;
  mixtureWeight: number;
  mixtureSigmaStart: number;
  mixtureSigmaEnd: number;
  /** Number of sinusoidal time features (even): sin and cos of π 2^k t/T for k = 0 … timeFeatures/2 − 1. */
  timeFeatures: number;
  activation: Activation;
  /**
   * Both samplers clip their estimate x̂_0 = (x_t − √(1 − ᾱ_t) ε_θ)/√ᾱ_t to [−c, c] (0: no clipping),
   * as image models clip to the pixel range. Without it the first step from t = T divides by √ᾱ_T
   * (about 0.006 for the linear schedule, 5e-4 for the cosine one), and a small error in ε_θ — any
   * untrained network's — throws the chain off the plot (|x| up to 1e8).
   */
  denoisedClip: number;
  /** Decay of the exponential moving average of the weights used for sampling and the ELBO; 0 samples with the raw weights. */
  emaDecay: number;
  /**
   * What the network outputs: 'noise' ε_θ(x_t, t), trained onto ε (Ho et al. eq. 14), or 'data'
   * x̂_0 = f_θ(x_t, t), trained onto x_0, with ε_θ = (x_t − √ᾱ_t f_θ)/√(1 − ᾱ_t) derived from it
   * for the samplers and the bound (Ho et al. §3.2 and their ablation; Salimans & Ho 2022,
   * arXiv:2202.00512, compare such parameterisations). For 196-pixel digits a plain MLP predicting
   * ε must carry every pixel's noise from its input to its output, and what it carries imprecisely
   * stays in the samples as grain; predicting x_0 it only has to draw a digit.
   */
  prediction: 'noise' | 'data';
}

export const diffusionDefaults: DiffusionConfig = {
  ...commonDefaults,
  hidden: 64,
  depth: 3,
  learningRate: 3e-3,
  batchSize: 256,
  T: 100,
  schedule: 'linear',
  betaStart: undefined,
  betaEnd: undefined,
  variance: 'posterior',
  noise: 'gaussian',
  ...noiseDefaults,
  timeFeatures: 8,
  activation: 'silu',
  emaDecay: 0.995,
  denoisedClip: 4,
  prediction: 'noise',
};

export interface DiffusionModel extends ToyModel, SamplerWeights {
  readonly family: 'diffusion';
  readonly config: DiffusionConfig;
  /** n samples by ancestral sampling over all T steps. */
  sample(n: number): tf.Tensor2D;
  /** n samples by DDIM over `steps` evenly spaced steps; eta = 0 is deterministic, eta = 1 is DDPM-like. */
  sampleDdim(n: number, steps: number, eta?: number): tf.Tensor2D;
  /** Draws of q(x_t | x_0) for each point of x0 (interleaved); t = 0 returns a copy of x0. */
  forward(x0: Float32Array, t: number): Float32Array;
  /**
   * n reverse chains recorded from x_T to x_0 (the last frame is the samples): ancestral, x_T then
   * every `every` steps (default T/40) and x_0; or DDIM over `steps` steps (default 20, η = `eta`,
   * default 0), x_T and every step.
   */
  reverseTrajectories(n: number, options?: TrajectoryOptions): Float32Array[];
  /** The network's noise prediction ε_θ(x, t) at points x (interleaved). */
  predictNoise(x: Float32Array, t: number): Float32Array;
  /** The model's score of q(x_t): ∇ log q_t(x) ≈ −ε_θ(x, t)/√(1 − ᾱ_t) (exact relation for Gaussian noise). */
  score(x: Float32Array, t: number): Float32Array;
  /** ELBO ≤ log p(x) in nats per point (Gaussian noise only; see the comment at its definition). */
  logDensity?(x: tf.Tensor2D): tf.Tensor1D;
}

export interface TrajectoryOptions {
  sampler?: 'ancestral' | 'ddim';
  /** DDIM: number of steps (default 20, at most T). */
  steps?: number;
  /** DDIM: η (default 0, deterministic). */
  eta?: number;
  /** DDIM: start from this x_T [n × dim] instead of a fresh draw (with η = 0, x_0 is then a function of it). */
  start?: Float32Array;
  /** Ancestral: a frame every `every` steps (default max(1, round(T/40))). */
  every?: number;
}

const LOG_2PI = Math.log(2 * Math.PI);

export function validateDiffusion(cfg: DiffusionConfig): void {
  validateCommon(cfg);
  positiveInt('T', cfg.T);
  if (cfg.T > 10000) throw new ConfigError(`diffusion: T = ${cfg.T} is too many steps for the browser (at most 10000)`);
  oneOf('schedule', cfg.schedule, scheduleNames);
  oneOf('variance', cfg.variance, ['posterior', 'beta'] as const);
  oneOf('prediction', cfg.prediction, ['noise', 'data'] as const);
  oneOf('noise', cfg.noise, noiseKinds);
  oneOf('activation', cfg.activation, ['relu', 'tanh', 'silu', 'leakyRelu'] as const);
  positiveInt('timeFeatures', cfg.timeFeatures);
  if (cfg.timeFeatures % 2 !== 0) throw new ConfigError(`diffusion: timeFeatures must be even (sin/cos pairs), got ${cfg.timeFeatures}`);
  if (!(cfg.emaDecay >= 0 && cfg.emaDecay < 1)) throw new ConfigError(`diffusion: emaDecay must lie in [0, 1), got ${cfg.emaDecay}`);
  if (!(cfg.denoisedClip >= 0 && Number.isFinite(cfg.denoisedClip))) {
    throw new ConfigError(`diffusion: denoisedClip must be a finite number ≥ 0, got ${cfg.denoisedClip}`);
  }
  for (const key of ['betaStart', 'betaEnd'] as const) {
    const v = cfg[key];
    if (v !== undefined && !(v > 0 && v < 1)) throw new ConfigError(`diffusion: ${key} must lie in (0, 1), got ${v}`);
  }
  positiveNumber('gammaTheta0', cfg.gammaTheta0);
  if (!(cfg.mixtureWeight > 0 && cfg.mixtureWeight < 1)) {
    throw new ConfigError(`diffusion: mixtureWeight must lie strictly between 0 and 1, got ${cfg.mixtureWeight}`);
  }
  for (const key of ['mixtureSigmaStart', 'mixtureSigmaEnd'] as const) {
    const v = cfg[key];
    if (!(v > 0 && v <= 1)) throw new ConfigError(`diffusion: ${key} must lie in (0, 1] (1 is Gaussian), got ${v}`);
  }
}

export function createDiffusion(config: Partial<DiffusionConfig> = {}, runtime: ModelRuntime = {}): DiffusionModel {
  const cfg = mergeConfig(diffusionDefaults, config, 'diffusion');
  validateDiffusion(cfg);
  const { dim, T } = cfg;
  const schedule = makeSchedule(cfg.schedule, T, { betaStart: cfg.betaStart, betaEnd: cfg.betaEnd });
  const { betas, alphas, alphaBars, posteriorVariances } = schedule;
  const noise = createNoise(cfg.noise, schedule, cfg);
  const rng = createRng(cfg.seed);
  const F = cfg.timeFeatures;
  const width = dim + F;
  // ε_θ([x, features(t)]): one network, on the fused kernels or tfjs. Sampling, the ELBO and the
  // views read its moving average (Ho et al. sample with EMA weights).
  const net = createNetwork(
    {
      sizes: [width, ...Array<number>(cfg.depth).fill(cfg.hidden), dim],
      activation: cfg.activation,
      name: `${uniqueName('diffusion')}/eps`,
      learningRate: cfg.learningRate,
      emaDecay: cfg.emaDecay,
      batchRows: cfg.batchSize,
    },
    rng,
    runtime,
  );

  /** Row t (t = 0 … T) holds the sinusoidal features of step t: sin and cos of π 2^k t/T. */
  const featureTable = new Float32Array((T + 1) * F);
  for (let t = 0; t <= T; t++) writeTimeFeatures(t / T, F, featureTable, t * F);

  /** The network's input rows [x_i, features(t_i)] for n rows of x [n × dim]. */
  function networkInput(x: ArrayLike<number>, n: number, stepOf: (i: number) => number): Float32Array {
    const input = new Float32Array(n * width);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < dim; j++) input[i * width + j] = x[i * dim + j];
      const t = stepOf(i);
      input.set(featureTable.subarray(t * F, t * F + F), i * width + dim);
    }
    return input;
  }

  /** ε_θ(x, t) with the averaged weights (the trained ones without EMA), for sampling, the ELBO and the views. */
  const predict: NoisePredictor = (x, n, t) => {
    const out = net.evaluate(networkInput(x, n, () => t), n, 'averaged');
    if (cfg.prediction === 'noise') return out;
    // The network's x̂_0 as the noise it implies: ε = (x_t − √ᾱ_t x̂_0)/√(1 − ᾱ_t).
    const a = Math.sqrt(alphaBars[t]);
    const b = Math.sqrt(1 - alphaBars[t]);
    for (let k = 0; k < out.length; k++) out[k] = (x[k] - a * out[k]) / b;
    return out;
  };

  const reverse: ReverseProcess = { schedule, noise, rng, dim, variance: cfg.variance, clip: cfg.denoisedClip };

  function checkStep(t: number, min: number): void {
    if (!Number.isInteger(t) || t < min || t > T) throw new Error(`diffusion: step must be an integer in ${min}..${T}, got ${t}`);
  }

  function checkEta(eta: number): void {
    if (!(eta >= 0 && Number.isFinite(eta))) throw new ConfigError(`diffusion: DDIM eta must be ≥ 0, got ${eta}`);
  }

  /**
   * The variational bound, Ho et al. eq. 5 (Sohl-Dickstein et al. 2015), for continuous data in nats:
   *   log p(x_0) ≥ −L_T − Σ_{t=2}^T L_{t−1} − L_0, with
   *   L_T     = KL(q(x_T | x_0) ‖ N(0, I))  (closed form),
   *   L_{t−1} = KL(q(x_{t−1} | x_t, x_0) ‖ p_θ(x_{t−1} | x_t)), both Gaussian with covariances β̃_t I and σ_t² I:
   *           = ½ [ d (β̃_t/σ_t² − 1 − log(β̃_t/σ_t²)) + β_t² ‖ε − ε_θ(x_t, t)‖² / (σ_t² α_t (1 − ᾱ_t)) ],
   *   L_0     = −log N(x_0; μ_θ(x_1, 1), β_1 I), a Gaussian decoder of variance β_1 (β̃_1 = 0 would be
   *             degenerate); here x_0 − μ_θ = √(β_1/α_1)(ε_θ − ε), so L_0 = d/2 log(2π β_1) + ‖ε − ε_θ‖²/(2 α_1).
   * Every term t = 1..T is included (no sampling of t); the expectation over x_t ~ q(x_t | x_0) is a
   * one-sample Monte-Carlo estimate per point and step, so the result is an unbiased, noisy ELBO.
   * It is a density bound for continuous data (no discretisation: toy points are not 8-bit pixels).
   * (The bound is of the unclipped reverse process: clipping only matters for the sampler's first,
   * far-from-data steps of a poorly trained model.)
   */
  function elbo(x0: Float32Array, n: number): Float64Array {
    const total = new Float64Array(n);
    const aT = alphaBars[T];
    for (let i = 0; i < n; i++) {
      let sq = 0;
      for (let j = 0; j < dim; j++) sq += x0[i * dim + j] ** 2;
      total[i] = -0.5 * (dim * (1 - aT - 1 - Math.log(1 - aT)) + aT * sq);
    }
    const xt = new Float32Array(n * dim);
    for (let t = 1; t <= T; t++) {
      const e = noise.draw(t, n * dim, rng);
      const a = Math.sqrt(alphaBars[t]);
      const b = Math.sqrt(1 - alphaBars[t]);
      for (let k = 0; k < n * dim; k++) xt[k] = a * x0[k] + b * e[k];
      const pred = predict(xt, n, t);
      const s = new Float64Array(n);
      for (let k = 0; k < n * dim; k++) s[Math.floor(k / dim)] += (e[k] - pred[k]) ** 2;
      if (t === 1) {
        for (let i = 0; i < n; i++) total[i] -= 0.5 * dim * (LOG_2PI + Math.log(betas[1])) + s[i] / (2 * alphas[1]);
      } else {
        const s2 = cfg.variance === 'posterior' ? posteriorVariances[t] : betas[t];
        const r = posteriorVariances[t] / s2;
        const varTerm = dim * (r - 1 - Math.log(r));
        const w = (betas[t] * betas[t]) / (s2 * alphas[t] * (1 - alphaBars[t]));
        for (let i = 0; i < n; i++) total[i] -= 0.5 * (varTerm + w * s[i]);
      }
    }
    return total;
  }

  const model: DiffusionModel = {
    family: 'diffusion',
    likelihood: cfg.noise === 'gaussian' ? 'lower-bound' : 'none',
    trainingPath: net.backend,
    get threads() {
      return net.threads;
    },
    dim,
    config: cfg,

    /**
     * One step of L_simple (Ho eq. 14), averaged over rows and coordinates: t ~ U{1..T}, ε ~ noise,
     * x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε (Ho eq. 4), L = mean (ε_θ(x_t, t) − ε)², dL/dε_θ = 2(ε_θ − ε)/(n d).
     */
    trainStep(batch: tf.Tensor2D): StepResult {
      const n = batch.shape[0];
      const x0 = batch.dataSync();
      const steps = new Int32Array(n);
      const e = new Float32Array(n * dim);
      const input = new Float32Array(n * width);
      for (let i = 0; i < n; i++) {
        const t = 1 + rng.int(T);
        steps[i] = t;
        noise.fill(t, e, i * dim, dim, rng);
        const a = Math.sqrt(alphaBars[t]);
        const b = Math.sqrt(1 - alphaBars[t]);
        for (let j = 0; j < dim; j++) input[i * width + j] = a * x0[i * dim + j] + b * e[i * dim + j];
        input.set(featureTable.subarray(t * F, t * F + F), i * width + dim);
      }
      const target = cfg.prediction === 'noise' ? e : Float32Array.from(x0);
      return regressionStep(net, input, target, n, { learningRate: cfg.learningRate, batch: x0, where: cfg.prediction === 'noise' ? 'the noise predictor ε_θ' : 'the denoiser x̂_0' });
    },

    sample(n: number): tf.Tensor2D {
      positiveInt('n', n);
      return tf.tensor2d(ancestralSample(reverse, predict, n).x, [n, dim]);
    },

    sampleDdim(n: number, steps: number, eta = 0): tf.Tensor2D {
      positiveInt('n', n);
      positiveInt('steps', steps);
      checkEta(eta);
      return tf.tensor2d(ddimSample(reverse, predict, n, steps, eta).x, [n, dim]);
    },

    forward(x0: Float32Array, t: number): Float32Array {
      checkStep(t, 0);
      if (x0.length % dim !== 0) throw new Error(`diffusion: forward expects a multiple of dim = ${dim} values, got ${x0.length}`);
      if (t === 0) return x0.slice();
      const e = noise.draw(t, x0.length, rng);
      const a = Math.sqrt(alphaBars[t]);
      const b = Math.sqrt(1 - alphaBars[t]);
      const out = new Float32Array(x0.length);
      for (let i = 0; i < x0.length; i++) out[i] = a * x0[i] + b * e[i];
      return out;
    },

    reverseTrajectories(n: number, options: TrajectoryOptions = {}): Float32Array[] {
      positiveInt('n', n);
      if (options.sampler === 'ddim') {
        const steps = options.steps ?? 20;
        positiveInt('steps', steps);
        const eta = options.eta ?? 0;
        checkEta(eta);
        return ddimSample(reverse, predict, n, steps, eta, true, options.start).frames;
      }
      const every = options.every ?? Math.max(1, Math.round(T / 40));
      positiveInt('every', every);
      return ancestralSample(reverse, predict, n, every).frames;
    },

    predictNoise(x: Float32Array, t: number): Float32Array {
      checkStep(t, 1);
      return predict(x, x.length / dim, t);
    },

    score(x: Float32Array, t: number): Float32Array {
      const eps = model.predictNoise(x, t);
      const c = -1 / Math.sqrt(1 - alphaBars[t]);
      for (let i = 0; i < eps.length; i++) eps[i] *= c;
      return eps;
    },

    samplerWeights(): NamedArrays {
      return networkArrays('eps', net.getParams('averaged'));
    },

    loadSamplerWeights(arrays: NamedArrays): void {
      loadNetwork('eps', net, arrays);
    },

    dispose(): void {
      net.dispose();
    },
  };

  if (cfg.noise === 'gaussian') {
    // For Gamma or mixture noise, q(x_{t−1} | x_t, x_0) is not Gaussian and the KL terms have no closed
    // form; those variants offer no likelihood ('none') rather than a number that is not a bound.
    model.logDensity = (x: tf.Tensor2D): tf.Tensor1D => tf.tensor1d(Float32Array.from(elbo(x.dataSync() as Float32Array, x.shape[0])));
  }
  return model;
}
