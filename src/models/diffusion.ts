import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../data/random';
import { adamStep, skippedStep } from './adam-step';
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
import { Mlp, type Activation } from './nn';
import { Ema } from './ema';
import { FastAdam } from './fast/fast-adam';
import { MlpMirror } from './fast/mlp-mirror';
import { mseStep } from './fast/mse-step';
import { uniqueName } from './names';
import { createNoise, noiseDefaults, noiseKinds, type NoiseKind } from './noise';
import { makeSchedule, scheduleNames, type ScheduleName } from './schedules';
import { fromTensor, toTensor } from './tensor';
import type { ModelRuntime, StepResult, ToyModel } from './types';

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
   * DDIM clips its estimate x̂_0 = (x_t − √(1 − ᾱ_t) ε_θ)/√ᾱ_t to [−c, c] (0: no clipping), as image
   * models clip to the pixel range. Without it the first DDIM step from t = T divides by √ᾱ_T, about
   * 5e-4 for the cosine schedule, and a small error in ε_θ throws the chain off the plot.
   */
  denoisedClip: number;
  /** Decay of the exponential moving average of the weights used for sampling and the ELBO; 0 samples with the raw weights. */
  emaDecay: number;
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
};

export interface DiffusionModel extends ToyModel {
  readonly family: 'diffusion';
  readonly config: DiffusionConfig;
  /** n samples by ancestral sampling over all T steps. */
  sample(n: number): tf.Tensor2D;
  /** n samples by DDIM over `steps` evenly spaced steps; eta = 0 is deterministic, eta = 1 is DDPM-like. */
  sampleDdim(n: number, steps: number, eta?: number): tf.Tensor2D;
  /** Draws of q(x_t | x_0) for each point of x0 (interleaved); t = 0 returns a copy of x0. */
  forward(x0: Float32Array, t: number): Float32Array;
  /** n ancestral chains: x_T, then every `every` steps, and always x_0 at the end. */
  reverseTrajectories(n: number, every: number): Float32Array[];
  /** The network's noise prediction ε_θ(x, t) at points x (interleaved). */
  predictNoise(x: Float32Array, t: number): Float32Array;
  /** The model's score of q(x_t): ∇ log q_t(x) ≈ −ε_θ(x, t)/√(1 − ᾱ_t) (exact relation for Gaussian noise). */
  score(x: Float32Array, t: number): Float32Array;
  /** ELBO ≤ log p(x) in nats per point (Gaussian noise only; see the comment at its definition). */
  logDensity?(x: tf.Tensor2D): tf.Tensor1D;
}

const LOG_2PI = Math.log(2 * Math.PI);

