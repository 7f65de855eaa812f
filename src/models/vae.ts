import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../data/random';
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
import { applyUpdates, createNetwork, networkBackend, ParameterVector } from './network';
import { nonFiniteStep, okStep } from './step-result';
import { elboRows, elboTerms, encoderGradient, reparameterise } from './vae/elbo';
import type { ModelRuntime, SamplerWeights, StepResult, ToyModel } from './types';
import { expectArray, loadNetwork, networkArrays, type NamedArrays } from './weights-file';

/**
 * A variational autoencoder (Kingma & Welling 2013, arXiv:1312.6114; Rezende, Mohamed & Wierstra 2014).
 *   prior        p(z) = N(0, I), z ∈ R^L
 *   decoder      p_θ(x | z) = N(μ_θ(z), diag σ_x²)      (σ_x² learnt per coordinate, or fixed)
 *   encoder      q_φ(z | x) = N(μ_φ(x), diag σ_φ²(x))
 * Training maximises the evidence lower bound, per example
 *   ELBO(x) = E_q[log p_θ(x | z)] − KL(q_φ(z | x) ‖ p(z)) ≤ log p_θ(x),
 * with z = μ + σ ⊙ ε, ε ~ N(0, I) (the reparameterisation trick) so the gradient passes through the
 * sample. The loss reports the two terms separately: recon = −log p_θ(x | z), kl = the closed-form KL.
 *
 * The ELBO and its gradients are written once, on plain arrays (see trainStep); the encoder and
 * decoder are Networks (./network), on the fused kernels or on tfjs.
 */
export interface VaeConfig extends CommonConfig {
  /** Dimension L of the latent z. */
  latentDim: number;
  /**
   * Decoder variance σ_x²: 'per-point', a second output of the decoder network, so each region of
   * the data gets its own noise (Kingma & Welling 2013, appendix C.2; sharp structure beside broad
   * structure needs it); 'learned', one learnt value per data coordinate; 'fixed' at decoderStd².
   */
  decoderVariance: 'per-point' | 'learned' | 'fixed';
  /** Decoder standard deviation σ_x: its fixed value, or its starting value when learnt or predicted. */
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

export interface VaeModel extends ToyModel, SamplerWeights {
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

/** Lower bound on the decoder's log-variance (σ_x ≥ 1e-3), so the Gaussian density stays finite. */
const MIN_DECODER_LOGVAR = 2 * Math.log(1e-3);

export function createVae(config: Partial<VaeConfig> = {}, runtime: ModelRuntime = {}): VaeModel {
  const cfg: VaeConfig = mergeConfig(vaeDefaults, config, 'vae');
  validateCommon(cfg);
  positiveInt('latentDim', cfg.latentDim, 1024);
  oneOf('decoderVariance', cfg.decoderVariance, ['per-point', 'learned', 'fixed'] as const);
  positiveNumber('decoderStd', cfg.decoderStd);
  numberInRange('beta', cfg.beta, 0, 100);
  positiveInt('elboSamples', cfg.elboSamples, 4096);

  const { dim, latentDim: L } = cfg;
  const rng = createRng(cfg.seed);
  const prefix = uniqueName('vae');
  const hidden = Array<number>(cfg.depth).fill(cfg.hidden);
  const backend = networkBackend(runtime, 'relu');
  const common = { activation: 'relu' as const, learningRate: cfg.learningRate, batchRows: cfg.batchSize };
  const encoder = createNetwork({ ...common, sizes: [dim, ...hidden, 2 * L], name: `${prefix}/encoder`, lastLayerScale: 0.1 }, rng, runtime, backend);
  const perPoint = cfg.decoderVariance === 'per-point';
  const decoderOut = perPoint ? 2 * dim : dim;
  const decoder = createNetwork({ ...common, sizes: [L, ...hidden, decoderOut], name: `${prefix}/decoder` }, rng, runtime, backend);
  const learnVariance = cfg.decoderVariance === 'learned';
  const decoderLogVar = new ParameterVector(new Float32Array(dim).fill(2 * Math.log(cfg.decoderStd)), cfg.learningRate);

  const elboShape = { n: 0, dim, latent: L, beta: cfg.beta, minLogVar: MIN_DECODER_LOGVAR, perPoint };
  const startLogVar = 2 * Math.log(cfg.decoderStd);

  /**
   * The decoder's output for n rows split into its mean [n × dim] and log-variance ([n × dim] per
   * point, starting near log decoderStd²; else the shared [dim]).
   */
  function decoderParts(out: Float32Array, n: number): { mean: Float32Array; logVar: Float32Array } {
    if (!perPoint) return { mean: out, logVar: decoderLogVar.values };
    const mean = new Float32Array(n * dim);
    const logVar = new Float32Array(n * dim);
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < dim; j++) {
        mean[r * dim + j] = out[r * 2 * dim + j];
        logVar[r * dim + j] = out[r * 2 * dim + dim + j] + startLogVar;
      }
    }
    return { mean, logVar };
  }

