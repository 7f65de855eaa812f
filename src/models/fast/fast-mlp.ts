import type { Rng } from '../../data/random';
import { CONTROL_BYTES, HelperThread, PlanRecorder, type RowKernels } from './helper-thread';
import { ACT_CODE, MODE, type FastActivation, type FastKernels, type KernelExports } from './kernels';

/**
 * The same multi-layer perceptron as src/models/nn.ts (sizes = [in, hidden..., out], one
 * activation between layers, none after the last), trained without tfjs: forward, backward and
 * Adam run as WebAssembly SIMD kernels on one flat Float32 memory owned by this instance.
 *
 * Memory layout (byte offsets into the instance's memory; every width padded to a multiple of 4
 * with zeros, which stay zero because act(0) = 0 and their gradients are exactly 0):
 *   params  [W₀ (d₀×d₁), b₀ (d₁), W₁, b₁, …]   and, with the same layout, grads, Adam m and v,
 *           and an exponential moving average of the params (for sampling, as DDPM does)
 *   wt      Wₗᵀ for each layer (the backward's dX = dZ Wᵀ), refreshed after each update
 *   acts    H₀ = input, H₁ … H_L (H_L = the output) [capacity × dₗ]; pre-activations Zₗ for SiLU
 *   scratch dOut [capacity × d_L], two ping-pong gradient buffers, dIn [capacity × d₀]
 *
 * With `FastMlp.create(…, { threads: 2 })` (shared memory: Node, or a cross-origin isolated page) a
 * helper thread (./helper-thread.ts) runs the forward and backward of the second half of each
 * batch on the same memory, into its own gradient buffer, which is then added to the first half's.
 *
 * Typical use, one training step: `forward(x, n)`, compute dLoss/dOutput, `backward(dOut)`,
 * `adamStep(lr, β₁, β₂, ε, t)`. Nothing here touches the DOM: it runs in Node and in a Web Worker.
 */
export interface FastMlpOptions {
  /** Rows the buffers hold before they grow (forward with more rows grows them). Default 512. */
  capacity?: number;
  /** Slope of leaky ReLU for negative inputs (nn.ts uses 0.2). */
  leakyAlpha?: number;
  /**
   * Initial weights: 'mlp' draws exactly what new Mlp(sizes, activation, rng, name, lastLayerScale)
   * of nn.ts draws from the same rng (biases 0); 'torch' is PyTorch's nn.Linear default,
   * U(±1/√fan_in) for weights then biases, layer by layer. Needs `rng`; without one all zeros.
   */
  init?: 'mlp' | 'torch';
  rng?: Rng;
  lastLayerScale?: number;
}

export interface FastMlpCreateOptions extends FastMlpOptions {
  /** 2: run half of each batch on a helper thread (needs kernels loaded with `threads: true`). */
  threads?: 1 | 2;
  /**
   * Split a batch between the threads only when its forward pass costs at least this many
   * floating-point operations (default 8e6, about 150 µs on one core): below it the hand-over
   * costs more than it saves (measured: the reference GAN, 2–4 Mflop per pass, got slower split).
   */
  minSplitFlops?: number;
}

export interface MlpParams {
  /** Row-major [sizes[l] × sizes[l+1]], as tf.Variable weights of nn.ts. */
  weights: Float32Array[];
  biases: Float32Array[];
}

export interface BackwardOptions {
  /** Compute the parameter gradients (default true). */
  paramGrads?: boolean;
  /** Add to the stored gradients instead of overwriting them (default false). */
  accumulate?: boolean;
  /** Also compute dLoss/dInput (default false); returned unpadded, [n × sizes[0]]. */
  inputGrad?: boolean;
}

const pad4 = (x: number): number => (x + 3) & ~3;
const WASM_PAGE = 65536;
const DEFAULT_MIN_SPLIT_FLOPS = 8e6;

