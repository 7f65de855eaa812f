import { createRng, type Rng } from '../data/random';
import { DIGIT_PIXELS } from '../data/digits';
import { createDiffusion, type DiffusionModel } from './diffusion';
import { createFlowMatching, type FlowMatchingModel } from './flow-matching';
import { createGan, type GanModel } from './gan';
import { createVae, type VaeModel } from './vae';
import type { ModelRuntime } from './types';
import { DIGIT_DDIM_STEPS, digitConfigs, type DigitFamily } from './digit-configs';

type DigitModel = VaeModel | GanModel | DiffusionModel | FlowMatchingModel;

/**
 * A digit family seen through one interface: the image is a deterministic function of a draw of
 * noise, so that interpolating the noise interpolates the digits (digit-configs.ts says more).
 */
export interface DigitGenerator {
  readonly family: DigitFamily;
  readonly model: DigitModel;
  /** Numbers in one draw of the noise. */
  readonly noiseSize: number;
  /** n draws of the noise, standard normal, from the generator's own stream. */
  noise(n: number): Float32Array;
  /** The n images (n × 196 model values in about [−1, 1]) the noise maps to; deterministic. */
  generate(noise: Float32Array, n: number): Float32Array;
  /**
   * Diffusion and flow matching: the images on the way from noise (first frame) to digits (last),
   * `frames` of them evenly spaced in the sampler's steps. Absent for the one-shot VAE and GAN.
   */
  path?(noise: Float32Array, n: number, frames: number): Float32Array[];
}

export function createDigitGenerator(family: DigitFamily, runtime: ModelRuntime, seed = 1): DigitGenerator {
  const rng = createRng(seed + 7919);
  switch (family) {
    case 'vae': {
      const model = createVae({ ...digitConfigs.vae, seed }, runtime);
      const L = model.config.latentDim;
      return { family, model, noiseSize: L, noise: (n) => normals(rng, n * L), generate: (z) => model.decode(z) };
    }
    case 'gan': {
      const model = createGan({ ...digitConfigs.gan, seed }, runtime);
      const L = model.config.latentDim;
      return { family, model, noiseSize: L, noise: (n) => normals(rng, n * L), generate: (z) => model.generate(z) };
    }
    case 'diffusion': {
      const model = createDiffusion({ ...digitConfigs.diffusion, seed }, runtime);
      const trajectory = (xT: Float32Array, n: number) => model.reverseTrajectories(n, { sampler: 'ddim', steps: DIGIT_DDIM_STEPS, start: xT });
      return {
        family,
        model,
        noiseSize: DIGIT_PIXELS,
        noise: (n) => normals(rng, n * DIGIT_PIXELS),
        generate: (xT, n) => trajectory(xT, n).at(-1)!,
        path: (xT, n, frames) => pick(trajectory(xT, n), frames),
      };
    }
    case 'flow-matching': {
      const model = createFlowMatching({ ...digitConfigs['flow-matching'], seed }, runtime);
      const ode = { solver: model.config.solver, steps: model.config.sampleSteps };
      return {
        family,
        model,
        noiseSize: DIGIT_PIXELS,
        noise: (n) => normals(rng, n * DIGIT_PIXELS),
        generate: (x0) => model.trajectories(x0, ode).at(-1)!,
        path: (x0, _n, frames) => pick(model.trajectories(x0, ode), frames),
      };
    }
  }
}

function normals(rng: Rng, size: number): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = rng.normal();
  return out;
}

/** `count` frames evenly spaced from the first to the last. */
function pick(frames: Float32Array[], count: number): Float32Array[] {
  if (count >= frames.length) return frames;
  return Array.from({ length: count }, (_, i) => frames[Math.round((i * (frames.length - 1)) / Math.max(1, count - 1))]);
}

/**
 * `steps` points from noise a to noise b (both of one draw's size), by spherical interpolation
 * (Shoemake 1985; White 2016, arXiv:1609.04468): a straight line between two Gaussian draws passes
 * through vectors shorter than any the model saw, which for 196 numbers is a blurred, faint image.
 */
export function interpolateNoise(a: Float32Array, b: Float32Array, steps: number): Float32Array {
  const size = a.length;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < size; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  const omega = Math.acos(Math.min(1, Math.max(-1, dot / Math.sqrt(na * nb || 1))));
  const out = new Float32Array(steps * size);
  for (let s = 0; s < steps; s++) {
    const u = steps === 1 ? 0 : s / (steps - 1);
    const [wa, wb] = omega < 1e-6 ? [1 - u, u] : [Math.sin((1 - u) * omega) / Math.sin(omega), Math.sin(u * omega) / Math.sin(omega)];
    for (let i = 0; i < size; i++) out[s * size + i] = wa * a[i] + wb * b[i];
  }
  return out;
}

/**
 * A side × side grid of 2-D latents covering the prior: z at the normal quantiles of evenly spaced
 * probabilities, as Kingma & Welling's figure 4 lays out a 2-D latent space. Rows run down z₂.
 */
export function latentGrid(side: number): Float32Array {
  const out = new Float32Array(side * side * 2);
  const q = (i: number) => normalQuantile((i + 0.5) / side);
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      out[(r * side + c) * 2] = q(c);
      out[(r * side + c) * 2 + 1] = -q(r);
    }
  }
  return out;
}

/** Φ⁻¹(p) by Acklam's rational approximation (relative error below 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}
