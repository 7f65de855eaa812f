import * as tf from '@tensorflow/tfjs-core';
// tfjs-core ships the gradient functions but does not register them (the union package does).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { createRng, type Rng } from '../../data/random';
import { Ema } from '../ema';
import { Mlp } from '../nn';
import type { BackwardOptions, Network, NetworkParams, NetworkSpec, Weights } from './network';

/**
 * A Network on tfjs: tf.Variables, tfjs's autodiff for the backward pass and tf.train.adam. It is
 * the readable reference the fused kernels are tested against, and the backend of the objectives
 * that differentiate twice (`mlp` is there for them: build the loss in tfjs, then hand the
 * gradients to setGradients()).
 */
export class TfjsNetwork implements Network {
  readonly backend = 'tfjs' as const;
  readonly threads = 1 as const;
  readonly name: string;
  readonly sizes: readonly number[];
  readonly activation: NetworkSpec['activation'];
  /** The tfjs network itself, for losses that need autodiff through it (double backpropagation). */
  readonly mlp: Mlp;
  private readonly averaged: Mlp | null;
  private readonly ema: Ema | null;
  private readonly optimizer: tf.Optimizer;
  private input: tf.Tensor2D | null = null;
  private grads: tf.NamedTensorMap | null = null;

  constructor(spec: NetworkSpec, rng: Rng) {
    this.name = spec.name;
    this.sizes = [...spec.sizes];
    this.activation = spec.activation;
    this.mlp = new Mlp([...spec.sizes], spec.activation, rng, spec.name, spec.lastLayerScale ?? 1);
    const decay = spec.emaDecay ?? 0;
    // The average's twin: its own initial draws are overwritten with the network's at once (Ema copies).
    this.averaged = decay > 0 ? new Mlp([...spec.sizes], spec.activation, createRng(0), `${spec.name}-ema`) : null;
    this.ema = this.averaged ? new Ema(this.mlp.variables, this.averaged.variables, decay) : null;
    this.optimizer = tf.train.adam(spec.learningRate, spec.beta1 ?? 0.9, spec.beta2 ?? 0.999, spec.epsilon ?? 1e-7);
  }

  get parameterCount(): number {
    let n = 0;
    for (let l = 0; l + 1 < this.sizes.length; l++) n += (this.sizes[l] + 1) * this.sizes[l + 1];
    return n;
  }

  forward(x: Float32Array, n: number): Float32Array {
    this.input?.dispose();
    this.input = tf.tensor2d(x.subarray(0, n * this.sizes[0]), [n, this.sizes[0]]);
    return read(tf.tidy(() => this.mlp.apply(this.input!)));
  }

  backward(dOut: Float32Array, options: BackwardOptions = {}): Float32Array | null {
    const x = this.input;
    if (!x) throw new Error(`${this.name}: backward before forward`);
    const n = x.shape[0];
    const out = this.sizes[this.sizes.length - 1];
    const dy = tf.tensor2d(dOut.subarray(0, n * out), [n, out]);
    // Σ dOut ⊙ f(x): its gradient is the vector–Jacobian product the backward pass computes.
    const pulled = (input: tf.Tensor2D) => tf.sum(tf.mul(this.mlp.apply(input), dy)) as tf.Scalar;
    if (options.paramGrads ?? true) {
      const { value, grads } = tf.variableGrads(() => pulled(x), this.mlp.variables);
      value.dispose();
      this.storeGradients(grads, options.accumulate ?? false);
    }
    const dx = options.inputGrad ? read(tf.tidy(() => tf.grad((input: tf.Tensor) => pulled(input as tf.Tensor2D))(x))) : null;
    dy.dispose();
    return dx;
  }

  /** Stores gradients computed elsewhere (keyed by variable name, as tf.variableGrads returns them); takes ownership. */
  setGradients(grads: tf.NamedTensorMap, accumulate = false): void {
    this.storeGradients(grads, accumulate);
  }

  gradSquaredNorm(): number {
    if (!this.grads) return 0;
    const grads = Object.values(this.grads);
    return tf.tidy(() => tf.addN(grads.map((g) => tf.sum(tf.square(g)))).dataSync()[0]);
  }

