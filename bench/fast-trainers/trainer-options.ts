import type { Rng } from '../../src/data/random';
import type { FastActivation } from '../../src/models/fast/kernels';

/** Options every fused trainer (DDPM step, GAN iteration) takes; each adds its own network sizes. */
export interface FastTrainerOptions {
  activation?: FastActivation;
  batchSize?: number;
  /** Adam's step size and moments (Kingma & Ba 2015). */
  learningRate?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  seed?: number;
  init?: 'mlp' | 'torch';
  /** Draws n data points (interleaved 2-D) from the rng; default 8 Gaussians (radius 2, std 0.1). */
  sampleData?: (n: number, rng: Rng) => Float32Array;
  /** 2: split each batch with helper threads (the trainer's async create only; kernels loaded with `threads: true`). */
  threads?: 1 | 2;
}
