import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../data/random';
import { ConfigError, commonDefaults, mergeConfig, oneOf, positiveInt, validateCommon, type CommonConfig } from './config';
import { createNetwork, type Weights } from './network';
import type { Activation } from './nn';
import { uniqueName } from './names';
import { regressionStep } from './regression-loss';
import { writeTimeFeatures } from './time-features';
import type { ModelRuntime, SamplerWeights, StepResult, ToyModel } from './types';
import { loadNetwork, networkArrays, type NamedArrays } from './weights-file';

/**
 * Flow matching (Lipman et al. 2022, arXiv:2210.02747) and rectified flow (Liu, Gong & Liu 2022,
 * arXiv:2209.03003) on points: a velocity field v_θ(x, t), a small MLP of x and sinusoidal features
 * of t, whose ODE dx/dt = v_θ(x, t) carries noise at t = 0 to data at t = 1.
 *
 * Time runs from noise to data: x_0 ~ N(0, I), x_1 ~ p_data. A path joins each pair,
 *   'linear' (rectified flow):             x_t = (1 − t) x_0 + t x_1,               velocity x_1 − x_0;
 *   'cosine' (variance preserving; the trigonometric interpolant of Albergo & Vanden-Eijnden 2022,
 *            arXiv:2209.15571):          x_t = cos(πt/2) x_0 + sin(πt/2) x_1,   velocity (π/2)(cos(πt/2) x_1 − sin(πt/2) x_0),
 * and training regresses the network onto the path's velocity (conditional flow matching, Lipman eq. 9):
 *   L(θ) = E_{t ~ U[0, 1], x_0, x_1} ‖v_θ(x_t, t) − ẋ_t‖²  (averaged over coordinates too).
 * Its minimiser is the marginal field v*(x, t) = E[ẋ_t | x_t = x], which carries p_0 to p_1
 * (Lipman Theorem 1–2; Liu Theorem 3.3).
 *
 * Sampling solves the ODE from t = 0 to 1 with Euler's or Heun's method. The log-density is exact
 * for that ODE by the instantaneous change of variables (Chen et al. 2018, arXiv:1806.07366, Theorem 1):
 *   log p_1(x_1) = log N(x_0; 0, I) − ∫_0^1 ∇·v_θ(x_t, t) dt,
 * integrated backwards from x_1 with Heun's method, the divergence computed exactly as the trace of
 * the Jacobian (one backward pass per coordinate, cheap in 2-D; FFJORD's Hutchinson estimator,
 * arXiv:1810.01367, is what high dimension would need). "Exact" means exact up to the ODE solver's error.
 *
 * Reflow (Liu et al. §2.2): draw fresh noise, carry it through the trained ODE, and go on training the
 * same network on these (noise, sample) pairs instead of independent ones. Paths of the new coupling
 * do not cross, so the next field's paths are straighter and few Euler steps sample well.
 * straightness() measures it: S = ∫_0^1 E ‖(x_1 − x_0) − v_θ(x_t, t)‖² dt along the ODE's own paths
 * (Liu et al. eq. 6), 0 for straight paths.
 *
 * The velocity network is one Network (./network): on the fused kernels when runtime.fastKernels is
 * given, else on tfjs; the loss is written once, as a gradient with respect to its output.
 */
export type ProbabilityPath = 'linear' | 'cosine';
export type OdeSolver = 'euler' | 'heun';
export const probabilityPaths: readonly ProbabilityPath[] = ['linear', 'cosine'];
export const odeSolvers: readonly OdeSolver[] = ['euler', 'heun'];

