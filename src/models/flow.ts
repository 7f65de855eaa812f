import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../data/random';
import { ConfigError, commonDefaults, mergeConfig, oneOf, positiveInt, positiveNumber, validateCommon, type CommonConfig } from './config';
import { createCouplings, type Coupling } from './flow-coupling';
import { applyUpdates } from './network';
import { uniqueName } from './names';
import { nonFiniteStep, nonFiniteTerm, okStep } from './step-result';
import { fromTensor } from './tensor';
import type { ModelRuntime, StepResult, ToyModel } from './types';

/**
 * A normalizing flow: a stack of coupling layers with alternating masks (RealNVP: Dinh, Sohl-Dickstein
 * & Bengio 2016, arXiv:1605.08803). f maps data x to base z; the density follows from the change of
 * variables
 *   log p_X(x) = log p_Z(f(x)) + log |det ∂f/∂x (x)|,
 * and sampling runs the inverse, x = f⁻¹(z) with z ~ N(0, I). A coupling layer leaves some coordinates
 * x_A as they are and transforms the others elementwise with parameters computed from x_A, so its
 * Jacobian is triangular and log|det| is a sum of log-derivatives.
 *   affine (RealNVP):  y_B = x_B ⊙ exp(s(x_A)) + t(x_A),      log|det| = Σ s(x_A)
 *   spline (Neural Spline Flows, Durkan et al. 2019, arXiv:1906.04032): y_B = RQS(x_B; θ(x_A)),
 *     a monotonic rational-quadratic spline on [−B, B], identity outside; log|det| = Σ log RQS′.
 * The layers' maths and backward passes are written on plain arrays (./flow-coupling.ts, ./spline.ts);
 * the coupling networks are Networks (./network), fused when the kernels are given, else tfjs.
 */
export interface FlowConfig extends CommonConfig {
  /** Number of coupling layers; consecutive layers alternate which coordinates they transform. */
  layers: number;
  /** Elementwise transform of a coupling layer. */
  coupling: 'affine' | 'spline';
  /** Spline coupling: number of rational-quadratic pieces. */
  bins: number;
  /** Spline coupling: the spline acts on [−tailBound, tailBound], the identity outside. */
  tailBound: number;
  /**
   * Bound on each layer's log-scale: s = c·tanh(ŝ / c). A bounded scale keeps exp(s) from
   * overflowing early in training, the usual failure of affine couplings (RealNVP §3.7 uses a tanh too).
   */
  maxLogScale: number;
  /** Base distribution p_Z. Only the standard Gaussian for now. */
  base: 'gaussian';
}

export const flowDefaults: FlowConfig = {
  ...commonDefaults,
  hidden: 64,
  depth: 2,
  learningRate: 2e-3,
  batchSize: 256,
  layers: 4,
  coupling: 'spline',
  bins: 8,
  tailBound: 4,
  maxLogScale: 3,
  base: 'gaussian',
};

