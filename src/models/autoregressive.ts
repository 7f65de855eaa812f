import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../data/random';
import { adamStep } from './adam-step';
import {
  ConfigError,
  commonDefaults,
  mergeConfig,
  oneOf,
  positiveInt,
  positiveNumber,
  validateCommon,
  type CommonConfig,
} from './config';
import { uniqueName } from './names';
import { Mlp } from './nn';
import { fromTensor } from './tensor';
import type { StepResult, ToyModel } from './types';

/**
 * An autoregressive model: the chain rule of probability, with one learnt conditional per coordinate,
 *   p(x) = p(x_1) · p(x_2 | x_1) · … · p(x_d | x_<d),
 * so log p(x) is an exact sum of one-dimensional log densities, and sampling draws x_1, then x_2 given
 * x_1, and so on, one coordinate at a time (d sequential network calls).
 *
 * Each conditional has its own small network taking x_<i (p(x_1) has no inputs, so its parameters are
 * learnt directly). We chose separate networks over one MADE-style masked network (Germain et al. 2015,
 * arXiv:1502.03509) because the data has a few coordinates: d small networks read like the formula above,
 * need no masks, and cost the same as one masked network for d = 2. MADE's weight sharing pays off only
 * for many coordinates (images), which this family does not target here.
 */
export interface AutoregressiveConfig extends CommonConfig {
  /** Form of each one-dimensional conditional. */
  conditional: 'mixture' | 'categorical';
  /** Mixture of Gaussians: number of components K. */
  components: number;
  /** Categorical: number of equal-width bins over `range`. */
  bins: number;
  /**
   * Categorical: the interval [lo, hi] the bins cover, for every coordinate. The density of bin b is
   * P(b) / width, uniform inside the bin, so log-likelihoods are densities in nats, comparable with the
   * continuous mixture. Values outside the range are counted in the nearest edge bin (the toy data sets
   * lie well inside the default [−4, 4]).
   */
  range: [number, number];
  /** Mixture: smallest standard deviation a component may take (keeps the density finite). */
  minStd: number;
}

export const autoregressiveDefaults: AutoregressiveConfig = {
  ...commonDefaults,
  hidden: 64,
  depth: 2,
  learningRate: 3e-3,
  batchSize: 256,
  conditional: 'mixture',
  components: 8,
  bins: 128,
  range: [-4, 4],
  minStd: 0.01,
};

/** The defaults when `conditional: 'categorical'` is chosen: the same but for the learning rate. */
export const categoricalDefaults: AutoregressiveConfig = {
  ...autoregressiveDefaults,
  conditional: 'categorical',
  learningRate: 1e-2,
};