export interface FlowMatchingConfig extends CommonConfig {
  path: ProbabilityPath;
  /** sample()'s solver and number of steps (the lab passes its own to sampleWith). */
  solver: OdeSolver;
  sampleSteps: number;
  /** Heun steps of the backward ODE in logDensity. */
  likelihoodSteps: number;
  /** Number of sinusoidal time features (even), as diffusion's (./time-features.ts). */
  timeFeatures: number;
  activation: Activation;
  /** Decay of the moving average of the weights that sampling and the views read; 0: the raw weights. */
  emaDecay: number;
  /** Reflow: how many (noise, sample) pairs to draw, and the Heun steps that carry each noise to its sample. */
  reflowPairs: number;
  reflowSteps: number;
  /**
   * What the network outputs: 'velocity' v_θ(x_t, t), trained onto the path's velocity, or
   * 'data' (linear path only) x̂_1 = f_θ(x_t, t), trained onto the data point x_1, with the
   * velocity it implies, v = (x̂_1 − x_t)/(1 − t), since x_t = (1 − t) x_0 + t x_1 gives
   * ẋ_t = x_1 − x_0 = (x_1 − x_t)/(1 − t). The two share a minimiser's field (E[x_1 | x_t] gives
   * v*). For 196-pixel digits a plain MLP predicting the velocity must carry each pixel's noise
   * from input to output, and what it carries imprecisely stays as grain; predicting x_1 it only
   * draws a digit. An Euler step then moves the fraction h/(1 − t) of the way to x̂_1, landing on it
   * at t = 1; the field is read at most at t = 1 − 1/50 (Heun's last corrector asks for t = 1).
   */
  prediction: 'velocity' | 'data';
}

/** 'data' prediction: the latest time the velocity (x̂_1 − x_t)/(1 − t) is read at. */
const LAST_DATA_TIME = 1 - 1 / 50;

export const flowMatchingDefaults: FlowMatchingConfig = {
  ...commonDefaults,
  hidden: 64,
  depth: 3,
  learningRate: 3e-3,
  batchSize: 256,
  path: 'linear',
  solver: 'heun',
  sampleSteps: 16,
  likelihoodSteps: 32,
  timeFeatures: 8,
  activation: 'silu',
  emaDecay: 0.995,
  reflowPairs: 4096,
  reflowSteps: 32,
  prediction: 'velocity',
};

export interface OdeOptions {
  solver?: OdeSolver;
  steps?: number;
}

export interface FlowMatchingModel extends ToyModel, SamplerWeights {
  readonly family: 'flow-matching';
  readonly config: FlowMatchingConfig;
  /** How many times reflow() has rewired the training pairs (0: independent noise and data). */
  readonly reflows: number;
  /** n samples: noise carried from t = 0 to 1 by the given solver and steps (default: the config's). */
  sampleWith(n: number, options?: OdeOptions): Float32Array;
  /** Standard normal noise [n × dim] from the model's own stream. */
  noise(n: number): Float32Array;
  /** The ODE's path from the given noise x_0: steps + 1 frames, t = 0, 1/steps, …, 1 (the last frame is the samples). */
  trajectories(x0: Float32Array, options?: OdeOptions): Float32Array[];
  /** The learned velocity v_θ(x, t) at points x (interleaved), with the averaged weights. */
  velocity(x: Float32Array, t: number): Float32Array;
  /** Liu et al.'s straightness S of the ODE's paths from the given noise (mean over points; 0 = straight). */
  straightness(x0: Float32Array, steps?: number): number;
  /** Rectify once more: draw config.reflowPairs fresh (noise, ODE sample) pairs and train on them from now on. */
  reflow(): void;
  /** Exact log-density of the ODE's pushforward (instantaneous change of variables), nats per point. */
  logDensity(x: tf.Tensor2D): tf.Tensor1D;
}

const LOG_2PI = Math.log(2 * Math.PI);

/** x_t's coefficients on noise and data, a(t) x_0 + b(t) x_1, and their time derivatives. */
function pathCoefficients(path: ProbabilityPath, t: number): { a: number; b: number; da: number; db: number } {
  if (path === 'linear') return { a: 1 - t, b: t, da: -1, db: 1 };
  const h = (Math.PI / 2) * t;
  return { a: Math.cos(h), b: Math.sin(h), da: -(Math.PI / 2) * Math.sin(h), db: (Math.PI / 2) * Math.cos(h) };
}

