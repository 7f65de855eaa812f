import { eightGaussians } from '../../data/toy/eight-gaussians';
import { createRng, type Rng } from '../../data/random';
import { FastMlp, type FastMlpCreateOptions } from './fast-mlp';
import type { FastActivation, FastKernels } from './kernels';
import type { FastTrainerOptions } from './trainer-options';

/**
 * The reference GAN iteration, fused (Goodfellow et al. 2014, non-saturating generator loss):
 *   D step: real x ~ data, fake G(z) with z ~ N(0, I) (no gradient into G);
 *           L_D = mean softplus(−D(x)) + mean softplus(D(G(z)))   (= BCE with labels 1 and 0)
 *   G step: fresh z; L_G = mean softplus(−D(G(z)))                (= −log σ(D(G(z))))
 * with d softplus(u)/du = σ(u). The D step runs real and fake rows as one batch of 2B rows (same
 * gradient as two passes); the G step backpropagates through D to its input, then through G.
 * Defaults are the reference workload of shared/reference/bench_torch.py: G 2→64→64→2,
 * D 2→64→64→1, ReLU, batch 256, Adam lr 1e-3, β = (0.5, 0.999), ε 1e-8, PyTorch's initialisation.
 */
export interface FastGanOptions extends FastTrainerOptions {
  generatorHidden?: number[];
  discriminatorHidden?: number[];
  /** Latent dimension (default 2). */
  latent?: number;
}

/** One iteration's randomness: real points [B × 2], latents for the D step and the G step [B × latent]. */
export interface GanBatch {
  real: Float32Array;
  zD: Float32Array;
  zG: Float32Array;
}

export interface FastGanResult {
  ok: boolean;
  lossD: number;
  lossG: number;
}

/** softplus(u) = log(1 + eᵘ), computed without overflow. */
function softplus(u: number): number {
  return Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u)));
}

function sigmoid(u: number): number {
  return 1 / (1 + Math.exp(-u));
}

export class FastGanTrainer {
  readonly generator: FastMlp;
  readonly discriminator: FastMlp;
  readonly batchSize: number;
  readonly latent: number;
  private readonly rng: Rng;
  private readonly lr: number;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly sampleData: (n: number, rng: Rng) => Float32Array;
  private stepsD = 0;
  private stepsG = 0;

  /** A trainer on one thread; see create() for two. */
  constructor(kernels: FastKernels, options: FastGanOptions = {}, prepared?: { rng: Rng; generator: FastMlp; discriminator: FastMlp }) {
    const o = options;
    this.batchSize = o.batchSize ?? 256;
    this.latent = o.latent ?? 2;
    this.lr = o.learningRate ?? 1e-3;
    this.beta1 = o.beta1 ?? 0.5;
    this.beta2 = o.beta2 ?? 0.999;
    this.epsilon = o.epsilon ?? 1e-8;
    this.sampleData = o.sampleData ?? ((n, rng) => eightGaussians.sample(n, rng));
    if (prepared) {
      ({ rng: this.rng, generator: this.generator, discriminator: this.discriminator } = prepared);
    } else {
      this.rng = createRng(o.seed ?? 0);
      const [g, d] = FastGanTrainer.networks(o, this.rng);
      this.generator = new FastMlp(kernels, g.sizes, g.activation, g.options);
      this.discriminator = new FastMlp(kernels, d.sizes, d.activation, d.options);
    }
  }

  /** A trainer whose two networks run on `options.threads` threads each (one without shared memory). */
  static async create(kernels: FastKernels, options: FastGanOptions = {}): Promise<FastGanTrainer> {
    const rng = createRng(options.seed ?? 0);
    const [g, d] = FastGanTrainer.networks(options, rng);
    const threads = options.threads;
    const generator = await FastMlp.create(kernels, g.sizes, g.activation, { ...g.options, threads });
    const discriminator = await FastMlp.create(kernels, d.sizes, d.activation, { ...d.options, threads });
    return new FastGanTrainer(kernels, options, { rng, generator, discriminator });
  }