/** True when a forward pass of `rows` rows is big enough for two threads to pay (see minSplitFlops). */
export function worthTwoThreads(sizes: readonly number[], rows: number, minSplitFlops = DEFAULT_MIN_SPLIT_FLOPS): boolean {
  let flopsPerRow = 0;
  for (let l = 0; l + 1 < sizes.length; l++) flopsPerRow += 2 * pad4(sizes[l]) * pad4(sizes[l + 1]);
  return rows >= 8 && rows * flopsPerRow >= minSplitFlops;
}

export class FastMlp {
  readonly sizes: readonly number[];
  readonly activation: FastActivation;
  /** Padded widths d₀ … d_L. */
  readonly widths: readonly number[];
  private readonly k: KernelExports;
  private readonly act: number;
  private readonly alpha: number;
  private readonly layers: number;
  private readonly paramCount: number;
  private readonly wOff: number[] = [];
  private readonly bOff: number[] = [];
  private readonly params: number;
  private readonly grads: number;
  private readonly moment1: number;
  private readonly moment2: number;
  private readonly average: number;
  private emaStarted = false;
  private readonly wt: number[] = [];
  private wtStale = true;
  private readonly fixedEnd: number;
  private cap = 0;
  private h: number[] = [];
  private z: number[] = [];
  private dOut = 0;
  private dScratch: [number, number] = [0, 0];
  private dIn = 0;
  private rows = 0;
  private view: Float32Array;
  /** Set when built by create(…, { threads: 2 }). */
  private helper: HelperThread | null = null;
  private recorder: PlanRecorder | null = null;
  private grads2 = 0;
  private control = 0;
  private minSplitFlops = DEFAULT_MIN_SPLIT_FLOPS;
  private helperStarting: Promise<void> = Promise.resolve();
  private disposed = false;

  /** A FastMlp, on two threads when asked and possible (`threads` falls back to 1 without shared memory). */
  static async create(kernels: FastKernels, sizes: readonly number[], activation: FastActivation, options: FastMlpCreateOptions = {}): Promise<FastMlp> {
    const net = FastMlp.createNow(kernels, sizes, activation, options);
    await net.helperStarting;
    return net;
  }

  /**
   * Like create(), but returns at once: with `threads: 2` the network runs on one thread until
   * its helper thread has started (a few ms later, between two steps), then on two. A helper that
   * fails to start leaves it on one thread.
   */
  static createNow(kernels: FastKernels, sizes: readonly number[], activation: FastActivation, options: FastMlpCreateOptions = {}): FastMlp {
    if ((options.threads ?? 1) === 1 || !kernels.shared) return new FastMlp(kernels, sizes, activation, options);
    const shared = kernels.shared.instantiate();
    const net = new FastMlp(kernels, sizes, activation, options, shared.exports);
    net.recorder = new PlanRecorder(shared.memory, net.control + 64);
    net.minSplitFlops = options.minSplitFlops ?? DEFAULT_MIN_SPLIT_FLOPS;
    net.helperStarting = HelperThread.start(kernels.shared.module, shared.memory, net.control, net.control + 64).then(
      (helper) => {
        if (net.disposed) helper.close();
        else net.helper = helper;
      },
      () => undefined,
    );
    return net;
  }

  /** Threads this network runs on. */
  get threads(): 1 | 2 {
    return this.helper ? 2 : 1;
  }

  /** `instance`: internal, a shared-memory instance from create(). */
  constructor(kernels: FastKernels, sizes: readonly number[], activation: FastActivation, options: FastMlpOptions = {}, instance?: KernelExports) {
    if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
      throw new Error(`FastMlp: layer sizes must be positive integers, got [${sizes.join(', ')}]`);
    }
    if (!(activation in ACT_CODE)) throw new Error(`FastMlp: unknown activation ${activation}`);
    this.sizes = [...sizes];
    this.activation = activation;
    this.widths = sizes.map(pad4);
    this.layers = sizes.length - 1;
    this.act = ACT_CODE[activation];
    this.alpha = options.leakyAlpha ?? 0.2;
    if (activation === 'leakyRelu' && !(this.alpha > 0)) throw new Error('FastMlp: leaky ReLU needs a positive slope');
    this.k = instance ?? kernels.instantiate();