export function validateFlowMatching(cfg: FlowMatchingConfig): void {
  validateCommon(cfg);
  oneOf('path', cfg.path, probabilityPaths);
  oneOf('solver', cfg.solver, odeSolvers);
  oneOf('activation', cfg.activation, ['relu', 'tanh', 'silu', 'leakyRelu'] as const);
  positiveInt('sampleSteps', cfg.sampleSteps, 10000);
  positiveInt('likelihoodSteps', cfg.likelihoodSteps, 10000);
  positiveInt('reflowPairs', cfg.reflowPairs, 1 << 20);
  positiveInt('reflowSteps', cfg.reflowSteps, 10000);
  positiveInt('timeFeatures', cfg.timeFeatures);
  if (cfg.timeFeatures % 2 !== 0) throw new ConfigError(`flow-matching: timeFeatures must be even (sin/cos pairs), got ${cfg.timeFeatures}`);
  if (!(cfg.emaDecay >= 0 && cfg.emaDecay < 1)) throw new ConfigError(`flow-matching: emaDecay must lie in [0, 1), got ${cfg.emaDecay}`);
  oneOf('prediction', cfg.prediction, ['velocity', 'data'] as const);
  if (cfg.prediction === 'data' && cfg.path !== 'linear') throw new ConfigError(`flow-matching: prediction "data" needs the linear path, got path "${cfg.path}"`);
}

function checkOde(options: OdeOptions, fallback: { solver: OdeSolver; steps: number }): { solver: OdeSolver; steps: number } {
  const solver = oneOf('solver', options.solver ?? fallback.solver, odeSolvers);
  const steps = positiveInt('steps', options.steps ?? fallback.steps, 10000);
  return { solver, steps };
}