export function validateDiffusion(cfg: DiffusionConfig): void {
  validateCommon(cfg);
  positiveInt('T', cfg.T);
  if (cfg.T > 10000) throw new ConfigError(`diffusion: T = ${cfg.T} is too many steps for the browser (at most 10000)`);
  oneOf('schedule', cfg.schedule, scheduleNames);
  oneOf('variance', cfg.variance, ['posterior', 'beta'] as const);
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
  const sizes = [dim + F, ...Array<number>(cfg.depth).fill(cfg.hidden), dim];
  const prefix = uniqueName('diffusion');
  const net = new Mlp(sizes, cfg.activation, rng, `${prefix}/eps`);
  // Sampling, the ELBO and the fields use an EMA twin of the network (Ho et al. sample with EMA weights);
  // its random initial weights are overwritten with the network's at once.
  const averaged = cfg.emaDecay > 0 ? new Mlp(sizes, cfg.activation, createRng(0), `${prefix}/eps-ema`) : null;
  const ema = averaged ? new Ema(net.variables, averaged.variables, cfg.emaDecay) : null;
  const optimizer = tf.train.adam(cfg.learningRate);
  // The fused path trains a twin of `net` in WebAssembly (src/models/fast) and hands the weights
  // and their average back to `net` and `averaged` whenever they are read.
  const mirror = runtime.fastKernels
    ? new MlpMirror(runtime.fastKernels, net, { averaged, emaDecay: cfg.emaDecay, threads: runtime.threads, batchRows: cfg.batchSize })
    : null;
  const fastAdam = new FastAdam(cfg.learningRate);

  /** Row t (t = 0 … T) holds the sinusoidal features of step t: sin and cos of π 2^k t/T. */
  const featureTable = new Float32Array((T + 1) * F);
  for (let t = 0; t <= T; t++) {
    const u = (Math.PI * t) / T;
    for (let k = 0; k < F / 2; k++) {
      featureTable[t * F + 2 * k] = Math.sin(u * 2 ** k);
      featureTable[t * F + 2 * k + 1] = Math.cos(u * 2 ** k);
    }
  }

  /** Sinusoidal features of the step, one row per entry of `steps`. */
  function timeFeatures(steps: ArrayLike<number>): tf.Tensor2D {
    const n = steps.length;
    const out = new Float32Array(n * F);
    for (let i = 0; i < n; i++) out.set(featureTable.subarray(steps[i] * F, steps[i] * F + F), i * F);
    return tf.tensor2d(out, [n, F]);
  }

  /** The fused twin of the training step below: the same x_t and targets, built in plain arrays. */
  function fusedStep(fast: MlpMirror, batch: tf.Tensor2D, steps: Int32Array, a: Float32Array, b: Float32Array, e: Float32Array): StepResult {
    const n = steps.length;
    const x0 = batch.dataSync();
    const input = fast.fast.inputBuffer(n);
    const stride = input.stride;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < dim; j++) input.data[i * stride + j] = a[i] * x0[i * dim + j] + b[i] * e[i * dim + j];
      input.data.set(featureTable.subarray(steps[i] * F, steps[i] * F + F), i * stride + dim);
    }
    const result = mseStep(fast.fast, n, e, fastAdam);
    if (!result.ok) return skippedStep({ loss: result.loss }, result.lossFinite, cfg.learningRate);
    fast.updated();
    return { ok: true, losses: { loss: result.loss } };
  }

  /**
   * ε_θ(x, t) for rows x [n, dim] and their steps; call inside tidy. The EMA weights (or the trained
   * ones without EMA) by default, for sampling, the ELBO and the views; the trained network when
   * given (the tfjs training step). On the fused path the default evaluation runs in the fused
   * kernels too (a forward pass about 4× faster than tfjs's on 10,000 rows).
   */
  function epsilon(x: tf.Tensor2D, steps: ArrayLike<number>, network?: Mlp): tf.Tensor2D {
    if (mirror && !network) return fusedEpsilon(mirror, x, steps);
    mirror?.sync();
    return (network ?? averaged ?? net).apply(tf.concat([x, timeFeatures(steps)], 1) as tf.Tensor2D);
  }

  function fusedEpsilon(fast: MlpMirror, x: tf.Tensor2D, steps: ArrayLike<number>): tf.Tensor2D {
    const n = x.shape[0];
    return tf.tensor2d(fusedEpsilonOf(fast, x.dataSync(), n, (i) => steps[i]), [n, dim]);
  }

  /** ε_θ in the fused kernels for the n rows of x [n × dim], row i at step stepOf(i); plain arrays in and out. */
  function fusedEpsilonOf(fast: MlpMirror, x: ArrayLike<number>, n: number, stepOf: (i: number) => number): Float32Array {
    const width = dim + F;
    const input = new Float32Array(n * width);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < dim; j++) input[i * width + j] = x[i * dim + j];
      const t = stepOf(i);
      input.set(featureTable.subarray(t * F, t * F + F), i * width + dim);
    }
    return fast.forwardForSampling(input, n);
  }

  /**
   * The coefficients of one ancestral step x_t → x_{t−1} (Ho Algorithm 2, line 4):
   * x_{t−1} = (x_t − epsScale ε_θ) / √α_t + σ_t z, with no noise at t = 1.
   */
  function ancestralCoefficients(t: number) {
    const sigma = t === 1 ? 0 : Math.sqrt(cfg.variance === 'posterior' ? posteriorVariances[t] : betas[t]);
    return { epsScale: betas[t] / Math.sqrt(1 - alphaBars[t]), sqrtAlpha: Math.sqrt(alphas[t]), sigma };
  }

  /**
   * The coefficients of one DDIM step τ_i = t → τ_{i−1} = prev (Song et al. eq. 12 and 16):
   * x̂_0 = (x_t − √(1 − ᾱ_t) ε_θ)/√ᾱ_t, x_prev = √ᾱ_prev x̂_0 + √(1 − ᾱ_prev − σ²) ε_θ + σ z, with
   * σ = η √((1 − ᾱ_prev)/(1 − ᾱ_t)) √(1 − ᾱ_t/ᾱ_prev).
   */
  function ddimCoefficients(t: number, prev: number, eta: number) {
    const aT = alphaBars[t];
    const aPrev = alphaBars[prev];
    const sigma = eta * Math.sqrt((1 - aPrev) / (1 - aT)) * Math.sqrt(1 - aT / aPrev);
    return {
      sqrtOneMinusAT: Math.sqrt(1 - aT),
      sqrtAT: Math.sqrt(aT),
      sqrtAPrev: Math.sqrt(aPrev),
      direction: Math.sqrt(Math.max(0, 1 - aPrev - sigma * sigma)),
      sigma,
      noisy: sigma > 0 && prev >= 1,
    };
  }

  // The samplers on the fused path: x stays a plain array and each update runs in JavaScript, with
  // the same draws in the same order and the same coefficients as the tfjs loops below (tested
  // against them in fused-path.test.ts). The tfjs loops build about eight small tensors per step:
  // measured, the lab's draws of 80–300 points take 14–23% less time, DDIM-50 on 10,000 about 4%.

  function fusedAncestral(fast: MlpMirror, n: number, every: number, keep?: Float32Array[]): Float32Array {
    const x = priorDraw(n);
    if (keep) keep.push(x.slice());
    for (let t = T; t >= 1; t--) {
      const eps = fusedEpsilonOf(fast, x, n, () => t);
      const c = ancestralCoefficients(t);
      const z = t > 1 ? noise.draw(t - 1, n * dim, rng) : null;
      for (let k = 0; k < n * dim; k++) {
        const mean = (x[k] - eps[k] * c.epsScale) / c.sqrtAlpha;
        x[k] = z ? mean + z[k] * c.sigma : mean;
      }
      if (keep && t > 1 && (T - t + 1) % every === 0) keep.push(x.slice());
    }
    if (keep) keep.push(x.slice());
    return x;
  }

  function fusedDdim(fast: MlpMirror, n: number, tau: number[], eta: number): Float32Array {
    const x = priorDraw(n);
    const clip = cfg.denoisedClip;
    for (let i = tau.length - 1; i >= 1; i--) {
      const t = tau[i];
      const c = ddimCoefficients(t, tau[i - 1], eta);
      const z = c.noisy ? noise.draw(tau[i - 1], n * dim, rng) : null;
      const eps = fusedEpsilonOf(fast, x, n, () => t);
      for (let k = 0; k < n * dim; k++) {
        let x0 = (x[k] - eps[k] * c.sqrtOneMinusAT) / c.sqrtAT;
        if (clip > 0) x0 = Math.min(clip, Math.max(-clip, x0));
        const next = x0 * c.sqrtAPrev + eps[k] * c.direction;
        x[k] = z ? next + z[k] * c.sigma : next;
      }
    }
    return x;
  }

  function constantSteps(n: number, t: number): Int32Array {
    return new Int32Array(n).fill(t);
  }

  function checkStep(t: number, min: number): void {
    if (!Number.isInteger(t) || t < min || t > T) throw new Error(`diffusion: step must be an integer in ${min}..${T}, got ${t}`);
  }

  /** x_T: a draw of the standardised noise at t = T (N(0, I) for Gaussian noise), n rows of dim. */
  function priorDraw(n: number): Float32Array {
    return noise.draw(T, n * dim, rng);
  }

  function prior(n: number): tf.Tensor2D {
    return tf.tensor2d(priorDraw(n), [n, dim]);
  }

  /** One ancestral step x_t → x_{t−1} (Ho Algorithm 2, line 4). */
  function ancestralStep(x: tf.Tensor2D, t: number): tf.Tensor2D {
    return tf.tidy(() => {
      const n = x.shape[0];
      const eps = epsilon(x, constantSteps(n, t));
      const c = ancestralCoefficients(t);
      // μ_θ = (x_t − β_t/√(1 − ᾱ_t) ε_θ) / √α_t
      const mean = tf.div(tf.sub(x, tf.mul(eps, c.epsScale)), c.sqrtAlpha);
      if (t === 1) return mean as tf.Tensor2D;
      const z = tf.tensor2d(noise.draw(t - 1, n * dim, rng), [n, dim]);
      return tf.add(mean, tf.mul(z, c.sigma)) as tf.Tensor2D;
    });
  }

  function ancestral(n: number, every = 0, keep?: Float32Array[]): tf.Tensor2D {
    if (mirror) return tf.tensor2d(fusedAncestral(mirror, n, every, keep), [n, dim]);
    let x = prior(n);
    if (keep) keep.push(fromTensor(x));
    for (let t = T; t >= 1; t--) {
      const next = ancestralStep(x, t);
      x.dispose();
      x = next;
      if (keep && t > 1 && (T - t + 1) % every === 0) keep.push(fromTensor(x));
    }
    if (keep) keep.push(fromTensor(x));
    return x;
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
   */
  function elbo(x0: Float32Array, n: number): Float64Array {
    const total = new Float64Array(n);
    const aT = alphaBars[T];
    for (let i = 0; i < n; i++) {
      let sq = 0;
      for (let j = 0; j < dim; j++) sq += x0[i * dim + j] ** 2;
      total[i] = -0.5 * (dim * (1 - aT - 1 - Math.log(1 - aT)) + aT * sq);
    }
    const x0t = toTensor(x0, dim);
    for (let t = 1; t <= T; t++) {
      const e = noise.draw(t, n * dim, rng);
      const sqErr = tf.tidy(() => {
        const eps = tf.tensor2d(e, [n, dim]);
        const xt = tf.add(tf.mul(x0t, Math.sqrt(alphaBars[t])), tf.mul(eps, Math.sqrt(1 - alphaBars[t]))) as tf.Tensor2D;
        return tf.sum(tf.square(tf.sub(eps, epsilon(xt, constantSteps(n, t)))), 1);
      });
      const s = sqErr.dataSync();
      sqErr.dispose();
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
    x0t.dispose();
    return total;
  }

  const model: DiffusionModel = {
    family: 'diffusion',
    likelihood: cfg.noise === 'gaussian' ? 'lower-bound' : 'none',
    trainingPath: mirror ? 'fused' : 'tfjs',
    get threads() {
      return mirror?.threads ?? 1;
    },
    dim,
    config: cfg,

    trainStep(batch: tf.Tensor2D): StepResult {
      const n = batch.shape[0];
      const steps = new Int32Array(n);
      const a = new Float32Array(n);
      const b = new Float32Array(n);
      const e = new Float32Array(n * dim);
      for (let i = 0; i < n; i++) {
        const t = 1 + rng.int(T);
        steps[i] = t;
        a[i] = Math.sqrt(alphaBars[t]);
        b[i] = Math.sqrt(1 - alphaBars[t]);
        noise.fill(t, e, i * dim, dim, rng);
      }
      if (mirror) return fusedStep(mirror, batch, steps, a, b, e);
      const result = adamStep(
        optimizer,
        net.variables,
        () => {
          const eps = tf.tensor2d(e, [n, dim]);
          // x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε   (Ho eq. 4, in reparameterised form)
          const xt = tf.add(tf.mul(batch, tf.tensor2d(a, [n, 1])), tf.mul(eps, tf.tensor2d(b, [n, 1]))) as tf.Tensor2D;
          return { loss: tf.mean(tf.square(tf.sub(eps, epsilon(xt, steps, net)))) as tf.Scalar };
        },
        cfg.learningRate,
      );
      if (result.ok) ema?.update();
      return result;
    },

    sample(n: number): tf.Tensor2D {
      positiveInt('n', n);
      return ancestral(n);
    },

    sampleDdim(n: number, steps: number, eta = 0): tf.Tensor2D {
      positiveInt('n', n);
      positiveInt('steps', steps);
      if (!(eta >= 0 && Number.isFinite(eta))) throw new ConfigError(`diffusion: DDIM eta must be ≥ 0, got ${eta}`);
      const S = Math.min(steps, T);
      // τ_i = round(i T / S), i = 0..S: an evenly spaced increasing subsequence ending at T (τ_0 = 0 is the data).
      const tau = Array.from({ length: S + 1 }, (_, i) => Math.round((i * T) / S));
      if (mirror) return tf.tensor2d(fusedDdim(mirror, n, tau, eta), [n, dim]);
      let x = prior(n);
      for (let i = S; i >= 1; i--) {
        const t = tau[i];
        const c = ddimCoefficients(t, tau[i - 1], eta);
        const z = c.noisy ? noise.draw(tau[i - 1], n * dim, rng) : null;
        const next = tf.tidy(() => {
          const eps = epsilon(x, constantSteps(n, t));
          let x0Hat = tf.div(tf.sub(x, tf.mul(eps, c.sqrtOneMinusAT)), c.sqrtAT);
          if (cfg.denoisedClip > 0) x0Hat = tf.clipByValue(x0Hat, -cfg.denoisedClip, cfg.denoisedClip);
          let out = tf.add(tf.mul(x0Hat, c.sqrtAPrev), tf.mul(eps, c.direction));
          if (z) out = tf.add(out, tf.mul(tf.tensor2d(z, [n, dim]), c.sigma));
          return out as tf.Tensor2D;
        });
        x.dispose();
        x = next;
      }
      return x;
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

    reverseTrajectories(n: number, every: number): Float32Array[] {
      positiveInt('n', n);
      positiveInt('every', every);
      const keep: Float32Array[] = [];
      ancestral(n, every, keep).dispose();
      return keep;
    },

    predictNoise(x: Float32Array, t: number): Float32Array {
      checkStep(t, 1);
      return tf.tidy(() => fromTensor(epsilon(toTensor(x, dim), constantSteps(x.length / dim, t))));
    },

    score(x: Float32Array, t: number): Float32Array {
      const eps = model.predictNoise(x, t);
      const c = -1 / Math.sqrt(1 - alphaBars[t]);
      for (let i = 0; i < eps.length; i++) eps[i] *= c;
      return eps;
    },

    dispose(): void {
      mirror?.dispose();
      net.dispose();
      averaged?.dispose();
      optimizer.dispose();
    },
  };

  if (cfg.noise === 'gaussian') {
    // For Gamma or mixture noise, q(x_{t−1} | x_t, x_0) is not Gaussian and the KL terms have no closed
    // form; those variants offer no likelihood ('none') rather than a number that is not a bound.
    model.logDensity = (x: tf.Tensor2D): tf.Tensor1D => {
      const values = x.dataSync() as Float32Array;
      return tf.tensor1d(Float32Array.from(elbo(values, x.shape[0])));
    };
  }
  return model;
}
