import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../data/random';
import { adamStep } from './adam-step';
import {
  ConfigError,
  commonDefaults,
  mergeConfig,
  numberInRange,
  oneOf,
  positiveInt,
  positiveNumber,
  validateCommon,
  type CommonConfig,
} from './config';
import { uniqueName } from './names';
import { Mlp } from './nn';
import { fromTensor, toTensor } from './tensor';
import type { StepResult, ToyModel } from './types';

/**
 * A variational autoencoder (Kingma & Welling 2013, arXiv:1312.6114; Rezende, Mohamed & Wierstra 2014).
 *   prior        p(z) = N(0, I), z ∈ R^L
 *   decoder      p_θ(x | z) = N(μ_θ(z), diag σ_x²)      (σ_x² learnt per coordinate, or fixed)
 *   encoder      q_φ(z | x) = N(μ_φ(x), diag σ_φ²(x))
 * Training maximises the evidence lower bound, per example
 *   ELBO(x) = E_q[log p_θ(x | z)] − KL(q_φ(z | x) ‖ p(z)) ≤ log p_θ(x),
 * with z = μ + σ ⊙ ε, ε ~ N(0, I) (the reparameterisation trick) so the gradient passes through the
 * sample. The loss reports the two terms separately: recon = −log p_θ(x | z), kl = the closed-form KL.
 */
export interface VaeConfig extends CommonConfig {
  /** Dimension L of the latent z. */
  latentDim: number;
  /** Decoder variance σ_x²: one learnt value per data coordinate, or fixed at decoderStd². */
  decoderVariance: 'learned' | 'fixed';
  /** Decoder standard deviation σ_x: its fixed value, or its starting value when learnt. */
  decoderStd: number;
  /** Monte-Carlo samples of z per data point in logDensity's ELBO estimate (training uses one). */
  elboSamples: number;
  /**
   * Weight β of the KL term in the training loss recon + β·kl (β-VAE, Higgins et al. 2017).
   * β = 1 is the ELBO; the reported recon and kl, and logDensity, are always the unweighted terms.
   */
  beta: number;
}

export const vaeDefaults: VaeConfig = {
  ...commonDefaults,
  hidden: 64,
  depth: 2,
  // On the 2-D toy sets 1e-2 is faster at first but now and then spikes late in training; 3e-3 is steadier.
  learningRate: 3e-3,
  batchSize: 256,
  latentDim: 2,
  decoderVariance: 'learned',
  decoderStd: 1,
  elboSamples: 16,
  beta: 1,
};

export interface VaeModel extends ToyModel {
  readonly family: 'vae';
  readonly likelihood: 'lower-bound';
  readonly config: VaeConfig;
  /** The ELBO per row in nats (a lower bound on log p(x)), averaged over `elboSamples` draws of z. */
  logDensity(x: tf.Tensor2D): tf.Tensor1D;
  /**
   * The importance-weighted bound of Burda, Grosse & Salakhutdinov 2015 (arXiv:1509.00519), per row:
   *   log (1/k) Σ_j p_θ(x, z_j) / q_φ(z_j | x),  z_j ~ q_φ(z | x),
   * which tightens towards log p(x) as k grows (k = 1 is the ELBO).
   */
  importanceWeightedLogDensity(x: tf.Tensor2D, k: number): tf.Tensor1D;
  /** The encoder's q(z | x): means and log-variances, interleaved [n·L]. */
  encode(x: Float32Array): { mean: Float32Array; logVar: Float32Array };
  /** The decoder's mean μ_θ(z) for latents z interleaved [n·L]; returns [n·dim]. */
  decode(z: Float32Array): Float32Array;
}

const LOG_2PI = Math.log(2 * Math.PI);
/** Lower bound on the decoder's log-variance (σ_x ≥ 1e-3), so the Gaussian density stays finite. */
const MIN_DECODER_LOGVAR = 2 * Math.log(1e-3);