export interface FlowModel extends ToyModel {
  readonly family: 'flow';
  readonly likelihood: 'exact';
  readonly config: FlowConfig;
  logDensity(x: tf.Tensor2D): tf.Tensor1D;
  /** Data to base: x followed by its image after each coupling layer (layers + 1 arrays). */
  forwardLayers(x: Float32Array): Float32Array[];
  /** Base to data: z followed by its image after each inverse layer (layers + 1 arrays). */
  inverseLayers(z: Float32Array): Float32Array[];
  /** z = f(x), the base-space image of the data [n, dim]. */
  forward(x: tf.Tensor2D): tf.Tensor2D;
  /** x = f⁻¹(z) [n, dim]. */
  inverse(z: tf.Tensor2D): tf.Tensor2D;
}

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Share of a batch's coordinates that may lie outside [−tailBound, tailBound] before a spline flow
 * refuses it (issue 20, defect 6). There the spline is the identity, so the flow cannot move
 * that mass: its density stays the base Gaussian's and its samples never reach it. A stray
 * point in the tails (a toy set's noise draws one now and then) costs nothing; data that
 * really live outside would train silently to a wrong model, so trainStep refuses them
 * with a ConfigError naming the bound rather than standardising behind the reader's back.
 */
const OUTSIDE_TOLERANCE = 0.01;

export function createFlow(config: Partial<FlowConfig> = {}, runtime: ModelRuntime = {}): FlowModel {
  const cfg: FlowConfig = mergeConfig(flowDefaults, config, 'flow');
  validateCommon(cfg);
  positiveInt('layers', cfg.layers);
  positiveNumber('maxLogScale', cfg.maxLogScale);
  oneOf('coupling', cfg.coupling, ['affine', 'spline'] as const);
  positiveInt('bins', cfg.bins);
  positiveNumber('tailBound', cfg.tailBound);
  if (cfg.coupling === 'spline' && cfg.bins < 2) throw new ConfigError(`flow: a spline needs at least 2 bins, got ${cfg.bins}`);
  if (cfg.dim < 2) throw new ConfigError(`flow: a coupling layer needs at least 2 coordinates, got dim = ${cfg.dim}`);
  if (cfg.base !== 'gaussian') throw new ConfigError(`flow: unknown base distribution '${String(cfg.base)}'`);

  const { dim } = cfg;
  const rng = createRng(cfg.seed);
  const couplings: Coupling[] = createCouplings(cfg, rng, runtime, uniqueName('flow'));
  const nets = couplings.map((c) => c.net);

  /** f(x) and Σ log-dets per row, evaluating the networks with their trained weights. */
  function evaluateForward(x: Float32Array, n: number, layers?: Float32Array[]): { z: Float32Array; logDet: Float64Array } {
    let h = x;
    const logDet = new Float64Array(n);
    for (const c of couplings) {
      h = c.evaluate(h, n, logDet);
      layers?.push(h);
    }
    return { z: h, logDet };
  }

  function evaluateInverse(z: Float32Array, n: number, layers?: Float32Array[]): Float32Array {
    let h = z;
    for (let k = couplings.length - 1; k >= 0; k--) {
      h = couplings[k].inverse(h, n);
      layers?.push(h);
    }
    return h;
  }

  function logDensityOf(x: Float32Array, n: number): Float32Array {
    const { z, logDet } = evaluateForward(x, n);
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let sq = 0;
      for (let j = 0; j < dim; j++) sq += z[i * dim + j] * z[i * dim + j];
      out[i] = -0.5 * (sq + dim * LOG_2PI) + logDet[i];
    }
    return out;
  }

  function refuseOutsideTails(x: Float32Array): void {
    if (cfg.coupling !== 'spline') return;
    let outside = 0;
    let worst = 0;
    for (const v of x) {
      if (Math.abs(v) > cfg.tailBound) {
        outside++;
        worst = Math.max(worst, Math.abs(v));
      }
    }
    if (outside > OUTSIDE_TOLERANCE * x.length) {
      throw new ConfigError(
        `flow: ${outside} of ${x.length} coordinates of the batch lie outside the spline's tail bound ` +
          `[−${cfg.tailBound}, ${cfg.tailBound}] (up to |x| = ${worst.toPrecision(3)}), where the spline is the ` +
          `identity and cannot fit them. Rescale the data into that interval or raise tailBound.`,
      );
    }
  }

  return {
    family: 'flow',
    likelihood: 'exact',
    trainingPath: nets[0].backend,
    get threads() {
      return nets[0].threads;
    },
    dim,
    config: cfg,

    /**
     * Loss = mean over the batch of −log p_X(x) = ½‖z‖² + (d/2) log 2π − Σ_layers log|det|.
     * dL/dz = z/n and dL/d(log-det) = −1/n per row; the layers pass them back in reverse.
     */
    trainStep(batch: tf.Tensor2D): StepResult {
      const x = fromTensor(batch);
      const n = batch.shape[0];
      refuseOutsideTails(x);
      let h = x;
      const logDet = new Float64Array(n);
      for (const c of couplings) h = c.forward(h, n, logDet);
      let nll = 0;
      let meanLogDet = 0;
      for (let i = 0; i < n; i++) {
        let sq = 0;
        for (let j = 0; j < dim; j++) sq += h[i * dim + j] * h[i * dim + j];
        nll += 0.5 * (sq + dim * LOG_2PI) - logDet[i];
        meanLogDet += logDet[i];
      }
      const losses = { loss: nll / n, logDet: meanLogDet / n };
      const bad = nonFiniteTerm(losses);
      if (bad) return nonFiniteStep(losses, { what: 'loss', term: bad, learningRate: cfg.learningRate, batch: x });
      let grad: Float32Array = new Float32Array(n * dim);
      for (let i = 0; i < grad.length; i++) grad[i] = h[i] / n;
      for (let k = couplings.length - 1; k >= 0; k--) grad = couplings[k].backward(grad, -1 / n);
      if (!applyUpdates(nets)) {
        return nonFiniteStep(losses, { what: 'gradient', where: 'the coupling networks', learningRate: cfg.learningRate, batch: x });
      }
      return okStep(losses);
    },

    sample(n: number): tf.Tensor2D {
      const z = new Float32Array(n * dim);
      for (let i = 0; i < z.length; i++) z[i] = rng.normal();
      return tf.tensor2d(evaluateInverse(z, n), [n, dim]);
    },

    logDensity(x: tf.Tensor2D): tf.Tensor1D {
      return tf.tensor1d(logDensityOf(fromTensor(x), x.shape[0]));
    },

    forward(x: tf.Tensor2D): tf.Tensor2D {
      return tf.tensor2d(evaluateForward(fromTensor(x), x.shape[0]).z, [x.shape[0], dim]);
    },

    inverse(z: tf.Tensor2D): tf.Tensor2D {
      return tf.tensor2d(evaluateInverse(fromTensor(z), z.shape[0]), [z.shape[0], dim]);
    },

    forwardLayers(x: Float32Array): Float32Array[] {
      const out: Float32Array[] = [x.slice()];
      evaluateForward(x, x.length / dim, out);
      return out;
    },

    inverseLayers(z: Float32Array): Float32Array[] {
      const out: Float32Array[] = [z.slice()];
      evaluateInverse(z, z.length / dim, out);
      return out;
    },

    dispose(): void {
      for (const net of nets) net.dispose();
    },
  };
}