  adamStep(): void {
    if (!this.grads) return;
    this.optimizer.applyGradients(this.grads);
    this.ema?.update();
  }

  evaluate(x: Float32Array, n: number, weights: Weights = 'averaged'): Float32Array {
    const net = this.netFor(weights);
    return read(tf.tidy(() => net.apply(tf.tensor2d(x.subarray(0, n * this.sizes[0]), [n, this.sizes[0]]))));
  }

  inputGradient(x: Float32Array, n: number, dOut: Float32Array, weights: Weights = 'trained'): Float32Array {
    const net = this.netFor(weights);
    const out = this.sizes[this.sizes.length - 1];
    return read(
      tf.tidy(() => {
        const dy = tf.tensor2d(dOut.subarray(0, n * out), [n, out]);
        const input = tf.tensor2d(x.subarray(0, n * this.sizes[0]), [n, this.sizes[0]]);
        return tf.grad((p: tf.Tensor) => tf.sum(tf.mul(net.apply(p as tf.Tensor2D), dy)))(input);
      }),
    );
  }

  outputAndInputGradient(x: Float32Array, n: number, dOut: Float32Array, weights: Weights = 'trained'): { output: Float32Array; inputGradient: Float32Array } {
    // Two passes here (tfjs has no cheap way to keep the forward's output out of tf.grad).
    return { output: this.evaluate(x, n, weights), inputGradient: this.inputGradient(x, n, dOut, weights) };
  }

  getParams(weights: Weights = 'trained'): NetworkParams {
    const net = this.netFor(weights);
    return {
      weights: net.weights.map((w) => Float32Array.from(w.dataSync())),
      biases: net.biases.map((b) => Float32Array.from(b.dataSync())),
    };
  }

  setParams(p: NetworkParams): void {
    tf.tidy(() => {
      this.mlp.weights.forEach((w, l) => w.assign(tf.tensor2d(p.weights[l], [this.sizes[l], this.sizes[l + 1]])));
      this.mlp.biases.forEach((b, l) => b.assign(tf.tensor1d(p.biases[l])));
      if (this.averaged) this.averaged.variables.forEach((v, i) => v.assign(this.mlp.variables[i]));
    });
  }

  getGrads(): NetworkParams {
    const g = this.grads;
    if (!g) throw new Error(`${this.name}: no gradients yet`);
    return {
      weights: this.mlp.weights.map((w) => Float32Array.from(g[w.name].dataSync())),
      biases: this.mlp.biases.map((b) => Float32Array.from(g[b.name].dataSync())),
    };
  }

  addToGrads(g: NetworkParams): void {
    const extra: tf.NamedTensorMap = {};
    this.mlp.weights.forEach((w, l) => (extra[w.name] = tf.tensor2d(g.weights[l], [this.sizes[l], this.sizes[l + 1]])));
    this.mlp.biases.forEach((b, l) => (extra[b.name] = tf.tensor1d(g.biases[l])));
    this.storeGradients(extra, true);
  }

  dispose(): void {
    this.input?.dispose();
    if (this.grads) tf.dispose(Object.values(this.grads));
    this.mlp.dispose();
    this.averaged?.dispose();
    this.optimizer.dispose();
  }

  private storeGradients(grads: tf.NamedTensorMap, accumulate: boolean): void {
    if (accumulate && this.grads) {
      const old = this.grads;
      this.grads = tf.tidy(() => {
        const sum: tf.NamedTensorMap = {};
        for (const k of Object.keys(grads)) sum[k] = old[k] ? tf.add(old[k], grads[k]) : tf.clone(grads[k]);
        return sum;
      });
      tf.dispose(Object.values(old));
      tf.dispose(Object.values(grads));
    } else {
      if (this.grads) tf.dispose(Object.values(this.grads));
      this.grads = grads;
    }
  }

  private netFor(weights: Weights): Mlp {
    return weights === 'averaged' && this.averaged ? this.averaged : this.mlp;
  }
}

/** A tensor's values as a fresh Float32Array; disposes the tensor. */
function read(t: tf.Tensor): Float32Array {
  const v = Float32Array.from(t.dataSync());
  t.dispose();
  return v;
}
