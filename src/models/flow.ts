import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../data/random';
import { adamStep } from './adam-step';
import { ConfigError, commonDefaults, mergeConfig, oneOf, positiveInt, positiveNumber, validateCommon, type CommonConfig } from './config';
import { Mlp } from './nn';
import { rationalQuadraticSpline, splineParamCount } from './spline';
import { rationalQuadraticSplineInverse } from './spline-inverse';
import { uniqueName } from './names';
import { fromTensor, toTensor } from './tensor';
import type { StepResult, ToyModel } from './types';

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

export function createFlow(config: Partial<FlowConfig> = {}): FlowModel {
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

  const { dim, layers, maxLogScale } = cfg;
  const spline = cfg.coupling === 'spline';
  /** Parameters the coupling network outputs per coordinate: (s, t), or the spline's 3K − 1. */
  const perCoord = spline ? splineParamCount(cfg.bins) : 2;
  const rng = createRng(cfg.seed);
  const prefix = uniqueName('flow');
  // Layer k keeps the coordinates j with (j + k) even and transforms the others, so
  // consecutive layers alternate (for d = 2: layer 0 moves x2 given x1, layer 1 moves x1 given x2).
  const masks: tf.Tensor2D[] = [];
  const nets: Mlp[] = [];
  for (let k = 0; k < layers; k++) {
    const m = new Float32Array(dim);
    for (let j = 0; j < dim; j++) m[j] = (j + k) % 2 === 0 ? 1 : 0;
    masks.push(tf.tensor2d(m, [1, dim]));
    const sizes = [dim, ...Array<number>(cfg.depth).fill(cfg.hidden), perCoord * dim];
    // Last layer starts at zero, so every coupling starts as the identity (as in Glow).
    nets.push(new Mlp(sizes, 'relu', rng, `${prefix}/coupling${k}`, 0));
  }
  const variables = nets.flatMap((n) => n.variables);
  const optimizer = tf.train.adam(cfg.learningRate);

  /** Scale s and shift t of affine layer k, both zero on the kept coordinates. */
  function scaleShift(k: number, kept: tf.Tensor2D): { s: tf.Tensor2D; t: tf.Tensor2D } {
    const out = nets[k].apply(kept);
    const free = tf.sub(1, masks[k]);
    const raw = tf.slice(out, [0, 0], [-1, dim]);
    const s = tf.mul(tf.mul(tf.tanh(tf.div(raw, maxLogScale)), maxLogScale), free) as tf.Tensor2D;
    const t = tf.mul(tf.slice(out, [0, dim], [-1, dim]), free) as tf.Tensor2D;
    return { s, t };
  }

  /** Spline coupling k, data side to base side: the free coordinates go through the spline, the kept ones stay. */
  function splineCoupling(k: number, x: tf.Tensor2D): { y: tf.Tensor2D; logDet: tf.Tensor1D } {
    const free = tf.sub(1, masks[k]);
    const params = tf.reshape(nets[k].apply(tf.mul(x, masks[k]) as tf.Tensor2D), [-1, dim, perCoord]) as tf.Tensor3D;
    const { out, logDeriv } = rationalQuadraticSpline(x, params, cfg.bins, cfg.tailBound, false);
    const y = tf.add(tf.mul(x, masks[k]), tf.mul(out, free)) as tf.Tensor2D;
    return { y, logDet: tf.sum(tf.mul(logDeriv, free), 1) as tf.Tensor1D };
  }

  /** Spline coupling k inverted (sampling): the network in tfjs, the spline's inverse in plain JavaScript (./spline-inverse.ts). */
  function splineInverse(k: number, y: tf.Tensor2D): tf.Tensor2D {
    const params = nets[k].apply(tf.mul(y, masks[k]) as tf.Tensor2D).dataSync();
    const values = y.dataSync();
    const moved = rationalQuadraticSplineInverse(values, params, cfg.bins, cfg.tailBound);
    const kept = masks[k].dataSync();
    for (let i = 0; i < moved.length; i++) if (kept[i % dim] === 1) moved[i] = values[i];
    return tf.tensor2d(moved, y.shape);
  }

  /** One coupling layer, data side to base side. Affine: y = x ⊙ exp(s(x_kept)) + t(x_kept) on the free coordinates. */
  function couplingForward(k: number, x: tf.Tensor2D): { y: tf.Tensor2D; logDet: tf.Tensor1D } {
    if (spline) return splineCoupling(k, x);
    const { s, t } = scaleShift(k, tf.mul(x, masks[k]) as tf.Tensor2D);
    const y = tf.add(tf.mul(x, tf.exp(s)), t) as tf.Tensor2D;
    return { y, logDet: tf.sum(s, 1) as tf.Tensor1D };
  }

  /** Its inverse. Affine: x = (y − t) ⊙ exp(−s); the kept coordinates are unchanged, so s and t are recomputed from y. */
  function couplingInverse(k: number, y: tf.Tensor2D): tf.Tensor2D {
    if (spline) return splineInverse(k, y);
    const { s, t } = scaleShift(k, tf.mul(y, masks[k]) as tf.Tensor2D);
    return tf.mul(tf.sub(y, t), tf.exp(tf.neg(s))) as tf.Tensor2D;
  }

  function forwardWithLogDet(x: tf.Tensor2D): { z: tf.Tensor2D; logDet: tf.Tensor1D } {
    let z = x;
    let logDet = tf.zeros([x.shape[0]]) as tf.Tensor1D;
    for (let k = 0; k < layers; k++) {
      const step = couplingForward(k, z);
      z = step.y;
      logDet = tf.add(logDet, step.logDet) as tf.Tensor1D;
    }
    return { z, logDet };
  }

  /** log p_X(x) = log N(f(x); 0, I) + log|det J_f(x)|. Call inside tidy. */
  function logProb(x: tf.Tensor2D): { logP: tf.Tensor1D; logDet: tf.Tensor1D } {
    const { z, logDet } = forwardWithLogDet(x);
    const logBase = tf.mul(-0.5, tf.add(tf.sum(tf.square(z), 1), dim * LOG_2PI));
    return { logP: tf.add(logBase, logDet) as tf.Tensor1D, logDet };
  }

  function inverse(z: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      let x = z;
      for (let k = layers - 1; k >= 0; k--) x = couplingInverse(k, x);
      return x;
    });
  }

  return {
    family: 'flow',
    likelihood: 'exact',
    trainingPath: 'tfjs',
    threads: 1,
    dim,
    config: cfg,

    trainStep(batch: tf.Tensor2D): StepResult {
      return adamStep(
        optimizer,
        variables,
        () => {
          const { logP, logDet } = logProb(batch);
          return { loss: tf.neg(tf.mean(logP)) as tf.Scalar, logDet: tf.mean(logDet) as tf.Scalar };
        },
        cfg.learningRate,
      );
    },

    sample(n: number): tf.Tensor2D {
      return tf.tidy(() => inverse(tf.randomNormal([n, dim], 0, 1, 'float32', rng.seed())));
    },

    logDensity(x: tf.Tensor2D): tf.Tensor1D {
      return tf.tidy(() => logProb(x).logP);
    },

    forward(x: tf.Tensor2D): tf.Tensor2D {
      return tf.tidy(() => forwardWithLogDet(x).z);
    },

    inverse,

    forwardLayers(x: Float32Array): Float32Array[] {
      const out: Float32Array[] = [x.slice()];
      tf.tidy(() => {
        let h = toTensor(x, dim);
        for (let k = 0; k < layers; k++) {
          h = couplingForward(k, h).y;
          out.push(fromTensor(h));
        }
      });
      return out;
    },

    inverseLayers(z: Float32Array): Float32Array[] {
      const out: Float32Array[] = [z.slice()];
      tf.tidy(() => {
        let h = toTensor(z, dim);
        for (let k = layers - 1; k >= 0; k--) {
          h = couplingInverse(k, h);
          out.push(fromTensor(h));
        }
      });
      return out;
    },

    dispose(): void {
      for (const n of nets) n.dispose();
      tf.dispose(masks);
      optimizer.dispose();
    },
  };
}
