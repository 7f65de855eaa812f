import type { Rng } from '../data/random';
import type { Schedule } from './schedules';

/**
 * The noise of a diffusion model's forward process: Gaussian as in DDPM (Ho et al. 2020), or one of the
 * two non-Gaussian choices of Nachmani, San Roman & Wolf, "Non Gaussian Denoising Diffusion Models"
 * (arXiv:2106.07582) — Gamma noise and a mixture of two Gaussians.
 *
 * All three are written in one form: x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε_t, where ε_t is *standardised*
 * noise (mean 0, variance 1 per coordinate, independent coordinates) whose shape may depend on t.
 * The network is trained to predict ε_t (the paper's training target, as in DDPM's L_simple).
 *
 * Gamma (paper §3; Denoising Diffusion Gamma Models, arXiv:2110.05948). Each forward step adds
 * centred Gamma noise, x_t = √α_t x_{t−1} + (g_t − k_t θ_t), g_t ~ Γ(shape k_t, scale θ_t), with
 *   θ_t = √ᾱ_t θ_0,   k_t = β_t / (ᾱ_t θ_0²),
 * so the step has variance k_t θ_t² = β_t, like DDPM's. Scaling a Gamma scales its scale, and the
 * factor √(ᾱ_t/ᾱ_s) that carries step s's noise to step t turns θ_s into θ_t: every term then has the
 * common scale θ_t, and Γ(k₁, θ) + Γ(k₂, θ) = Γ(k₁ + k₂, θ) gives the closed form
 *   x_t = √ᾱ_t x_0 + (ḡ_t − k̄_t θ_t),  ḡ_t ~ Γ(k̄_t, θ_t),  k̄_t = Σ_{s≤t} k_s = (1/ᾱ_t − 1)/θ_0²
 * (the sum telescopes because β_s/ᾱ_s = 1/ᾱ_s − 1/ᾱ_{s−1}). Its variance k̄_t θ_t² = 1 − ᾱ_t is
 * DDPM's, and dividing by √(1 − ᾱ_t) leaves ε_t = (γ − k̄_t)/√k̄_t with γ ~ Γ(k̄_t, 1): a standardised
 * Gamma of shape k̄_t, skewness 2/√k̄_t = 2 θ_0 √(ᾱ_t/(1 − ᾱ_t)). The noise is strongly skewed at small
 * t (high signal-to-noise ratio) and close to Gaussian near t = T. θ_0 is the paper's free parameter.
 *
 * Mixture of two Gaussians (paper §4). ε_t ~ p N(μ₁, σ_t²) + (1 − p) N(μ₂, σ_t²) per coordinate, with
 * the means fixed by "mean 0, variance 1": p μ₁ + (1 − p) μ₂ = 0 and σ_t² + p μ₁² + (1 − p) μ₂² = 1, i.e.
 *   μ₁ = √((1 − σ_t²)(1 − p)/p),  μ₂ = −p μ₁/(1 − p),
 * and the component width σ_t moving linearly from σ_start (t = 1) to σ_end (t = T), as in the
 * authors' code. What we simplified: like that code, we draw q(x_t | x_0)'s noise directly from this
 * two-component mixture. A chain of per-step mixture increments would, summed over t steps, be a
 * mixture of up to 2^t Gaussians (one per sequence of component choices); the paper keeps the
 * two-component form for the marginal, and so do we. For both non-Gaussian noises the reverse
 * (sampling) step keeps DDPM's mean and variance and draws its fresh noise from the same family
 * (at step t − 1), which is also what the authors' sampler does.
 */
export type NoiseKind = 'gaussian' | 'gamma' | 'mixture';
export const noiseKinds: readonly NoiseKind[] = ['gaussian', 'gamma', 'mixture'];

