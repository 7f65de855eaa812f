import { eightGaussians } from '../../src/data/toy/eight-gaussians';
import { createRng, type Rng } from '../../src/data/random';
import { FastMlp, type FastMlpCreateOptions } from '../../src/models/fast/fast-mlp';
import { FastAdam } from './fast-adam';
import type { FastActivation, FastKernels } from '../../src/models/fast/kernels';
import type { FastStepResult } from './mse-step';
import type { FastTrainerOptions } from './trainer-options';
import { TERMS } from '../../src/models/gan-losses';

/**
 * The reference workload's GAN iteration (bench only; the site's GAN is src/models/gan.ts, whose
 * loss terms, ../../src/models/gan-losses.ts, this reuses), fused (Goodfellow et al. 2014, non-saturating generator loss):
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

/** The GAN losses the reference trainer has (WGAN-GP's penalty needs a second derivative). */
export type FastGanLoss = 'non-saturating' | 'hinge';

/**
 * One discriminator update: B real and B fake points (interleaved, D's input width) as one batch of 2B rows
 * (the same gradient as two passes), L_D = mean over real rows + mean over fake rows.
 */
export function discriminatorUpdate(D: FastMlp, real: Float32Array, fake: Float32Array, loss: FastGanLoss, adam: FastAdam): FastStepResult {
  const B = real.length / D.sizes[0];
  D.forwardStacked(real, fake);
  const logits = D.outputBuffer();
  const dOut = D.outputGradBuffer();
  const os = logits.stride;
  const { real: onReal, fake: onFake } = TERMS[loss];
  const term: [number, number] = [0, 0];
  let sum = 0;
  for (let i = 0; i < 2 * B; i++) {
    (i < B ? onReal : onFake)(logits.data[i * os], term);
    sum += term[0];
    dOut.data[i * os] = term[1] / B;
  }
  const value = sum / B;
  if (!Number.isFinite(value)) return { ok: false, loss: value, lossFinite: false };
  D.backward(null);
  return { ok: adam.step(D), loss: value, lossFinite: true };
}

/**
 * One generator update on latents z [B × latent]: G(z) through D (whose parameters are left
 * untouched) back to the points, then through G.
 */
export function generatorUpdate(G: FastMlp, D: FastMlp, z: Float32Array, loss: FastGanLoss, adam: FastAdam): FastStepResult {
  const B = z.length / G.sizes[0];
  G.forwardInPlace(z, B);
  const gOut = G.outputBuffer();
  const dIn = D.inputBuffer(B);
  const dim = D.sizes[0];
  for (let i = 0; i < B; i++) dIn.data.set(gOut.data.subarray(i * gOut.stride, i * gOut.stride + dim), i * dIn.stride);
  D.forwardInPlace(null, B);
  const logits = D.outputBuffer();
  const dOut = D.outputGradBuffer();
  const os = logits.stride;
  const onGenerated = TERMS[loss].generator;
  const term: [number, number] = [0, 0];
  let sum = 0;
  for (let i = 0; i < B; i++) {
    onGenerated(logits.data[i * os], term);
    sum += term[0];
    dOut.data[i * os] = term[1] / B;
  }
  const value = sum / B;
  if (!Number.isFinite(value)) return { ok: false, loss: value, lossFinite: false };
  const dFake = D.backward(null, { paramGrads: false, inputGrad: true })!;
  G.backward(dFake);
  return { ok: adam.step(G), loss: value, lossFinite: true };
}

export class FastGanTrainer {
  readonly generator: FastMlp;
  readonly discriminator: FastMlp;
  readonly batchSize: number;
  readonly latent: number;
  private readonly rng: Rng;
  private readonly adamD: FastAdam;
  private readonly adamG: FastAdam;
  private readonly sampleData: (n: number, rng: Rng) => Float32Array;

  /** A trainer on one thread; see create() for two. */
  constructor(kernels: FastKernels, options: FastGanOptions = {}, prepared?: { rng: Rng; generator: FastMlp; discriminator: FastMlp }) {
    const o = options;
    this.batchSize = o.batchSize ?? 256;
    this.latent = o.latent ?? 2;
    const adam = (): FastAdam => new FastAdam(o.learningRate ?? 1e-3, o.beta1 ?? 0.5, o.beta2 ?? 0.999, o.epsilon ?? 1e-8);
    this.adamD = adam();
    this.adamG = adam();
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
    const fake = this.generator.forward(batch.zD, B);
    const d = discriminatorUpdate(this.discriminator, batch.real, fake, 'non-saturating', this.adamD);
    const g = generatorUpdate(this.generator, this.discriminator, batch.zG, 'non-saturating', this.adamG);
    return { ok: d.ok && g.ok, lossD: d.loss, lossG: g.loss };
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