  /** G latent→…→2 and D 2→…→1, initialised from `rng` in that order. */
  private static networks(o: FastGanOptions, rng: Rng): { sizes: number[]; activation: FastActivation; options: FastMlpCreateOptions }[] {
    const activation = o.activation ?? 'relu';
    const init = o.init ?? 'torch';
    const B = o.batchSize ?? 256;
    return [
      { sizes: [o.latent ?? 2, ...(o.generatorHidden ?? [64, 64]), 2], activation, options: { capacity: B, rng, init } },
      { sizes: [2, ...(o.discriminatorHidden ?? [64, 64]), 1], activation, options: { capacity: 2 * B, rng, init } },
    ];
  }

  drawBatch(): GanBatch {
    const B = this.batchSize;
    const real = this.sampleData(B, this.rng);
    const zD = new Float32Array(B * this.latent);
    for (let i = 0; i < zD.length; i++) zD[i] = this.rng.normal();
    const zG = new Float32Array(B * this.latent);
    for (let i = 0; i < zG.length; i++) zG[i] = this.rng.normal();
    return { real, zD, zG };
  }

  /** One D step then one G step on the given randomness; a non-finite loss or gradient skips that update. */
  stepOn(batch: GanBatch): FastGanResult {
    const B = batch.real.length / 2;
    const G = this.generator;
    const D = this.discriminator;

    // ---- D step: rows 0 … B−1 real, B … 2B−1 fake.
    const fake = G.forward(batch.zD, B);
    const input = D.inputBuffer(2 * B);
    const is = input.stride;
    for (let i = 0; i < B; i++) {
      input.data[i * is] = batch.real[2 * i];
      input.data[i * is + 1] = batch.real[2 * i + 1];
      input.data[(B + i) * is] = fake[2 * i];
      input.data[(B + i) * is + 1] = fake[2 * i + 1];
    }
    D.forwardInPlace(null, 2 * B);
    let logits = D.outputBuffer();
    let dOut = D.outputGradBuffer();
    let os = logits.stride;
    let sum = 0;
    for (let i = 0; i < 2 * B; i++) {
      const u = logits.data[i * os];
      if (i < B) {
        sum += softplus(-u);
        dOut.data[i * os] = -sigmoid(-u) / B;
      } else {
        sum += softplus(u);
        dOut.data[i * os] = sigmoid(u) / B;
      }
    }
    const lossD = sum / B;
    let okD = Number.isFinite(lossD);
    if (okD) {
      D.backward(null);
      okD = Number.isFinite(D.gradSquaredNorm());
      if (okD) D.adamStep(this.lr, this.beta1, this.beta2, this.epsilon, ++this.stepsD);
    }

    // ---- G step: through D (its parameters untouched) to the fake points, then through G.
    G.forwardInPlace(batch.zG, B);
    const gOut = G.outputBuffer();
    const dIn = D.inputBuffer(B);
    for (let i = 0; i < B; i++) {
      dIn.data[i * dIn.stride] = gOut.data[i * gOut.stride];
      dIn.data[i * dIn.stride + 1] = gOut.data[i * gOut.stride + 1];
    }
    D.forwardInPlace(null, B);
    logits = D.outputBuffer();
    dOut = D.outputGradBuffer();
    os = logits.stride;
    sum = 0;
    for (let i = 0; i < B; i++) {
      const u = logits.data[i * os];
      sum += softplus(-u);
      dOut.data[i * os] = -sigmoid(-u) / B;
    }
    const lossG = sum / B;
    let okG = Number.isFinite(lossG);
    if (okG) {
      const dFake = D.backward(null, { paramGrads: false, inputGrad: true })!;
      G.backward(dFake);
      okG = Number.isFinite(G.gradSquaredNorm());
      if (okG) G.adamStep(this.lr, this.beta1, this.beta2, this.epsilon, ++this.stepsG);
    }
    return { ok: okD && okG, lossD, lossG };
  }

  step(): FastGanResult {
    return this.stepOn(this.drawBatch());
  }

  /** n generator samples (interleaved 2-D). */
  sample(n: number): Float32Array {
    const z = new Float32Array(n * this.latent);
    for (let i = 0; i < z.length; i++) z[i] = this.rng.normal();
    return this.generator.forward(z, n);
  }

  dispose(): void {
    this.generator.dispose();
    this.discriminator.dispose();
  }
}