  /** ∂loss/∂(decoder output) from ∂loss/∂mean and, per point, ∂loss/∂log-variance. */
  function decoderGradient(dMean: Float32Array, dLogVar: Float32Array, n: number): Float32Array {
    if (!perPoint) return dMean;
    const out = new Float32Array(n * 2 * dim);
    for (let r = 0; r < n; r++) {
      out.set(dMean.subarray(r * dim, (r + 1) * dim), r * 2 * dim);
      out.set(dLogVar.subarray(r * dim, (r + 1) * dim), r * 2 * dim + dim);
    }
    return out;
  }

  /** ε ~ N(0, I), count numbers from the model's rng. */
  function normals(count: number): Float32Array {
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = rng.normal();
    return out;
  }

  /** Each row of x repeated k times as a [k·n × d] block (copy j of row i at j·n + i). */
  function repeatRows(x: Float32Array, d: number, k: number): Float32Array {
    const out = new Float32Array(x.length * k);
    for (let j = 0; j < k; j++) out.set(x, j * x.length);
    return out;
  }

  /** k draws of the ELBO's pieces for each of n rows, with the trained weights; rows laid out as repeatRows. */
  function sampledElbo(x: Float32Array, n: number, k: number) {
    const enc = repeatRows(encoder.evaluate(x, n, 'trained'), 2 * L, k);
    const eps = normals(n * k * L);
    const dec = decoder.evaluate(reparameterise(enc, eps, n * k, L), n * k, 'trained');
    const { mean, logVar } = decoderParts(dec, n * k);
    return elboRows(repeatRows(x, dim, k), enc, eps, mean, logVar, { ...elboShape, n: n * k });
  }