export interface AutoregressiveModel extends ToyModel {
  readonly family: 'autoregressive';
  readonly likelihood: 'exact';
  readonly config: AutoregressiveConfig;
  logDensity(x: tf.Tensor2D): tf.Tensor1D;
  /** p(x_1) at each of the given values (a density, integrates to 1 over the line). */
  marginal(x1: Float32Array): Float32Array;
  /** p(x_2 | x_1) at each of the given x_2 values, for one fixed x_1 (a density in x_2, integrates to 1). */
  conditional(x1: number, x2: Float32Array): Float32Array;
  /**
   * Sequential sampling, one coordinate at a time: element k holds the n partial samples
   * (x_1, …, x_{k+1}) interleaved, n·(k+1) numbers; the last element is the full sample n·dim.
   */
  sampleSteps(n: number): Float32Array[];
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

export function createAutoregressive(config: Partial<AutoregressiveConfig> = {}): AutoregressiveModel {
  // Each bin's logit learns only from the points that fall in it, so categorical conditionals want a
  // larger step than mixtures: 1e-2 unless the caller sets one (600 steps then reach ~1.5× the floor).
  const defaults = config?.conditional === 'categorical' ? categoricalDefaults : autoregressiveDefaults;
  const cfg: AutoregressiveConfig = mergeConfig(defaults, config, 'autoregressive');
  validateCommon(cfg);
  oneOf('conditional', cfg.conditional, ['mixture', 'categorical'] as const);
  positiveInt('components', cfg.components);
  positiveInt('bins', cfg.bins);
  positiveNumber('minStd', cfg.minStd);
  const [lo, hi] = cfg.range ?? [];
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo)) {
    throw new ConfigError(`autoregressive: range must be two finite numbers [lo, hi] with lo < hi, got ${JSON.stringify(cfg.range)}`);
  }

  const { dim } = cfg;
  const mixture = cfg.conditional === 'mixture';
  const K = cfg.components;
  const binWidth = (hi - lo) / cfg.bins;
  /** Number of parameters of one conditional: K logits, K means, K scales; or one logit per bin. */
  const P = mixture ? 3 * K : cfg.bins;

  const rng = createRng(cfg.seed);
  const prefix = uniqueName('autoregressive');

  // Starting point of every conditional: equal weights, means spread evenly over the middle of the
  // range with standard deviation ≈ 0.5 (mixture), or uniform bins (categorical). The networks learn a
  // correction to it; their last layer starts small, so training starts from a broad, sensible density.
  const start = new Float32Array(P);
  if (mixture) {
    for (let k = 0; k < K; k++) {
      start[K + k] = K === 1 ? 0 : -2 + (4 * k) / (K - 1);
      start[2 * K + k] = Math.log(Math.expm1(0.5)); // softplus⁻¹(0.5)
    }
  }
  const offset = tf.tensor2d(start, [1, P]);
  // p(x_1): parameters learnt directly. p(x_i | x_<i), i ≥ 2: a network of x_<i.
  const firstParams = tf.tidy(() => tf.variable(tf.zeros([1, P]), true, `${prefix}/p1`));
  const nets: Mlp[] = [];
  for (let i = 1; i < dim; i++) {
    nets.push(new Mlp([i, ...Array<number>(cfg.depth).fill(cfg.hidden), P], 'relu', rng, `${prefix}/p${i + 1}`, 0.1));
  }
  const variables = [firstParams, ...nets.flatMap((n) => n.variables)];
  const optimizer = tf.train.adam(cfg.learningRate);

  /** Parameters [n, P] of p(x_{i+1} | x_≤i) given the first i coordinates `prefixCols` [n, i] (0-based i). */
  function conditionalParams(i: number, n: number, prefixCols: tf.Tensor2D | null): tf.Tensor2D {
    if (i === 0) return tf.tile(tf.add(firstParams, offset), [n, 1]) as tf.Tensor2D;
    return tf.add(nets[i - 1].apply(prefixCols as tf.Tensor2D), offset) as tf.Tensor2D;
  }

  function mixtureParts(params: tf.Tensor2D) {
    const logWeights = tf.logSoftmax(tf.slice(params, [0, 0], [-1, K])) as tf.Tensor2D;
    const means = tf.slice(params, [0, K], [-1, K]) as tf.Tensor2D;
    const stds = tf.add(tf.softplus(tf.slice(params, [0, 2 * K], [-1, K])), cfg.minStd) as tf.Tensor2D;
    return { logWeights, means, stds };
  }

  /** log p(y | params) for y [n] in nats; call inside tidy. */
  function logConditional(params: tf.Tensor2D, y: tf.Tensor1D): tf.Tensor1D {
    const yCol = tf.reshape(y, [-1, 1]);
    if (mixture) {
      // log Σ_k π_k N(y; μ_k, σ_k²), computed with log-sum-exp.
      const { logWeights, means, stds } = mixtureParts(params);
      const u = tf.div(tf.sub(yCol, means), stds);
      const logNormal = tf.sub(tf.sub(tf.mul(-0.5, tf.square(u)), tf.log(stds)), LOG_SQRT_2PI);
      return tf.logSumExp(tf.add(logWeights, logNormal), 1) as tf.Tensor1D;
    }
    // Categorical: log P(bin(y)) − log(bin width).
    const index = tf.cast(tf.clipByValue(tf.floor(tf.div(tf.sub(y, lo), binWidth)), 0, cfg.bins - 1), 'int32');
    const logProbs = tf.logSoftmax(params);
    const picked = tf.sum(tf.mul(logProbs, tf.oneHot(index as tf.Tensor1D, cfg.bins)), 1);
    return tf.sub(picked, Math.log(binWidth)) as tf.Tensor1D;
  }

  /** One draw from each row's conditional [n]; call inside tidy. */
  function sampleConditional(params: tf.Tensor2D): tf.Tensor1D {
    const n = params.shape[0];
    // Gumbel-max trick: argmax(logits + Gumbel noise) is a draw from softmax(logits).
    const gumbel = (cols: number) =>
      tf.neg(tf.log(tf.neg(tf.log(tf.randomUniform([n, cols], 1e-7, 1 - 1e-7, 'float32', rng.seed())))));
    if (mixture) {
      const { logWeights, means, stds } = mixtureParts(params);
      const pick = tf.oneHot(tf.argMax(tf.add(logWeights, gumbel(K)), 1) as tf.Tensor1D, K);
      const mean = tf.sum(tf.mul(pick, means), 1);
      const std = tf.sum(tf.mul(pick, stds), 1);
      return tf.add(mean, tf.mul(std, tf.randomNormal([n], 0, 1, 'float32', rng.seed()))) as tf.Tensor1D;
    }
    const bin = tf.cast(tf.argMax(tf.add(params, gumbel(cfg.bins)), 1), 'float32');
    // Uniform inside the chosen bin, matching the piecewise-constant density.
    return tf.add(lo, tf.mul(tf.add(bin, tf.randomUniform([n], 0, 1, 'float32', rng.seed())), binWidth)) as tf.Tensor1D;
  }

  /** log p(x) = Σ_i log p(x_i | x_<i), all conditionals in parallel (teacher forcing). Inside tidy. */
  function logProb(x: tf.Tensor2D): tf.Tensor1D {
    const n = x.shape[0];
    let total = tf.zeros([n]) as tf.Tensor1D;
    for (let i = 0; i < dim; i++) {
      const params = conditionalParams(i, n, i === 0 ? null : (tf.slice(x, [0, 0], [-1, i]) as tf.Tensor2D));
      const xi = tf.reshape(tf.slice(x, [0, i], [-1, 1]), [-1]) as tf.Tensor1D;
      total = tf.add(total, logConditional(params, xi)) as tf.Tensor1D;
    }
    return total;
  }

  /** Sequential sampling; returns the partial samples [n, 1], [n, 2], …, [n, dim]. Inside tidy. */
  function sampleChain(n: number): tf.Tensor2D[] {
    const steps: tf.Tensor2D[] = [];
    let x: tf.Tensor2D | null = null;
    for (let i = 0; i < dim; i++) {
      const xi = tf.reshape(sampleConditional(conditionalParams(i, n, x)), [n, 1]) as tf.Tensor2D;
      x = x === null ? xi : (tf.concat([x, xi], 1) as tf.Tensor2D);
      steps.push(x);
    }
    return steps;
  }

  function densityOnGrid(i: number, given: number[], values: Float32Array): Float32Array {
    return tf.tidy(() => {
      const n = values.length;
      const prefixCols = i === 0 ? null : (tf.tile(tf.tensor2d(given, [1, i]), [n, 1]) as tf.Tensor2D);
      const logP = logConditional(conditionalParams(i, n, prefixCols), tf.tensor1d(values));
      return fromTensor(tf.exp(logP));
    });
  }

  return {
    family: 'autoregressive',
    likelihood: 'exact',
    trainingPath: 'tfjs',
    threads: 1,
    dim,
    config: cfg,

    trainStep(batch: tf.Tensor2D): StepResult {
      // Maximum likelihood: minimise the mean negative log-likelihood in nats.
      return adamStep(optimizer, variables, () => ({ loss: tf.neg(tf.mean(logProb(batch))) as tf.Scalar }), cfg.learningRate);
    },

    sample(n: number): tf.Tensor2D {
      return tf.tidy(() => {
        const steps = sampleChain(n);
        return steps[steps.length - 1];
      });
    },

    logDensity(x: tf.Tensor2D): tf.Tensor1D {
      return tf.tidy(() => logProb(x));
    },

    marginal(x1: Float32Array): Float32Array {
      return densityOnGrid(0, [], x1);
    },

    conditional(x1: number, x2: Float32Array): Float32Array {
      if (dim < 2) throw new ConfigError('autoregressive: p(x2 | x1) needs dim ≥ 2');
      return densityOnGrid(1, [x1], x2);
    },

    sampleSteps(n: number): Float32Array[] {
      return tf.tidy(() => sampleChain(n).map((t) => fromTensor(t)));
    },

    dispose(): void {
      for (const net of nets) net.dispose();
      firstParams.dispose();
      offset.dispose();
      optimizer.dispose();
    },
  };
}
