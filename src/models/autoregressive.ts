import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../data/random';
import { categoricalConditional, mixtureConditional, type Conditional } from './autoregressive/conditionals';
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
import { applyUpdates, createNetwork, networkBackend, ParameterVector, type Network } from './network';
import { nonFiniteStep, okStep } from './step-result';
import type { ModelRuntime, StepResult, ToyModel } from './types';

/**
 * An autoregressive model: the chain rule of probability, with one learnt conditional per coordinate,
 *   p(x) = p(x_1) · p(x_2 | x_1) · … · p(x_d | x_<d),
 * so log p(x) is an exact sum of one-dimensional log densities, and sampling draws x_1, then x_2 given
 * x_1, and so on, one coordinate at a time (d sequential network calls).
 *
 * The maths of the conditionals (their log-densities, gradients and draws) is written once on plain
 * arrays in ./autoregressive/conditionals.ts; the networks are Networks (./network), on the fused
 * kernels or on tfjs, and the step costs the same per row at any batch size.
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
   * continuous mixture. The interval is the model's support: the density is 0 outside it, and
   * training on a point outside it is refused with a ConfigError (the toy sets and the lab's box lie
   * inside the default [−4, 4]).
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

export function createAutoregressive(config: Partial<AutoregressiveConfig> = {}, runtime: ModelRuntime = {}): AutoregressiveModel {
  // Each bin's logit learns only from the points that fall in it, so categorical conditionals want a
  // larger step than mixtures: 1e-2 unless the caller sets one.
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
  const family: Conditional = mixture ? mixtureConditional(K, cfg.minStd) : categoricalConditional(cfg.bins, lo, hi);
  /** Number of parameters of one conditional: K logits, K means, K scales; or one logit per bin. */
  const P = family.size;

  const rng = createRng(cfg.seed);
  const prefix = uniqueName('autoregressive');

  // Starting point of every conditional: equal weights, means spread evenly over the middle of the
  // range with standard deviation ≈ 0.5 (mixture), or uniform bins (categorical). The networks learn a
  // correction to it; their last layer starts small, so training starts from a broad, sensible density.
  const offset = new Float32Array(P);
  if (mixture) {
    for (let k = 0; k < K; k++) {
      offset[K + k] = K === 1 ? 0 : -2 + (4 * k) / (K - 1);
      offset[2 * K + k] = Math.log(Math.expm1(0.5)); // softplus⁻¹(0.5)
    }
  }
  // p(x_1): parameters learnt directly. p(x_i | x_<i), i ≥ 2: a network of x_<i.
  const first = new ParameterVector(new Float32Array(P), cfg.learningRate);
  const backend = networkBackend(runtime, 'relu');
  const nets: Network[] = [];
  for (let i = 1; i < dim; i++) {
    const sizes = [i, ...Array<number>(cfg.depth).fill(cfg.hidden), P];
    nets.push(createNetwork({ sizes, activation: 'relu', name: `${prefix}/p${i + 1}`, lastLayerScale: 0.1, learningRate: cfg.learningRate, batchRows: cfg.batchSize }, rng, runtime, backend));
  }

  /** The first i coordinates of each row of x [n × dim], as [n × i]. */
  function prefixColumns(x: Float32Array, n: number, i: number): Float32Array {
    if (i === dim) return x;
    const out = new Float32Array(n * i);
    for (let r = 0; r < n; r++) for (let j = 0; j < i; j++) out[r * i + j] = x[r * dim + j];
    return out;
  }

  /**
   * Parameters [n × P] of p(x_{i+1} | x_≤i) for the n rows of `prefix` [n × i] (0-based i): the
   * learnt p(x_1) repeated, or network i's output, plus the starting point. `training` runs the
   * network's training pass (kept for its backward); otherwise its evaluation.
   */
  function conditionalParams(i: number, n: number, prefix: Float32Array | null, training: boolean): Float32Array {
    const out = new Float32Array(n * P);
    if (i === 0) {
      for (let r = 0; r < n; r++) for (let j = 0; j < P; j++) out[r * P + j] = first.values[j] + offset[j];
      return out;
    }
    const raw = training ? nets[i - 1].forward(prefix!, n) : nets[i - 1].evaluate(prefix!, n, 'trained');
    for (let r = 0; r < n; r++) for (let j = 0; j < P; j++) out[r * P + j] = raw[r * P + j] + offset[j];
    return out;
  }

  /** log p(x) per row, Σ_i log p(x_i | x_<i) with all conditionals in parallel (teacher forcing). */
  function logProb(x: Float32Array, n: number): Float64Array {
    const total = new Float64Array(n);
    const part = new Float64Array(n);
    for (let i = 0; i < dim; i++) {
      const params = conditionalParams(i, n, i === 0 ? null : prefixColumns(x, n, i), false);
      family.logDensity(params, x, dim, i, n, part);
      for (let r = 0; r < n; r++) total[r] += part[r];
    }
    return total;
  }

  /** Refuses points outside the categorical conditionals' support (their density there is 0). */
  function checkSupport(x: Float32Array): void {
    if (mixture) return;
    for (let k = 0; k < x.length; k++) {
      if (!(x[k] >= lo && x[k] <= hi)) {
        throw new ConfigError(
          `autoregressive: the categorical conditionals cover [${lo}, ${hi}] (their density is 0 outside it), ` +
            `but the data has a coordinate ${x[k]}. Widen range or rescale the data.`,
        );
      }
    }
  }

  /** Sequential sampling: the partial samples [n × 1], [n × 2], …, [n × dim]. */
  function sampleChain(n: number): Float32Array[] {
    const x = new Float32Array(n * dim);
    const steps: Float32Array[] = [];
    for (let i = 0; i < dim; i++) {
      const params = conditionalParams(i, n, i === 0 ? null : prefixColumns(x, n, i), false);
      family.sample(params, n, rng, x, dim, i);
      steps.push(prefixColumns(x, n, i + 1).slice());
    }
    return steps;
  }

  /** The density of conditional i at `values`, given the same first i coordinates for every value. */
  function densityOnGrid(i: number, given: number[], values: Float32Array): Float32Array {
    const n = values.length;
    const prefix = new Float32Array(n * i);
    for (let r = 0; r < n; r++) prefix.set(given, r * i);
    const params = conditionalParams(i, n, i === 0 ? null : prefix, false);
    const logP = new Float64Array(n);
    family.logDensity(params, values, 1, 0, n, logP);
    return Float32Array.from(logP, Math.exp);
  }

  return {
    family: 'autoregressive',
    likelihood: 'exact',
    trainingPath: backend,
    threads: 1,
    dim,
    config: cfg,

    trainStep(batch: tf.Tensor2D): StepResult {
      // Maximum likelihood: minimise the mean negative log-likelihood in nats,
      // −(1/n) Σ_r Σ_i log p(x_ri | x_r,<i), one conditional (and network) at a time.
      const n = batch.shape[0];
      const x = batch.dataSync() as Float32Array;
      checkSupport(x);
      let total = 0;
      const part = new Float64Array(n);
      first.zeroGrad();
      for (let i = 0; i < dim; i++) {
        const params = conditionalParams(i, n, i === 0 ? null : prefixColumns(x, n, i), true);
        const grad = new Float32Array(n * P);
        family.logDensity(params, x, dim, i, n, part, grad, -1 / n);
        for (let r = 0; r < n; r++) total -= part[r] / n;
        if (i === 0) {
          for (let r = 0; r < n; r++) for (let j = 0; j < P; j++) first.grad[j] += grad[r * P + j];
        } else {
          nets[i - 1].backward(grad);
        }
      }
      const losses = { loss: total };
      if (!Number.isFinite(total)) return nonFiniteStep(losses, { what: 'loss', learningRate: cfg.learningRate, batch: x });
      if (!applyUpdates(nets, [first])) return nonFiniteStep(losses, { what: 'gradient', learningRate: cfg.learningRate, batch: x });
      return okStep(losses);
    },

    sample(n: number): tf.Tensor2D {
      positiveInt('n', n);
      const steps = sampleChain(n);
      return tf.tensor2d(steps[steps.length - 1], [n, dim]);
    },

    logDensity(x: tf.Tensor2D): tf.Tensor1D {
      return tf.tensor1d(Float32Array.from(logProb(x.dataSync() as Float32Array, x.shape[0])));
    },

    marginal(x1: Float32Array): Float32Array {
      return densityOnGrid(0, [], x1);
    },

    conditional(x1: number, x2: Float32Array): Float32Array {
      if (dim < 2) throw new ConfigError('autoregressive: p(x2 | x1) needs dim ≥ 2');
      return densityOnGrid(1, [x1], x2);
    },

    sampleSteps(n: number): Float32Array[] {
      positiveInt('n', n);
      return sampleChain(n);
    },

    dispose(): void {
      for (const net of nets) net.dispose();
    },
  };
}
