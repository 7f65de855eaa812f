import type { Activation } from '../nn';
import type { TrainingPath } from '../types';

/**
 * The one seam between a family's maths and the arithmetic of its networks.
 *
 * A family owns each of its networks through this interface and nothing else: it writes its loss
 * once, on plain arrays, as a gradient with respect to the network's output (dLoss/dOutput), and
 * the network does the rest (the backward pass through its layers, Adam, the moving average).
 * Two implementations compute the same thing:
 *   - FusedNetwork (./fused-network.ts): the WebAssembly SIMD kernels of ../fast, the default;
 *   - TfjsNetwork (./tfjs-network.ts): tf.Variables and tfjs's autodiff, the readable oracle the
 *     tests compare against, a reader's choice in the lab, and the only one that can differentiate
 *     twice (WGAN-GP's penalty, the EBM's score matching reach its tf.Mlp through `tfjs`).
 * Each holds the one copy of its weights: nothing is mirrored, nothing must be synchronised.
 *
 * Arrays are row-major and unpadded: n rows of sizes[0] inputs, n rows of sizes[L] outputs.
 */
export type NetworkBackend = TrainingPath;

export interface NetworkSpec {
  /** [in, hidden…, out]; the activation applies between layers, never after the last. */
  sizes: readonly number[];
  activation: Activation;
  /** Scale of the last layer's initial weights (0: the network starts as a constant). Default 1. */
  lastLayerScale?: number;
  /** A name for error messages and tfjs variables. */
  name: string;
  /** Adam (Kingma & Ba 2015). β₁ 0.9, β₂ 0.999 and ε 1e-7 (tfjs's) unless given. */
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /**
   * Decay of an exponential moving average of the weights, read by evaluate(…, 'averaged') (the
   * EMA weights DDPM samples with; decay schedule of ../ema.ts). 0 or absent: no average.
   */
  emaDecay?: number;
  /** Rows of a typical training pass (sizes the buffers; decides whether two threads pay). */
  batchRows?: number;
}

export interface BackwardOptions {
  /** Compute the parameter gradients (default true). */
  paramGrads?: boolean;
  /** Add to the stored parameter gradients instead of replacing them (default false). */
  accumulate?: boolean;
  /** Also return dLoss/dInput [n × sizes[0]] (default false). */
  inputGrad?: boolean;
}

/** Which weights a read uses: the trained ones, or their moving average (the trained ones when no average is kept). */
export type Weights = 'trained' | 'averaged';

export interface Network {
  readonly name: string;
  readonly sizes: readonly number[];
  readonly activation: Activation;
  readonly backend: NetworkBackend;
  /** Threads the passes run on now (2 only on the fused path with a helper thread). */
  readonly threads: 1 | 2;
  /** Number of parameters. */
  readonly parameterCount: number;

  /**
   * Training forward pass on n rows of x; returns the n output rows. The result may be the
   * network's own buffer: it is valid until the next call on this network (copy it to keep it).
   */
  forward(x: Float32Array, n: number): Float32Array;
  /**
   * Backward pass of the last forward, given dLoss/dOutput [n × out]. Stores the parameter
   * gradients for adamStep(); returns dLoss/dInput when asked (else null), valid like forward's.
   */
  backward(dOut: Float32Array, options?: BackwardOptions): Float32Array | null;
  /** Squared L2 norm of the stored parameter gradients (NaN or Infinity if one is not finite). */
  gradSquaredNorm(): number;
  /** One Adam update from the stored gradients (then the moving average, if kept). */
  adamStep(): void;

  /**
   * The output on n rows with the given weights (default 'averaged'), for sampling and views. It
   * may reuse the training buffers: call it between training steps, not between forward and
   * backward. The result is a fresh array.
   */
  evaluate(x: Float32Array, n: number, weights?: Weights): Float32Array;
  /**
   * dLoss/dInput at n rows of x for a given dLoss/dOutput, with the given weights (default
   * 'trained'); no parameter gradients. E.g. ∇ₓE for Langevin chains, ∇ₓ D for a GAN's arrows.
   * Fresh array; same caveat as evaluate().
   */
  inputGradient(x: Float32Array, n: number, dOut: Float32Array, weights?: Weights): Float32Array;
  /** The output and dLoss/dInput from one forward pass (e.g. E and ∇ₓE for a Metropolis step). Fresh arrays. */
  outputAndInputGradient(x: Float32Array, n: number, dOut: Float32Array, weights?: Weights): { output: Float32Array; inputGradient: Float32Array };

  /**
   * The parameters (unpadded, row-major W₀, b₀, W₁, …), e.g. to compare two backends or to save a
   * trained sampler; 'averaged' gives the moving average (the trained ones when none is kept).
   */
  getParams(weights?: Weights): NetworkParams;
  setParams(p: NetworkParams): void;
  /** The gradients of the last backward, laid out as getParams(). */
  getGrads(): NetworkParams;
  /** Adds g (laid out as getParams()) to the stored gradients, e.g. a penalty's gradient kept from an earlier update. */
  addToGrads(g: NetworkParams): void;
  dispose(): void;
}

export interface NetworkParams {
  /** Row-major [sizes[l] × sizes[l+1]]. */
  weights: Float32Array[];
  biases: Float32Array[];
}

/**
 * Applies one Adam update to every network of a step, or to none: when any stored gradient (or
 * extra parameter vector's gradient) is not finite, nothing changes and the result is false, so a
 * diverging run never writes NaN or Infinity into the weights.
 */
export function applyUpdates(networks: readonly Network[], vectors: readonly { gradSquaredNorm(): number; adamStep(): void }[] = []): boolean {
  for (const net of networks) if (!Number.isFinite(net.gradSquaredNorm())) return false;
  for (const v of vectors) if (!Number.isFinite(v.gradSquaredNorm())) return false;
  for (const net of networks) net.adamStep();
  for (const v of vectors) v.adamStep();
  return true;
}
