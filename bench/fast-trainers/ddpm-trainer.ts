import { eightGaussians } from '../../src/data/toy/eight-gaussians';
import { createRng, type Rng } from '../../src/data/random';
import { FastAdam } from './fast-adam';
import { FastMlp, type FastMlpCreateOptions } from '../../src/models/fast/fast-mlp';
import type { FastActivation, FastKernels } from '../../src/models/fast/kernels';
import { mseStep, type FastStepResult } from './mse-step';
import type { FastTrainerOptions } from './trainer-options';

/**
 * The reference workload's diffusion training step (bench only, with its own conventions: t in
 * 0 … T−1, its own schedule and t/T as the time input; the site's model is src/models/diffusion.ts), fused: DDPM ε-prediction (Ho, Jain & Abbeel 2020,
 * arXiv:2006.11239) with a time-conditioned MLP, everything outside tfjs. Per step:
 *   x₀ ~ data, t ~ U{0 … T−1}, ε ~ N(0, I)                       (JavaScript, from the seeded Rng)
 *   x_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε                                 (Ho eq. 4)
 *   L = mean over the batch and both coordinates of (ε_θ([x_t, t/T]) − ε)²   (Ho eq. 14)
 *   dL/dε_θ = 2(ε_θ − ε)/(2B); backward and Adam in WebAssembly SIMD.
 * Defaults are the reference workload of shared/reference/bench_torch.py: MLP 3→128→128→128→2 ReLU,
 * batch 512, Adam lr 1e-3 (β 0.9, 0.999, ε 1e-8), T = 100 linear betas 1e-4 … 0.02, 8 Gaussians,
 * PyTorch's default initialisation.
 */
export interface FastDdpmOptions extends FastTrainerOptions {
  hidden?: number[];
  T?: number;
  betaStart?: number;
  betaEnd?: number;
}

/** One batch's randomness: data x₀ [B × 2], steps t ∈ 0 … T−1, noise ε [B × 2]. */
export interface DdpmBatch {
  x0: Float32Array;
  t: Int32Array;
  eps: Float32Array;
}

export type { FastStepResult };

export class FastDdpmTrainer {
  readonly net: FastMlp;
  readonly T: number;
  readonly batchSize: number;
  /** √ᾱ_t and √(1 − ᾱ_t) for t = 0 … T−1. */
  readonly sqrtAlphaBar: Float64Array;
  readonly sqrtOneMinusAlphaBar: Float64Array;
  private readonly rng: Rng;
  private readonly adam: FastAdam;
  private readonly sampleData: (n: number, rng: Rng) => Float32Array;

  /** A trainer on one thread; see create() for two. */
  constructor(kernels: FastKernels, options: FastDdpmOptions = {}, prepared?: { rng: Rng; net: FastMlp }) {
    const o = options;
    this.T = o.T ?? 100;
    this.batchSize = o.batchSize ?? 512;
    this.adam = new FastAdam(o.learningRate ?? 1e-3, o.beta1 ?? 0.9, o.beta2 ?? 0.999, o.epsilon ?? 1e-8);
    this.sampleData = o.sampleData ?? ((n, rng) => eightGaussians.sample(n, rng));
    const betaStart = o.betaStart ?? 1e-4;
    const betaEnd = o.betaEnd ?? 0.02;
    this.sqrtAlphaBar = new Float64Array(this.T);
    this.sqrtOneMinusAlphaBar = new Float64Array(this.T);
    let alphaBar = 1;
    for (let t = 0; t < this.T; t++) {
      const beta = this.T === 1 ? betaStart : betaStart + ((betaEnd - betaStart) * t) / (this.T - 1);
      alphaBar *= 1 - beta;
      this.sqrtAlphaBar[t] = Math.sqrt(alphaBar);
      this.sqrtOneMinusAlphaBar[t] = Math.sqrt(1 - alphaBar);
    }
    if (prepared) {
      this.rng = prepared.rng;
      this.net = prepared.net;
    } else {
      this.rng = createRng(o.seed ?? 0);
      const [sizes, activation, netOptions] = FastDdpmTrainer.network(o, this.batchSize, this.rng);
      this.net = new FastMlp(kernels, sizes, activation, netOptions);
    }
  }

  /** A trainer whose network runs on `options.threads` threads (falls back to one without shared memory). */
  static async create(kernels: FastKernels, options: FastDdpmOptions = {}): Promise<FastDdpmTrainer> {
    const rng = createRng(options.seed ?? 0);
    const [sizes, activation, netOptions] = FastDdpmTrainer.network(options, options.batchSize ?? 512, rng);
    const net = await FastMlp.create(kernels, sizes, activation, { ...netOptions, threads: options.threads });
    return new FastDdpmTrainer(kernels, options, { rng, net });
  }

  private static network(o: FastDdpmOptions, batchSize: number, rng: Rng): [number[], FastActivation, FastMlpCreateOptions] {
    return [[3, ...(o.hidden ?? [128, 128, 128]), 2], o.activation ?? 'relu', { capacity: batchSize, rng, init: o.init ?? 'torch' }];
  }

  /** Draws the next batch's data, steps and noise from the trainer's rng. */
  drawBatch(): DdpmBatch {
    const B = this.batchSize;
    const x0 = this.sampleData(B, this.rng);
    const t = new Int32Array(B);
    for (let i = 0; i < B; i++) t[i] = this.rng.int(this.T);
    const eps = new Float32Array(2 * B);
    for (let i = 0; i < 2 * B; i++) eps[i] = this.rng.normal();
    return { x0, t, eps };
  }

  /** Adam steps taken (the t of its bias correction). */
  get steps(): number {
    return this.adam.steps;
  }

  /** One training step on the given batch; the update is skipped when the loss or a gradient is not finite. */
  stepOn(batch: DdpmBatch): FastStepResult {
    const { x0, t, eps } = batch;
    const B = t.length;
    const input = this.net.inputBuffer(B);
    const xs = input.stride;
    for (let i = 0; i < B; i++) {
      const a = this.sqrtAlphaBar[t[i]];
      const s = this.sqrtOneMinusAlphaBar[t[i]];
      input.data[i * xs] = a * x0[2 * i] + s * eps[2 * i];
      input.data[i * xs + 1] = a * x0[2 * i + 1] + s * eps[2 * i + 1];
      input.data[i * xs + 2] = t[i] / this.T;
    }
    return mseStep(this.net, B, eps, this.adam);
  }

  /** One training step on a fresh batch. */
  step(): FastStepResult {
    return this.stepOn(this.drawBatch());
  }

  dispose(): void {
    this.net.dispose();
  }
}
