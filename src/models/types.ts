import type * as tf from '@tensorflow/tfjs-core';
import type { FastKernels } from './fast/kernels';
import type { NamedArrays } from './weights-file';

/**
 * The one interface every generative family implements, so that widgets, the comparison arena,
 * tests and benchmarks treat all seven alike. What makes a family itself lives in its own file
 * (src/models/<family>.ts) and in the optional `fields` it exposes for its widget.
 */
export type Family = 'autoregressive' | 'vae' | 'flow' | 'ebm' | 'gan' | 'diffusion' | 'flow-matching';
export const families: readonly Family[] = ['autoregressive', 'vae', 'flow', 'ebm', 'gan', 'diffusion', 'flow-matching'];

/** What kind of log-likelihood `logDensity` returns. */
export type Likelihood = 'exact' | 'lower-bound' | 'unnormalised' | 'none';

/** Named loss terms of one training step, e.g. { loss, recon, kl }. `loss` is always present. */
export type Losses = Record<string, number> & { loss: number };

/** The result of one call to `trainStep`. A non-finite loss is reported, never thrown. */
export type StepResult =
  | { ok: true; losses: Losses }
  | { ok: false; reason: 'non-finite-loss'; losses: Record<string, number>; message: string };

/**
 * How a model trains: 'tfjs' through tf.variableGrads and a tfjs optimiser (the readable path), or
 * 'fused' through the WebAssembly SIMD kernels of src/models/fast, which compute the same step
 * (tests/unit/models/fused-path.test.ts checks that they agree).
 */
export type TrainingPath = 'tfjs' | 'fused';

/**
 * The weights a family's sampler reads (the VAE's decoder, the GAN's generator, the noise or
 * velocity network, with their moving averages where kept), as named arrays: to save a trained
 * sampler (the digits lab's pretrained files) and load it into a fresh model of the same config.
 * Loading checks every array's name and size first and throws WeightsFileError on a mismatch.
 */
export interface SamplerWeights {
  samplerWeights(): NamedArrays;
  loadSamplerWeights(arrays: NamedArrays): void;
}

/** What a family may use besides tfjs; loading the kernels is asynchronous, so the caller does it. */
export interface ModelRuntime {
  /** When given, the families' networks run on the fused kernels (src/models/network), unless `trainingPath` is 'tfjs'. */
  fastKernels?: FastKernels;
  /** 'tfjs': run the networks on tfjs even when the kernels are loaded (the reference path). */
  trainingPath?: TrainingPath;
  /** 2: let the fused step split big batches over two threads (kernels loaded with `threads: true`). */
  threads?: 1 | 2;
}

export interface ToyModel {
  readonly family: Family;
  readonly trainingPath: TrainingPath;
  /** Threads the fused kernels run on now: 2 once a network's helper thread has started (big batches only), else 1; 1 on the tfjs path. */
  readonly threads: 1 | 2;
  readonly likelihood: Likelihood;
  /** Dimension of the data the model was built for (2 for the toy sets). */
  readonly dim: number;
  /** One optimisation step on a batch [n, dim]. Owns no reference to `batch` afterwards. */
  trainStep(batch: tf.Tensor2D): StepResult;
  /** n fresh samples [n, dim]; the caller disposes the result. */
  sample(n: number): tf.Tensor2D;
  /** log p(x) per row in nats, of the kind named by `likelihood`; absent when 'none'. */
  logDensity?(x: tf.Tensor2D): tf.Tensor1D;
  /**
   * For 'unnormalised' models whose normaliser can be estimated (in 2-D, Z on a grid): log p(x)
   * = −E(x) − log Z. Held-out likelihood uses this, since −E alone is not a log-density.
   */
  normalisedLogDensity?(x: tf.Tensor2D): tf.Tensor1D;
  /** Release every tensor and variable the model owns. */
  dispose(): void;
}