export interface NoiseOptions {
  /**
   * Gamma: the scale θ_0 (> 0); larger is more skewed (skewness 2 θ_0 √SNR_t). The default 0.1 gives
   * skewness 0.2 where the signal-to-noise ratio ᾱ/(1 − ᾱ) is 1, rising to about 6 at t = 1 (T = 100):
   * clearly non-Gaussian at small t, close to Gaussian where most of the generation happens.
   */
  gammaTheta0: number;
  /** Mixture: the weight p of the first component, in (0, 1). */
  mixtureWeight: number;
  /** Mixture: the width σ of each component at t = 1 and at t = T, in (0, 1]; 1 is Gaussian. */
  mixtureSigmaStart: number;
  mixtureSigmaEnd: number;
}

export const noiseDefaults: NoiseOptions = {
  gammaTheta0: 0.1,
  mixtureWeight: 0.5,
  mixtureSigmaStart: 0.5,
  mixtureSigmaEnd: 0.5,
};

export interface DiffusionNoise {
  readonly kind: NoiseKind;
  /**
   * Writes `count` standardised draws of ε_t (mean 0, variance 1) into out[offset, offset + count),
   * the noise of q(x_t | x_0) for a step t in 1..T.
   */
  fill(t: number, out: Float32Array, offset: number, count: number, rng: Rng): void;
  /** `count` fresh draws of ε_t. */
  draw(t: number, count: number, rng: Rng): Float32Array;
}

export function createNoise(kind: NoiseKind, schedule: Schedule, options: NoiseOptions = noiseDefaults): DiffusionNoise {
  const { T, alphaBars } = schedule;
  const checkStep = (t: number) => {
    if (!Number.isInteger(t) || t < 1 || t > T) throw new Error(`noise: step must be an integer in 1..${T}, got ${t}`);
  };
  let fill: DiffusionNoise['fill'];

  if (kind === 'gaussian') {
    fill = (t, out, offset, count, rng) => {
      checkStep(t);
      for (let i = 0; i < count; i++) out[offset + i] = rng.normal();
    };
  } else if (kind === 'gamma') {
    const theta0 = options.gammaTheta0;
    if (!(theta0 > 0 && Number.isFinite(theta0))) throw new Error(`noise: gammaTheta0 must be positive, got ${theta0}`);
    // k̄_t = (1/ᾱ_t − 1)/θ_0² (see above); standardised draw (γ − k̄)/√k̄, computed in float64 before rounding.
    const kBar = new Float64Array(T + 1);
    for (let t = 1; t <= T; t++) kBar[t] = (1 / alphaBars[t] - 1) / (theta0 * theta0);
    fill = (t, out, offset, count, rng) => {
      checkStep(t);
      const k = kBar[t];
      const sd = Math.sqrt(k);
      for (let i = 0; i < count; i++) out[offset + i] = (rng.gamma(k) - k) / sd;
    };
  } else if (kind === 'mixture') {
    const p = options.mixtureWeight;
    const s0 = options.mixtureSigmaStart;
    const s1 = options.mixtureSigmaEnd;
    if (!(p > 0 && p < 1)) throw new Error(`noise: mixtureWeight must lie in (0, 1), got ${p}`);
    for (const [name, s] of [['mixtureSigmaStart', s0], ['mixtureSigmaEnd', s1]] as const) {
      if (!(s > 0 && s <= 1)) throw new Error(`noise: ${name} must lie in (0, 1], got ${s}`);
    }
    fill = (t, out, offset, count, rng) => {
      checkStep(t);
      const sigma = T === 1 ? s0 : s0 + ((s1 - s0) * (t - 1)) / (T - 1);
      const mu1 = Math.sqrt(((1 - sigma * sigma) * (1 - p)) / p);
      const mu2 = (-p * mu1) / (1 - p);
      for (let i = 0; i < count; i++) out[offset + i] = (rng.uniform() < p ? mu1 : mu2) + sigma * rng.normal();
    };
  } else {
    throw new Error(`noise: unknown kind '${String(kind)}' (use ${noiseKinds.join(', ')})`);
  }

  return {
    kind,
    fill,
    draw(t, count, rng) {
      const out = new Float32Array(count);
      fill(t, out, 0, count, rng);
      return out;
    },
  };
}
