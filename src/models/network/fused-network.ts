import type { Rng } from '../../data/random';
import { emaDecayAt } from '../ema';
import { FastMlp, worthTwoThreads } from '../fast/fast-mlp';
import type { FastActivation, FastKernels } from '../fast/kernels';
import type { BackwardOptions, Network, NetworkParams, NetworkSpec, Weights } from './network';

/**
 * A Network on the fused WebAssembly SIMD kernels (../fast/fast-mlp.ts): forward, backward, Adam
 * and the moving average run on one flat memory; the weights live there and nowhere else. The
 * average, when kept, is evaluated by a second FastMlp whose parameters are refreshed from it after
 * training steps (so sampling never disturbs the training buffers' weights).
 */
export class FusedNetwork implements Network {
  readonly backend = 'fused' as const;
  readonly name: string;
  readonly sizes: readonly number[];
  readonly activation: FastActivation;
  private readonly fast: FastMlp;
  private readonly kernels: FastKernels;
  private readonly lr: number;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly emaDecay: number;
  private steps = 0;
  /** Evaluates the moving average; made on first use, refreshed when training moved on. */
  private averageNet: FastMlp | null = null;
  private averageStale = true;

  constructor(kernels: FastKernels, spec: NetworkSpec, rng: Rng, threads: 1 | 2 = 1) {
    if (!isFastActivation(spec.activation)) throw new Error(`${spec.name}: no fused kernel for activation ${spec.activation}`);
    this.kernels = kernels;
    this.name = spec.name;
    this.sizes = [...spec.sizes];
    this.activation = spec.activation;
    this.lr = spec.learningRate;
    this.beta1 = spec.beta1 ?? 0.9;
    this.beta2 = spec.beta2 ?? 0.999;
    this.epsilon = spec.epsilon ?? 1e-7;
    this.emaDecay = spec.emaDecay ?? 0;
    const rows = spec.batchRows ?? 256;
    // A second thread only where a pass is big enough to split (see fast-mlp.ts).
    const useThreads = threads === 2 && worthTwoThreads(this.sizes, rows) ? 2 : 1;
    // init 'mlp' draws exactly what nn.ts's Mlp (and so TfjsNetwork) draws from the same rng.
    this.fast = FastMlp.createNow(kernels, this.sizes, this.activation, {
      capacity: rows,
      threads: useThreads,
      rng,
      init: 'mlp',
      lastLayerScale: spec.lastLayerScale ?? 1,
    });
    if (this.emaDecay > 0) this.fast.emaReset();
  }

  get threads(): 1 | 2 {
    return this.fast.threads;
  }

  get parameterCount(): number {
    return this.fast.parameterCount;
  }

  forward(x: Float32Array, n: number): Float32Array {
    this.fast.forwardInPlace(x, n);
    return this.output(this.fast, n);
  }

  backward(dOut: Float32Array, options: BackwardOptions = {}): Float32Array | null {
    return this.fast.backward(dOut, options);
  }

  gradSquaredNorm(): number {
    return this.fast.gradSquaredNorm();
  }

  adamStep(): void {
    this.steps += 1;
    this.fast.adamStep(this.lr, this.beta1, this.beta2, this.epsilon, this.steps);
    if (this.emaDecay > 0) this.fast.emaUpdate(emaDecayAt(this.emaDecay, this.steps));
    this.averageStale = true;
  }

  evaluate(x: Float32Array, n: number, weights: Weights = 'averaged'): Float32Array {
    const net = this.netFor(weights);
    net.forwardInPlace(x, n);
    return this.output(net, n).slice();
  }

  inputGradient(x: Float32Array, n: number, dOut: Float32Array, weights: Weights = 'trained'): Float32Array {
    const net = this.netFor(weights);
    net.forwardInPlace(x, n);
    return net.backward(dOut, { paramGrads: false, inputGrad: true })!;
  }

  outputAndInputGradient(x: Float32Array, n: number, dOut: Float32Array, weights: Weights = 'trained'): { output: Float32Array; inputGradient: Float32Array } {
    const net = this.netFor(weights);
    net.forwardInPlace(x, n);
    const output = this.output(net, n).slice();
    return { output, inputGradient: net.backward(dOut, { paramGrads: false, inputGrad: true })!.slice() };
  }

  getParams(weights: Weights = 'trained'): NetworkParams {
    return weights === 'averaged' && this.emaDecay > 0 ? this.fast.getEmaParams() : this.fast.getParams();
  }

  setParams(p: NetworkParams): void {
    this.fast.setParams(p);
    if (this.emaDecay > 0) this.fast.emaReset();
    this.averageStale = true;
  }

  getGrads(): NetworkParams {
    return this.fast.getGrads();
  }

  addToGrads(g: NetworkParams): void {
    this.fast.addToGrads(g);
  }

  dispose(): void {
    this.fast.dispose();
    this.averageNet?.dispose();
  }

  /** The output rows of `net`'s last forward, unpadded (a view when no padding is needed). */
  private output(net: FastMlp, n: number): Float32Array {
    const out = net.outputBuffer();
    const d = this.sizes[this.sizes.length - 1];
    if (out.stride === d) return out.data.subarray(0, n * d);
    const copy = new Float32Array(n * d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) copy[i * d + j] = out.data[i * out.stride + j];
    return copy;
  }

  private netFor(weights: Weights): FastMlp {
    if (weights === 'trained' || this.emaDecay === 0) return this.fast;
    if (!this.averageNet) this.averageNet = new FastMlp(this.kernels, this.sizes, this.activation, { capacity: 64 });
    if (this.averageStale) {
      this.averageNet.setParams(this.fast.getEmaParams());
      this.averageStale = false;
    }
    return this.averageNet;
  }
}

export function isFastActivation(a: string): a is FastActivation {
  return a === 'relu' || a === 'leakyRelu' || a === 'tanh' || a === 'silu' || a === 'linear';
}