  return {
    family: 'vae',
    likelihood: 'lower-bound',
    trainingPath: backend,
    threads: 1,
    dim,
    config: cfg,

    trainStep(batch: tf.Tensor2D): StepResult {
      // Minimise recon + β·kl (β = 1: −ELBO), both per-example averages in nats; report them unweighted.
      const n = batch.shape[0];
      const x = batch.dataSync() as Float32Array;
      const shape = { ...elboShape, n };
      const enc = encoder.forward(x, n).slice();
      const eps = normals(n * L);
      const { mean, logVar } = decoderParts(decoder.forward(reparameterise(enc, eps, n, L), n), n);
      const terms = elboTerms(x, enc, eps, mean, logVar, shape);
      const losses = { loss: terms.loss, recon: terms.recon, kl: terms.kl };
      const where = "the encoder's log-variance or the decoder";
      if (!Number.isFinite(terms.loss)) {
        const term = !Number.isFinite(terms.kl) ? 'kl' : 'recon';
        return nonFiniteStep(losses, { what: 'loss', term, where, learningRate: cfg.learningRate, batch: x });
      }
      const dz = decoder.backward(decoderGradient(terms.dMean, terms.dLogVar, n), { inputGrad: true })!;
      encoder.backward(encoderGradient(enc, eps, dz, shape));
      if (learnVariance) decoderLogVar.grad.set(terms.dLogVar);
      const updated = applyUpdates([encoder, decoder], learnVariance ? [decoderLogVar] : []);
      if (!updated) return nonFiniteStep(losses, { what: 'gradient', where, learningRate: cfg.learningRate, batch: x });
      return okStep(losses);
    },

    sample(n: number): tf.Tensor2D {
      // z ~ p(z), then x ~ p_θ(x | z) (with the decoder's noise; decode() gives the mean alone).
      positiveInt('n', n);
      const { mean, logVar } = decoderParts(decoder.evaluate(normals(n * L), n, 'trained'), n);
      const x = new Float32Array(n * dim);
      for (let r = 0; r < n; r++) {
        for (let j = 0; j < dim; j++) {
          const lv = Math.max(logVar[perPoint ? r * dim + j : j], MIN_DECODER_LOGVAR);
          x[r * dim + j] = mean[r * dim + j] + Math.exp(0.5 * lv) * rng.normal();
        }
      }
      return tf.tensor2d(x, [n, dim]);
    },

    logDensity(x: tf.Tensor2D): tf.Tensor1D {
      // ELBO averaged over S draws of z per point: a lower-variance estimate of the same bound.
      const n = x.shape[0];
      const S = cfg.elboSamples;
      const rows = sampledElbo(x.dataSync() as Float32Array, n, S);
      const out = new Float32Array(n);
      for (let j = 0; j < S; j++) for (let i = 0; i < n; i++) out[i] -= (rows.recon[j * n + i] + rows.kl[j * n + i]) / S;
      return tf.tensor1d(out);
    },

    importanceWeightedLogDensity(x: tf.Tensor2D, k: number): tf.Tensor1D {
      positiveInt('k', k, 100_000);
      const n = x.shape[0];
      const rows = sampledElbo(x.dataSync() as Float32Array, n, k);
      // log w_j = log p(x | z_j) + log p(z_j) − log q(z_j | x); the bound is log (1/k) Σ_j w_j.
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        let max = -Infinity;
        for (let j = 0; j < k; j++) max = Math.max(max, -rows.recon[j * n + i] + rows.logPrior[j * n + i] - rows.logQ[j * n + i]);
        let sum = 0;
        for (let j = 0; j < k; j++) sum += Math.exp(-rows.recon[j * n + i] + rows.logPrior[j * n + i] - rows.logQ[j * n + i] - max);
        out[i] = max + Math.log(sum) - Math.log(k);
      }
      return tf.tensor1d(out);
    },

    encode(x: Float32Array): { mean: Float32Array; logVar: Float32Array } {
      if (x.length % dim !== 0) throw new ConfigError(`vae.encode: ${x.length} numbers do not split into points of size ${dim}`);
      const n = x.length / dim;
      const enc = encoder.evaluate(x, n, 'trained');
      const mean = new Float32Array(n * L);
      const logVar = new Float32Array(n * L);
      for (let r = 0; r < n; r++) {
        mean.set(enc.subarray(r * 2 * L, r * 2 * L + L), r * L);
        logVar.set(enc.subarray(r * 2 * L + L, (r + 1) * 2 * L), r * L);
      }
      return { mean, logVar };
    },

    decode(z: Float32Array): Float32Array {
      if (z.length % L !== 0) throw new ConfigError(`vae.decode: ${z.length} numbers do not split into latents of size ${L}`);
      const n = z.length / L;
      return decoderParts(decoder.evaluate(z, n, 'trained'), n).mean.slice();
    },

    samplerWeights(): NamedArrays {
      return { ...networkArrays('decoder', decoder.getParams()), 'decoder.logVar': decoderLogVar.values.slice() };
    },

    loadSamplerWeights(arrays: NamedArrays): void {
      const logVar = expectArray(arrays, 'decoder.logVar', dim);
      loadNetwork('decoder', decoder, arrays);
      decoderLogVar.values.set(logVar);
    },

    dispose(): void {
      encoder.dispose();
      decoder.dispose();
    },
  };
}