    // Fixed region: params, grads, Adam's m and v, the average (same layout), the transposes, the helper's area.
    let count = 0;
    for (let l = 0; l < this.layers; l++) {
      this.wOff.push(count);
      count += this.widths[l] * this.widths[l + 1];
      this.bOff.push(count);
      count += this.widths[l + 1];
    }
    this.paramCount = count;
    let at = (this.k.heapBase() + 63) & ~63;
    const take = (floats: number): number => {
      const p = at;
      at = (at + floats * 4 + 63) & ~63;
      return p;
    };
    this.params = take(count);
    this.grads = take(count);
    this.moment1 = take(count);
    this.moment2 = take(count);
    this.average = take(count);
    for (let l = 0; l < this.layers; l++) this.wt.push(take(this.widths[l] * this.widths[l + 1]));
    if (instance) {
      // The helper thread's gradients, then the control block and plan of helper-thread.ts.
      this.grads2 = take(count);
      this.control = take(CONTROL_BYTES / 4);
    }
    this.fixedEnd = at;
    this.view = new Float32Array(this.k.memory.buffer);
    this.ensureCapacity(Math.max(1, options.capacity ?? 512));
    this.mem.fill(0, this.params >> 2, this.fixedEnd >> 2);
    if (options.rng) this.initialise(options.rng, options.init ?? 'mlp', options.lastLayerScale ?? 1);
  }

  /** The instance's memory as floats (re-created after the memory grows). */
  private get mem(): Float32Array {
    if (this.view.buffer !== this.k.memory.buffer) this.view = new Float32Array(this.k.memory.buffer);
    return this.view;
  }

  /** Number of parameters (unpadded). */
  get parameterCount(): number {
    let n = 0;
    for (let l = 0; l < this.layers; l++) n += (this.sizes[l] + 1) * this.sizes[l + 1];
    return n;
  }

  /** Rows the activation buffers hold now. */
  get capacity(): number {
    return this.cap;
  }

  /** Grows the activation buffers to hold `rows` rows (contents are not kept). */
  ensureCapacity(rows: number): void {
    if (rows <= this.cap) return;
    const cap = Math.max(rows, this.cap * 2, 4);
    const maxWidth = Math.max(...this.widths);
    let at = this.fixedEnd;
    const take = (floats: number): number => {
      const p = at;
      at = (at + floats * 4 + 63) & ~63;
      return p;
    };
    this.h = this.widths.map((d) => take(cap * d));
    this.z = this.widths.map((d, l) => (this.activation === 'silu' && l > 0 && l < this.layers ? take(cap * d) : 0));
    this.dOut = take(cap * this.widths[this.layers]);
    this.dScratch = [take(cap * maxWidth), take(cap * maxWidth)];
    this.dIn = take(cap * this.widths[0]);
    const pages = Math.ceil(at / WASM_PAGE) - this.k.memory.buffer.byteLength / WASM_PAGE;
    if (pages > 0) this.k.memory.grow(pages);
    this.cap = cap;
    this.rows = 0;
    // The padded columns of the input and of dOut must read as zeros.
    this.mem.fill(0, this.h[0] >> 2, (this.h[0] >> 2) + cap * this.widths[0]);
    this.mem.fill(0, this.dOut >> 2, (this.dOut >> 2) + cap * this.widths[this.layers]);
  }

  private initialise(rng: Rng, init: 'mlp' | 'torch', lastLayerScale: number): void {
    const weights: Float32Array[] = [];
    const biases: Float32Array[] = [];
    for (let l = 0; l < this.layers; l++) {
      const fanIn = this.sizes[l];
      const fanOut = this.sizes[l + 1];
      const w = new Float32Array(fanIn * fanOut);
      const b = new Float32Array(fanOut);
      if (init === 'torch') {
        const bound = 1 / Math.sqrt(fanIn);
        for (let j = 0; j < w.length; j++) w[j] = (2 * rng.uniform() - 1) * bound;
        for (let j = 0; j < b.length; j++) b[j] = (2 * rng.uniform() - 1) * bound;
      } else {
        // nn.ts: U(−a, a), a = √(6/fan_in) (√(3/fan_in) for tanh and linear), the last layer scaled.
        const a =
          (this.activation === 'tanh' || this.activation === 'linear' ? Math.sqrt(3 / fanIn) : Math.sqrt(6 / fanIn)) *
          (l + 1 === this.layers ? lastLayerScale : 1);
        for (let j = 0; j < w.length; j++) w[j] = (2 * rng.uniform() - 1) * a;
      }
      weights.push(w);
      biases.push(b);
    }
    this.setParams({ weights, biases });
  }

  // ------------------------------------------------------------------ parameters

  /** Copies parameters in (unpadded, row-major); resets nothing else. */
  setParams(p: MlpParams): void {
    const mem = this.mem;
    for (let l = 0; l < this.layers; l++) {
      const [fi, fo] = [this.sizes[l], this.sizes[l + 1]];
      const w = p.weights[l];
      const b = p.biases[l];
      if (w.length !== fi * fo || b.length !== fo) throw new Error(`FastMlp.setParams: layer ${l} expects ${fi}×${fo} weights and ${fo} biases`);
      const dw = this.widths[l + 1];
      const base = (this.params >> 2) + this.wOff[l];
      for (let i = 0; i < fi; i++) mem.set(w.subarray(i * fo, (i + 1) * fo), base + i * dw);
      mem.set(b, (this.params >> 2) + this.bOff[l]);
    }
    this.wtStale = true;
  }

  /** Copies the parameters out (unpadded, row-major). */
  getParams(): MlpParams {
    return this.read(this.params);
  }

  /** The gradients of the last backward, laid out as getParams. */
  getGrads(): MlpParams {
    return this.read(this.grads);
  }

  /** Adds g (laid out as getParams) to the stored gradients. */
  addToGrads(g: MlpParams): void {
    const mem = this.mem;
    const base = this.grads >> 2;
    for (let l = 0; l < this.layers; l++) {
      const [fi, fo] = [this.sizes[l], this.sizes[l + 1]];
      const w = g.weights[l];
      const b = g.biases[l];
      if (w.length !== fi * fo || b.length !== fo) throw new Error(`FastMlp.addToGrads: layer ${l} expects ${fi}×${fo} weights and ${fo} biases`);
      const dw = this.widths[l + 1];
      for (let i = 0; i < fi; i++) {
        const row = base + this.wOff[l] + i * dw;
        for (let j = 0; j < fo; j++) mem[row + j] += w[i * fo + j];
      }
      const bias = base + this.bOff[l];
      for (let j = 0; j < fo; j++) mem[bias + j] += b[j];
    }
  }

  private read(region: number): MlpParams {
    const mem = this.mem;
    const weights: Float32Array[] = [];
    const biases: Float32Array[] = [];
    for (let l = 0; l < this.layers; l++) {
      const [fi, fo] = [this.sizes[l], this.sizes[l + 1]];
      const dw = this.widths[l + 1];
      const base = (region >> 2) + this.wOff[l];
      const w = new Float32Array(fi * fo);
      for (let i = 0; i < fi; i++) w.set(mem.subarray(base + i * dw, base + i * dw + fo), i * fo);
      weights.push(w);
      biases.push(mem.slice((region >> 2) + this.bOff[l], (region >> 2) + this.bOff[l] + fo));
    }
    return { weights, biases };
  }

  /** Starts the moving average of the parameters at their current values. */
  emaReset(): void {
    this.mem.copyWithin(this.average >> 2, this.params >> 2, (this.params >> 2) + this.paramCount);
    this.emaStarted = true;
  }

  /**
   * avg ← d·avg + (1 − d)·θ, as src/models/ema.ts (which starts the average at the initial weights:
   * call emaReset() then; otherwise the first update starts it). The schedule of d is the caller's.
   */
  emaUpdate(decay: number): void {
    if (!this.emaStarted) this.emaReset();
    this.k.ema(this.average, this.params, this.paramCount, decay);
  }

  /** The moving average of the parameters (the parameters themselves before the first emaUpdate). */
  getEmaParams(): MlpParams {
    return this.read(this.emaStarted ? this.average : this.params);
  }

  /** Zeroes Adam's moments (start a fresh optimiser; t restarts at 1). */
  resetOptimizer(): void {
    this.mem.fill(0, this.moment1 >> 2, (this.moment1 >> 2) + this.paramCount);
    this.mem.fill(0, this.moment2 >> 2, (this.moment2 >> 2) + this.paramCount);
  }

  // ------------------------------------------------------------------ direct buffer access

  /** The padded input rows, to be filled in place before `forward(null, n)`: row i starts at i·stride. */
  inputBuffer(n: number): { data: Float32Array; stride: number } {
    this.ensureCapacity(n);
    const d = this.widths[0];
    return { data: this.mem.subarray(this.h[0] >> 2, (this.h[0] >> 2) + n * d), stride: d };
  }

  /** The padded output rows of the last forward. */
  outputBuffer(): { data: Float32Array; stride: number } {
    const d = this.widths[this.layers];
    const o = this.h[this.layers] >> 2;
    return { data: this.mem.subarray(o, o + this.rows * d), stride: d };
  }

  /** The padded dLoss/dOutput rows, to be filled in place before `backward(null)`. */
  outputGradBuffer(): { data: Float32Array; stride: number } {
    const d = this.widths[this.layers];
    return { data: this.mem.subarray(this.dOut >> 2, (this.dOut >> 2) + this.rows * d), stride: d };
  }

  // ------------------------------------------------------------------ training

  /**
   * Forward pass on n rows. `x` is [n × sizes[0]] interleaved, or null when the input was written
   * through inputBuffer(n). Returns the output [n × sizes[L]] (a copy).
   */
  forward(x: Float32Array | null, n: number): Float32Array {
    this.forwardInPlace(x, n);
    return this.unpad(this.h[this.layers], n, this.sizes[this.layers], this.widths[this.layers]);
  }

  /**
   * Forward pass of the rows of `a` followed by those of `b` (each interleaved, [· × sizes[0]]) as one
   * batch, output in outputBuffer(): per row the same as two passes, one set of gradients after
   * backward. Returns the number of rows.
   */
  forwardStacked(a: Float32Array, b: Float32Array): number {
    const dim = this.sizes[0];
    const [na, nb] = [a.length / dim, b.length / dim];
    const input = this.inputBuffer(na + nb);
    const is = input.stride;
    for (let i = 0; i < na; i++) input.data.set(a.subarray(i * dim, (i + 1) * dim), i * is);
    for (let i = 0; i < nb; i++) input.data.set(b.subarray(i * dim, (i + 1) * dim), (na + i) * is);
    this.forwardInPlace(null, na + nb);
    return na + nb;
  }

  /** Forward pass leaving the output in outputBuffer() (no copy). */
  forwardInPlace(x: Float32Array | null, n: number): void {
    if (!Number.isInteger(n) || n < 1) throw new Error(`FastMlp.forward: n must be a positive integer, got ${n}`);
    this.ensureCapacity(n);
    if (x) {
      if (x.length !== n * this.sizes[0]) throw new Error(`FastMlp.forward: expected ${n}×${this.sizes[0]} inputs, got ${x.length}`);
      this.pad(x, this.h[0], n, this.sizes[0], this.widths[0]);
    }
    const split = this.splitRow(n);
    if (split < n) {
      this.recorder!.reset();
      this.forwardRows(this.recorder!, split, n);
      this.helper!.begin();
      this.forwardRows(this.k, 0, split);
      this.helper!.join();
    } else {
      this.forwardRows(this.k, 0, n);
    }
    this.rows = n;
  }

  /**
   * Backward pass of the last forward: `dOut` = dLoss/dOutput [n × sizes[L]] (or null when written
   * through outputGradBuffer()). Stores the parameter gradients (see getGrads) and returns
   * dLoss/dInput when `inputGrad` is set (else null).
   */
  backward(dOut: Float32Array | null, options: BackwardOptions = {}): Float32Array | null {
    const n = this.rows;
    if (n === 0) throw new Error('FastMlp.backward: call forward first');
    const paramGrads = options.paramGrads ?? true;
    const inputGrad = options.inputGrad ?? false;
    const acc = options.accumulate ? 1 : 0;
    if (dOut) {
      if (dOut.length !== n * this.sizes[this.layers]) throw new Error(`FastMlp.backward: expected ${n}×${this.sizes[this.layers]} output gradients`);
      this.pad(dOut, this.dOut, n, this.sizes[this.layers], this.widths[this.layers]);
    }
    const k = this.k;
    if (this.wtStale) {
      for (let l = 0; l < this.layers; l++) k.transpose(this.params + 4 * this.wOff[l], this.wt[l], this.widths[l], this.widths[l + 1]);
      this.wtStale = false;
    }
    const split = this.splitRow(n);
    if (split < n) {
      // The helper's half writes its own gradient buffer, added to this half's afterwards.
      this.recorder!.reset();
      this.backwardRows(this.recorder!, split, n, this.grads2, 0, paramGrads, inputGrad);
      this.helper!.begin();
      this.backwardRows(k, 0, split, this.grads, acc, paramGrads, inputGrad);
      this.helper!.join();
      if (paramGrads) k.addInto(this.grads, this.grads2, this.paramCount);
    } else {
      this.backwardRows(k, 0, n, this.grads, acc, paramGrads, inputGrad);
    }
    return inputGrad ? this.unpad(this.dIn, n, this.sizes[0], this.widths[0]) : null;
  }

  /** Rows [0, split) run here, [split, n) on the helper thread; split = n without a helper. */
  private splitRow(n: number): number {
    if (!this.helper || !worthTwoThreads(this.sizes, n, this.minSplitFlops)) return n;
    return (n >> 1) & ~3; // a multiple of 4: whole 4-row tiles on both sides
  }

  /** Forward pass of rows [r0, r1): every activation buffer is row-major, so a row range is a contiguous block. */
  private forwardRows(k: RowKernels, r0: number, r1: number): void {
    const m = r1 - r0;
    for (let l = 0; l < this.layers; l++) {
      const [di, dout] = [this.widths[l], this.widths[l + 1]];
      const w = this.params + 4 * this.wOff[l];
      const b = this.params + 4 * this.bOff[l];
      const hidden = l + 1 < this.layers;
      const x = this.h[l] + 4 * r0 * di;
      const out = this.h[l + 1] + 4 * r0 * dout;
      if (!hidden || this.act === ACT_CODE.relu || this.act === ACT_CODE.leakyRelu || this.act === ACT_CODE.linear) {
        k.gemm(x, w, out, m, di, dout, MODE.forward, b, 0, hidden ? this.act : ACT_CODE.linear, this.alpha);
      } else if (this.act === ACT_CODE.silu) {
        // Keep z for the backward (SiLU's derivative needs it), then h = z σ(z).
        const z = this.z[l + 1] + 4 * r0 * dout;
        k.gemm(x, w, z, m, di, dout, MODE.forward, b, 0, ACT_CODE.linear, 0);
        k.activate(z, out, m * dout, this.act, this.alpha);
      } else {
        k.gemm(x, w, out, m, di, dout, MODE.forward, b, 0, ACT_CODE.linear, 0);
        k.activate(out, out, m * dout, this.act, this.alpha);
      }
    }
  }

  /** Backward pass of rows [r0, r1), gradients into `grads` (added to when acc = 1); the transposes must be fresh. */
  private backwardRows(k: RowKernels, r0: number, r1: number, grads: number, acc: number, paramGrads: boolean, inputGrad: boolean): void {
    const m = r1 - r0;
    let dz = this.dOut + 4 * r0 * this.widths[this.layers]; // dLoss/dZ of layer l's output, [m × d_{l+1}]
    let flip = 0;
    for (let l = this.layers - 1; l >= 0; l--) {
      const [di, dout] = [this.widths[l], this.widths[l + 1]];
      if (paramGrads) {
        // dW = Hₗᵀ dZ, db = Σ_rows dZ.
        k.gemmTN(this.h[l] + 4 * r0 * di, dz, grads + 4 * this.wOff[l], m, di, dout, acc);
        k.columnSums(dz, grads + 4 * this.bOff[l], m, dout, acc);
      }
      if (l === 0) {
        if (inputGrad) k.gemm(dz, this.wt[0], this.dIn + 4 * r0 * di, m, dout, di, MODE.store, 0, 0, 0, 0);
        break;
      }
      // dH = dZ Wᵀ, then through the activation: dZ_prev = dH ⊙ act'(·).
      const next = this.dScratch[flip] + 4 * r0 * di;
      flip ^= 1;
      if (this.act === ACT_CODE.silu) {
        k.gemm(dz, this.wt[l], next, m, dout, di, MODE.store, 0, 0, 0, 0);
        k.mulActivationGrad(next, this.z[l] + 4 * r0 * di, m * di, this.act, this.alpha);
      } else {
        k.gemm(dz, this.wt[l], next, m, dout, di, MODE.actGrad, 0, this.h[l] + 4 * r0 * di, this.act, this.alpha);
      }
      dz = next;
    }
  }

  /** Squared norm of the stored gradients (NaN/Infinity when a gradient is not finite). */
  gradSquaredNorm(): number {
    return this.k.sumSquares(this.grads, this.paramCount);
  }

  /**
   * One Adam update from the stored gradients, computed as tf.train.adam does (Kingma & Ba 2015):
   * t is the 1-based step number that sets the bias corrections 1/(1 − βᵗ).
   */
  adamStep(lr: number, beta1: number, beta2: number, eps: number, t: number): void {
    if (!(t >= 1)) throw new Error(`FastMlp.adamStep: t is the 1-based step number, got ${t}`);
    const c1 = 1 / (1 - Math.pow(beta1, t));
    const c2 = 1 / (1 - Math.pow(beta2, t));
    this.k.adam(this.params, this.grads, this.moment1, this.moment2, this.paramCount, lr, beta1, beta2, eps, c1, c2);
    this.wtStale = true;
  }

  /** Releases the instance (its memory is reclaimed by the garbage collector). */
  dispose(): void {
    this.disposed = true;
    this.helper?.close();
    this.helper = null;
    this.h = [];
    this.z = [];
    this.rows = 0;
  }

  // ------------------------------------------------------------------ helpers

  private pad(src: Float32Array, dst: number, n: number, width: number, stride: number): void {
    const mem = this.mem;
    const base = dst >> 2;
    if (width === stride) {
      mem.set(src, base);
      return;
    }
    for (let i = 0; i < n; i++) {
      const o = base + i * stride;
      for (let j = 0; j < width; j++) mem[o + j] = src[i * width + j];
    }
  }

  private unpad(src: number, n: number, width: number, stride: number): Float32Array {
    const mem = this.mem;
    const base = src >> 2;
    if (width === stride) return mem.slice(base, base + n * width);
    const out = new Float32Array(n * width);
    for (let i = 0; i < n; i++) {
      const o = base + i * stride;
      for (let j = 0; j < width; j++) out[i * width + j] = mem[o + j];
    }
    return out;
  }
}
