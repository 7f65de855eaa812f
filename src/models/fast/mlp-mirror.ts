import type { Mlp } from '../nn';
import { emaDecayAt } from '../ema';
import { FastMlp, worthTwoThreads } from './fast-mlp';
import type { FastActivation, FastKernels } from './kernels';
import { paramsOfMlp, writeParams } from './tfjs-bridge';

export interface MirrorOptions {
  /** The family's EMA twin of the network (src/models/ema.ts), kept as the FastMlp's own average with the same decay schedule. */
  averaged?: Mlp | null;
  emaDecay?: number;
  /** 2: run big batches on two threads (needs kernels loaded with `threads: true`, i.e. shared memory). */
  threads?: 1 | 2;
  /** Rows of a typical pass (the batch; the GAN's discriminator sees twice the batch). */
  batchRows?: number;
}

/**
 * Only the energy-based model (../ebm.ts) still uses this, until its port to ../network; diffusion
 * and the GAN own their networks through createNetwork. Delete this file (and ./tfjs-bridge's use
 * here) when ebm.ts no longer imports it.
 *
 * A tfjs network trained through its fused twin. A family that takes the fast path keeps its
 * readable tfjs Mlp, through which its fields and likelihoods still run, but trains the FastMlp;
 * the tfjs variables — and the weight average, if the family samples with one — are brought up to
 * date only when something reads them (`sync()`), not after every step. A family may also
 * evaluate the network for sampling in the fused kernels (`forwardForSampling`).
 */
export class MlpMirror {
  readonly fast: FastMlp;
  private readonly averaged: Mlp | null;
  private readonly emaDecay: number;
  private readonly kernels: FastKernels;
  /** A FastMlp holding the average, for forwardForSampling; made on first use. */
  private sampler: FastMlp | null = null;
  private samplerStale = true;
  private stale = false;
  private emaUpdates = 0;

  constructor(
    kernels: FastKernels,
    readonly mlp: Mlp,
    options: MirrorOptions = {},
  ) {
    if (!isFastActivation(mlp.activation)) throw new Error(`MlpMirror: no fused kernel for activation ${mlp.activation}`);
    this.kernels = kernels;
    this.averaged = options.averaged ?? null;
    this.emaDecay = options.emaDecay ?? 0;
    const rows = options.batchRows ?? 256;
    // A second thread only where a batch's forward pass is big enough to split (see fast-mlp.ts).
    const threads = options.threads === 2 && worthTwoThreads(mlp.sizes, rows) ? 2 : 1;
    this.fast = FastMlp.createNow(kernels, mlp.sizes, mlp.activation as FastActivation, { capacity: rows, threads });
    this.fast.setParams(paramsOfMlp(mlp));
    if (this.averaged) this.fast.emaReset();
  }

  /** Threads the fused network runs on now (see FastMlp.threads). */
  get threads(): 1 | 2 {
    return this.fast.threads;
  }

  /** Call after each applied update of the fast network. */
  updated(): void {
    this.stale = true;
    this.samplerStale = true;
    if (this.averaged) this.fast.emaUpdate(emaDecayAt(this.emaDecay, ++this.emaUpdates));
  }

  /**
   * The network's output on n input rows [n × sizes[0]], with the weights the family samples with:
   * the average when it keeps one, else the trained weights. Runs in the fused kernels (a second
   * FastMlp holds the average, refreshed after training steps).
   */
  forwardForSampling(input: Float32Array, n: number): Float32Array {
    if (!this.averaged) return this.fast.forward(input, n);
    if (!this.sampler) {
      this.sampler = new FastMlp(this.kernels, this.mlp.sizes, this.mlp.activation as FastActivation, { capacity: n });
      this.samplerStale = true;
    }
    if (this.samplerStale) {
      this.sampler.setParams(this.fast.getEmaParams());
      this.samplerStale = false;
    }
    return this.sampler.forward(input, n);
  }

  /** The other way round: copies the tfjs variables into the fast network, after the family trained the tfjs one itself. */
  reload(): void {
    this.fast.setParams(paramsOfMlp(this.mlp));
    this.stale = false;
    this.samplerStale = true;
  }

  /** Copies the fast network's parameters (and average) into the tfjs variables, if they changed. */
  sync(): void {
    if (!this.stale) return;
    writeParams(this.fast.getParams(), this.mlp);
    if (this.averaged) writeParams(this.fast.getEmaParams(), this.averaged);
    this.stale = false;
  }

  dispose(): void {
    this.fast.dispose();
    this.sampler?.dispose();
  }
}

export function isFastActivation(a: string): a is FastActivation {
  return a === 'relu' || a === 'leakyRelu' || a === 'tanh' || a === 'silu' || a === 'linear';
}