export function createFlowMatching(config: Partial<FlowMatchingConfig> = {}, runtime: ModelRuntime = {}): FlowMatchingModel {
  const cfg = mergeConfig(flowMatchingDefaults, config, 'flow-matching');
  validateFlowMatching(cfg);
  const { dim } = cfg;
  const F = cfg.timeFeatures;
  const width = dim + F;
  const rng = createRng(cfg.seed);
  const net = createNetwork(
    {
      sizes: [width, ...Array<number>(cfg.depth).fill(cfg.hidden), dim],
      activation: cfg.activation,
      name: `${uniqueName('flow-matching')}/velocity`,
      learningRate: cfg.learningRate,
      emaDecay: cfg.emaDecay,
      batchRows: cfg.batchSize,
    },
    rng,
    runtime,
  );
  /** Reflow's coupling: pairs of noise and the ODE's sample of it; null while training on independent pairs. */
  let coupling: { x0: Float32Array; x1: Float32Array; count: number } | null = null;
  let reflows = 0;

  /** Network input rows [x_i, features(t)] at one time t for all n rows. */
  function inputAt(x: ArrayLike<number>, n: number, t: number): Float32Array {
    const input = new Float32Array(n * width);
    const features = new Float32Array(F);
    writeTimeFeatures(t, F, features, 0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < dim; j++) input[i * width + j] = x[i * dim + j];
      input.set(features, i * width + dim);
    }
    return input;
  }

  function velocityAt(x: Float32Array, n: number, t: number, weights: Weights = 'averaged'): Float32Array {
    if (cfg.prediction === 'velocity') return net.evaluate(inputAt(x, n, t), n, weights);
    const tc = Math.min(t, LAST_DATA_TIME);
    const out = net.evaluate(inputAt(x, n, tc), n, weights);
    for (let k = 0; k < out.length; k++) out[k] = (out[k] - x[k]) / (1 - tc);
    return out;
  }

  /** One step of the ODE from t to t + h (h may be negative). */
  function odeStep(x: Float32Array, n: number, t: number, h: number, solver: OdeSolver): Float32Array {
    const k1 = velocityAt(x, n, t);
    const next = new Float32Array(x.length);
    for (let k = 0; k < x.length; k++) next[k] = x[k] + h * k1[k];
    if (solver === 'euler') return next;
    // Heun's method (explicit trapezoid): average the slope at both ends of the Euler step.
    const k2 = velocityAt(next, n, t + h);
    for (let k = 0; k < x.length; k++) next[k] = x[k] + 0.5 * h * (k1[k] + k2[k]);
    return next;
  }

  function integrate(x0: Float32Array, solver: OdeSolver, steps: number, record: boolean): Float32Array[] {
    const n = x0.length / dim;
    let x: Float32Array = Float32Array.from(x0);
    const frames: Float32Array[] = record ? [x] : [];
    for (let s = 0; s < steps; s++) {
      x = odeStep(x, n, s / steps, 1 / steps, solver);
      if (record) frames.push(x);
    }
    return record ? frames : [x];
  }

  function drawNoise(n: number): Float32Array {
    const out = new Float32Array(n * dim);
    for (let k = 0; k < out.length; k++) out[k] = rng.normal();
    return out;
  }

  function checkPoints(x: Float32Array, what: string): number {
    if (x.length % dim !== 0 || x.length === 0) throw new ConfigError(`flow-matching: ${what} expects a positive multiple of dim = ${dim} values, got ${x.length}`);
    return x.length / dim;
  }

  /** ∇·v_θ(x, t) per row: the Jacobian's trace, one backward pass per output coordinate. */
  function divergence(x: Float32Array, n: number, t: number): Float64Array {
    const tc = cfg.prediction === 'data' ? Math.min(t, LAST_DATA_TIME) : t;
    const input = inputAt(x, n, tc);
    const div = new Float64Array(n);
    const dOut = new Float32Array(n * dim);
    for (let k = 0; k < dim; k++) {
      dOut.fill(0);
      for (let i = 0; i < n; i++) dOut[i * dim + k] = 1;
      const g = net.inputGradient(input, n, dOut, 'averaged');
      for (let i = 0; i < n; i++) div[i] += g[i * width + k];
    }
    // 'data': ∇·((f − x)/(1 − t)) = (tr ∂f/∂x − dim)/(1 − t).
    if (cfg.prediction === 'data') for (let i = 0; i < n; i++) div[i] = (div[i] - dim) / (1 - tc);
    return div;
  }

  /** Chen et al. Theorem 1 backwards from t = 1 to 0 with Heun's method on the pair (x, ∫ div). */
  function logDensityOf(x1: Float32Array): Float64Array {
    const n = x1.length / dim;
    const K = cfg.likelihoodSteps;
    const h = 1 / K;
    let x = x1.slice();
    const integral = new Float64Array(n);
    for (let s = K; s > 0; s--) {
      const t = s * h;
      const v1 = velocityAt(x, n, t);
      const d1 = divergence(x, n, t);
      const guess = new Float32Array(x.length);
      for (let k = 0; k < x.length; k++) guess[k] = x[k] - h * v1[k];
      const v2 = velocityAt(guess, n, t - h);
      const d2 = divergence(guess, n, t - h);
      for (let k = 0; k < x.length; k++) x[k] -= 0.5 * h * (v1[k] + v2[k]);
      for (let i = 0; i < n; i++) integral[i] += 0.5 * h * (d1[i] + d2[i]);
    }
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let sq = 0;
      for (let j = 0; j < dim; j++) sq += x[i * dim + j] ** 2;
      out[i] = -0.5 * (dim * LOG_2PI + sq) - integral[i];
    }
    return out;
  }

  const model: FlowMatchingModel = {
    family: 'flow-matching',
    likelihood: 'exact',
    trainingPath: net.backend,
    get threads() {
      return net.threads;
    },
    dim,
    config: cfg,
    get reflows() {
      return reflows;
    },

    /**
     * One step of conditional flow matching: t ~ U[0, 1], x_0 ~ N(0, I) (or, after reflow, a stored
     * pair), x_t = a(t) x_0 + b(t) x_1, L = mean ‖v_θ(x_t, t) − (ȧ(t) x_0 + ḃ(t) x_1)‖².
     */
    trainStep(batch: tf.Tensor2D): StepResult {
      const n = batch.shape[0];
      const data = batch.dataSync();
      const input = new Float32Array(n * width);
      const target = new Float32Array(n * dim);
      for (let i = 0; i < n; i++) {
        const t = rng.uniform();
        const { a, b, da, db } = pathCoefficients(cfg.path, t);
        const pair = coupling ? rng.int(coupling.count) : -1;
        for (let j = 0; j < dim; j++) {
          const x0 = coupling ? coupling.x0[pair * dim + j] : rng.normal();
          const x1 = coupling ? coupling.x1[pair * dim + j] : data[i * dim + j];
          input[i * width + j] = a * x0 + b * x1;
          target[i * dim + j] = cfg.prediction === 'data' ? x1 : da * x0 + db * x1;
        }
        writeTimeFeatures(t, F, input, i * width + dim);
      }
      return regressionStep(net, input, target, n, { learningRate: cfg.learningRate, batch: data, where: cfg.prediction === 'data' ? 'the data predictor x̂_1' : 'the velocity field v_θ' });
    },

    sample(n: number): tf.Tensor2D {
      return tf.tensor2d(model.sampleWith(n), [n, dim]);
    },

    sampleWith(n: number, options: OdeOptions = {}): Float32Array {
      positiveInt('n', n);
      const { solver, steps } = checkOde(options, { solver: cfg.solver, steps: cfg.sampleSteps });
      return integrate(drawNoise(n), solver, steps, false)[0];
    },

    noise(n: number): Float32Array {
      positiveInt('n', n);
      return drawNoise(n);
    },

    trajectories(x0: Float32Array, options: OdeOptions = {}): Float32Array[] {
      checkPoints(x0, 'trajectories');
      const { solver, steps } = checkOde(options, { solver: 'heun', steps: 32 });
      return integrate(x0, solver, steps, true);
    },

    velocity(x: Float32Array, t: number): Float32Array {
      const n = checkPoints(x, 'velocity');
      if (!(t >= 0 && t <= 1)) throw new ConfigError(`flow-matching: t must lie in [0, 1], got ${t}`);
      return velocityAt(x, n, t);
    },

    straightness(x0: Float32Array, steps = 32): number {
      const n = checkPoints(x0, 'straightness');
      positiveInt('steps', steps, 10000);
      const frames = integrate(x0, 'heun', steps, true);
      const end = frames[steps];
      let sum = 0;
      // A midpoint rule in t for ∫_0^1 E‖(x_1 − x_0) − v(x_t, t)‖² dt, x_t on the ODE's path (Heun's frames, linearly interpolated).
      for (let s = 0; s < steps; s++) {
        const mid = new Float32Array(x0.length);
        for (let k = 0; k < mid.length; k++) mid[k] = 0.5 * (frames[s][k] + frames[s + 1][k]);
        const v = velocityAt(mid, n, (s + 0.5) / steps);
        for (let k = 0; k < mid.length; k++) sum += (end[k] - x0[k] - v[k]) ** 2;
      }
      return sum / steps / n;
    },

    reflow(): void {
      const count = cfg.reflowPairs;
      const x0 = drawNoise(count);
      const x1 = integrate(x0, 'heun', cfg.reflowSteps, false)[0];
      coupling = { x0, x1, count };
      reflows += 1;
    },

    logDensity(x: tf.Tensor2D): tf.Tensor1D {
      const values = x.dataSync() as Float32Array;
      checkPoints(values, 'logDensity');
      return tf.tensor1d(Float32Array.from(logDensityOf(values)));
    },

    samplerWeights(): NamedArrays {
      return networkArrays('velocity', net.getParams('averaged'));
    },

    loadSamplerWeights(arrays: NamedArrays): void {
      loadNetwork('velocity', net, arrays);
    },

    dispose(): void {
      net.dispose();
      coupling = null;
    },
  };
  return model;
}