export function createVae(config: Partial<VaeConfig> = {}): VaeModel {
  const cfg: VaeConfig = mergeConfig(vaeDefaults, config, 'vae');
  validateCommon(cfg);
  positiveInt('latentDim', cfg.latentDim, 1024);
  oneOf('decoderVariance', cfg.decoderVariance, ['learned', 'fixed'] as const);
  positiveNumber('decoderStd', cfg.decoderStd);
  numberInRange('beta', cfg.beta, 0, 100);
  positiveInt('elboSamples', cfg.elboSamples, 4096);

  const { dim, latentDim: L } = cfg;
  const rng = createRng(cfg.seed);
  const prefix = uniqueName('vae');
  const hidden = Array<number>(cfg.depth).fill(cfg.hidden);
  const encoder = new Mlp([dim, ...hidden, 2 * L], 'relu', rng, `${prefix}/encoder`, 0.1);
  const decoder = new Mlp([L, ...hidden, dim], 'relu', rng, `${prefix}/decoder`);
  const learnVariance = cfg.decoderVariance === 'learned';
  const decoderLogVar = tf.tidy(() =>
    tf.variable(tf.fill([1, dim], 2 * Math.log(cfg.decoderStd)), learnVariance, `${prefix}/decoderLogVar`),
  );
  const variables = [...encoder.variables, ...decoder.variables, ...(learnVariance ? [decoderLogVar] : [])];
  const optimizer = tf.train.adam(cfg.learningRate);

  /** q(z | x): mean and log-variance [n, L]. */
  function encodeParts(x: tf.Tensor2D): { mean: tf.Tensor2D; logVar: tf.Tensor2D } {
    const out = encoder.apply(x);
    return {
      mean: tf.slice(out, [0, 0], [-1, L]) as tf.Tensor2D,
      logVar: tf.slice(out, [0, L], [-1, L]) as tf.Tensor2D,
    };
  }

  function decoderLogVariance(): tf.Tensor2D {
    return tf.maximum(decoderLogVar, MIN_DECODER_LOGVAR) as tf.Tensor2D;
  }

  /** log N(x; μ, diag exp(logVar)) summed over coordinates, per row. */
  function logGaussian(x: tf.Tensor2D, mean: tf.Tensor2D, logVar: tf.Tensor2D): tf.Tensor1D {
    const d = x.shape[1];
    const sq = tf.div(tf.square(tf.sub(x, mean)), tf.exp(logVar));
    return tf.mul(-0.5, tf.add(tf.sum(tf.add(sq, logVar), 1), d * LOG_2PI)) as tf.Tensor1D;
  }

  /** log p_θ(x | z) per row. */
  function logLikelihood(x: tf.Tensor2D, z: tf.Tensor2D): tf.Tensor1D {
    return logGaussian(x, decoder.apply(z), decoderLogVariance());
  }

  /** z = μ + σ ⊙ ε, ε ~ N(0, I): the reparameterisation trick. */
  function reparameterise(mean: tf.Tensor2D, logVar: tf.Tensor2D): tf.Tensor2D {
    const eps = tf.randomNormal(mean.shape, 0, 1, 'float32', rng.seed());
    return tf.add(mean, tf.mul(tf.exp(tf.mul(0.5, logVar)), eps)) as tf.Tensor2D;
  }

  /** KL(N(μ, diag σ²) ‖ N(0, I)) = ½ Σ (μ² + σ² − 1 − log σ²), per row. */
  function klToPrior(mean: tf.Tensor2D, logVar: tf.Tensor2D): tf.Tensor1D {
    return tf.mul(0.5, tf.sum(tf.sub(tf.add(tf.square(mean), tf.exp(logVar)), tf.add(1, logVar)), 1)) as tf.Tensor1D;
  }

  /** Single-sample ELBO terms per row: recon = −log p(x | z), kl. Inside tidy. */
  function elboTerms(x: tf.Tensor2D): { recon: tf.Tensor1D; kl: tf.Tensor1D } {
    const { mean, logVar } = encodeParts(x);
    const z = reparameterise(mean, logVar);
    return { recon: tf.neg(logLikelihood(x, z)) as tf.Tensor1D, kl: klToPrior(mean, logVar) };
  }

  /** Repeat each row of x k times as a [k·n, dim] block (copy j of row i at j·n + i). */
  function repeatRows(x: tf.Tensor2D, k: number): tf.Tensor2D {
    return tf.tile(x, [k, 1]) as tf.Tensor2D;
  }

  return {
    family: 'vae',
    likelihood: 'lower-bound',
    trainingPath: 'tfjs',
    threads: 1,
    dim,
    config: cfg,

    trainStep(batch: tf.Tensor2D): StepResult {
      // Minimise recon + β·kl (β = 1: −ELBO), both per-example averages in nats; report them unweighted.
      return adamStep(
        optimizer,
        variables,
        () => {
          const { recon, kl } = elboTerms(batch);
          const reconMean = tf.mean(recon) as tf.Scalar;
          const klMean = tf.mean(kl) as tf.Scalar;
          const loss = cfg.beta === 1 ? tf.add(reconMean, klMean) : tf.add(reconMean, tf.mul(cfg.beta, klMean));
          return { loss: loss as tf.Scalar, recon: reconMean, kl: klMean };
        },
        cfg.learningRate,
      );
    },

    sample(n: number): tf.Tensor2D {
      // z ~ p(z), then x ~ p_θ(x | z) (with the decoder's noise; decode() gives the mean alone).
      return tf.tidy(() => {
        const z = tf.randomNormal([n, L], 0, 1, 'float32', rng.seed()) as tf.Tensor2D;
        const std = tf.exp(tf.mul(0.5, decoderLogVariance()));
        return tf.add(decoder.apply(z), tf.mul(std, tf.randomNormal([n, dim], 0, 1, 'float32', rng.seed()))) as tf.Tensor2D;
      });
    },

    logDensity(x: tf.Tensor2D): tf.Tensor1D {
      // ELBO averaged over S draws of z per point: a lower-variance estimate of the same bound.
      return tf.tidy(() => {
        const n = x.shape[0];
        const S = cfg.elboSamples;
        const { recon, kl } = elboTerms(repeatRows(x, S));
        const elbo = tf.neg(tf.add(recon, kl));
        return tf.mean(tf.reshape(elbo, [S, n]), 0) as tf.Tensor1D;
      });
    },

    importanceWeightedLogDensity(x: tf.Tensor2D, k: number): tf.Tensor1D {
      positiveInt('k', k, 100_000);
      return tf.tidy(() => {
        const n = x.shape[0];
        const xs = repeatRows(x, k);
        const { mean, logVar } = encodeParts(xs);
        const z = reparameterise(mean, logVar);
        // log w_j = log p(x | z_j) + log p(z_j) − log q(z_j | x)
        const logPrior = logGaussian(z, tf.zerosLike(z), tf.zerosLike(z));
        const logPosterior = logGaussian(z, mean, logVar);
        const logW = tf.reshape(tf.sub(tf.add(logLikelihood(xs, z), logPrior), logPosterior), [k, n]);
        return tf.sub(tf.logSumExp(logW, 0), Math.log(k)) as tf.Tensor1D;
      });
    },

    encode(x: Float32Array): { mean: Float32Array; logVar: Float32Array } {
      return tf.tidy(() => {
        const { mean, logVar } = encodeParts(toTensor(x, dim));
        return { mean: fromTensor(mean), logVar: fromTensor(logVar) };
      });
    },

    decode(z: Float32Array): Float32Array {
      if (z.length % L !== 0) throw new ConfigError(`vae.decode: ${z.length} numbers do not split into latents of size ${L}`);
      return tf.tidy(() => fromTensor(decoder.apply(toTensor(z, L))));
    },

    dispose(): void {
      encoder.dispose();
      decoder.dispose();
      decoderLogVar.dispose();
      optimizer.dispose();
    },
  };
}
