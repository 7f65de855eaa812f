import { DIGIT_PIXELS } from '../data/digits';
import type { DiffusionConfig } from './diffusion';
import type { FlowMatchingConfig } from './flow-matching';
import type { GanConfig } from './gan';
import type { VaeConfig } from './vae';

/**
 * The digits lab's four families, each the same model code as its toy lab with a configuration for
 * 196-dimensional images, seen through one interface: the image is a deterministic function of a
 * draw of noise (the VAE's and the GAN's latent z, diffusion's x_T through DDIM with η = 0, flow
 * matching's x_0 through its ODE), so that interpolating the noise interpolates the digits.
 */
export const digitFamilies = ['vae', 'gan', 'diffusion', 'flow-matching'] as const;
export type DigitFamily = (typeof digitFamilies)[number];

export interface DigitConfigs {
  vae: Partial<VaeConfig>;
  gan: Partial<GanConfig>;
  diffusion: Partial<DiffusionConfig>;
  'flow-matching': Partial<FlowMatchingConfig>;
}

/** Diffusion's number of noise levels T for digits (the page labels the reverse process with it). */
export const DIGIT_DIFFUSION_T = 100;

/**
 * Each family's configuration for digits (pretraining and training from scratch alike). Wider
 * networks than the toy labs' (images have 196 coordinates, not 2); the VAE keeps a 2-D latent so
 * that its whole latent space can be shown as a grid, with a fixed decoder variance (a learnt
 * per-pixel variance shrank as training went on and some digits, 5 and 8 first, all but vanished
 * from the samples; docs/DESIGN.md); the GAN draws from a 16-D latent; diffusion
 * predicts x_0 rather than the noise (see DiffusionConfig.prediction) and clips it to the pixels'
 * range [−1, 1], as DDPM does for images (clip_denoised); flow matching likewise predicts the data
 * point x_1 and samples with 25 Heun steps (FlowMatchingConfig.prediction).
 */
export const digitConfigs: DigitConfigs = {
  vae: { dim: DIGIT_PIXELS, hidden: 256, depth: 2, latentDim: 2, learningRate: 1e-3, batchSize: 128, decoderVariance: 'fixed', decoderStd: 0.45 },
  gan: { dim: DIGIT_PIXELS, hidden: 256, depth: 2, latentDim: 16, learningRate: 2e-4, dLearningRate: 2e-4, beta1: 0.5, batchSize: 64 },
  diffusion: { dim: DIGIT_PIXELS, hidden: 256, depth: 3, T: DIGIT_DIFFUSION_T, learningRate: 1e-3, batchSize: 128, denoisedClip: 1, prediction: 'data' },
  'flow-matching': { dim: DIGIT_PIXELS, hidden: 256, depth: 3, learningRate: 1e-3, batchSize: 128, prediction: 'data', solver: 'heun', sampleSteps: 25 },
};

/** DDIM steps for diffusion's digits (of T = DIGIT_DIFFUSION_T). */
export const DIGIT_DDIM_STEPS = 50;
