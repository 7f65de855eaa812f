import type { Rng } from '../data/random';
import type { DiffusionNoise } from './noise';
import type { Schedule } from './schedules';

/**
 * The reverse process of a diffusion model, written once on plain arrays: ancestral sampling
 * (Ho, Jain & Abbeel 2020, Algorithm 2) and DDIM (Song, Meng & Ermon 2020, arXiv:2010.02502).
 * Both start from x_T, a draw of the noise at t = T, and can record their frames from x_T to x_0.
 */

/** ε_θ(x, t) on n rows of x [n × dim], all at step t; returns a fresh [n × dim] array. */
export type NoisePredictor = (x: Float32Array, n: number, t: number) => Float32Array;

export interface ReverseProcess {
  schedule: Schedule;
  noise: DiffusionNoise;
  rng: Rng;
  dim: number;
  /** σ_t² of an ancestral step: the posterior variance β̃_t, or β_t (Ho §3.2). */
  variance: 'posterior' | 'beta';
  /** Both samplers clip their estimate x̂_0 to [−clip, clip] (0: no clipping). */
  clip: number;
}

/** x̂_0 = (x_t − √(1 − ᾱ_t) ε)/√ᾱ_t (Ho eq. 4 solved for x_0), clipped to [−c, c] when c > 0. */
function denoised(xt: number, eps: number, sqrtOneMinusA: number, sqrtA: number, clip: number): number {
  const x0 = (xt - eps * sqrtOneMinusA) / sqrtA;
  return clip > 0 ? Math.min(clip, Math.max(-clip, x0)) : x0;
}

/**
 * Ancestral sampling over all T steps. Each step draws x_{t−1} ~ N(μ̃_t(x_t, x̂_0), σ_t² I) with the
 * posterior mean of q(x_{t−1} | x_t, x_0) at x_0 = x̂_0 (Ho eq. 7):
 *   μ̃_t = √ᾱ_{t−1} β_t/(1 − ᾱ_t) x̂_0 + √α_t (1 − ᾱ_{t−1})/(1 − ᾱ_t) x_t,
 * which, unclipped, equals Ho's (x_t − β_t/√(1 − ᾱ_t) ε_θ)/√α_t. Clipping x̂_0 (as DDPM's reference
 * code does, clip_denoised) keeps an untrained ε_θ from throwing the chain to |x| ~ 1e8: the first
 * steps divide by √ᾱ_T ≈ 0.006. No noise at t = 1. Frames: x_T, then every `every` steps (when
 * given), and x_0.
 */
export function ancestralSample(p: ReverseProcess, eps: NoisePredictor, n: number, every = 0): { x: Float32Array; frames: Float32Array[] } {
  const { betas, alphas, alphaBars, posteriorVariances, T } = p.schedule;
  const size = n * p.dim;
  const x = p.noise.draw(T, size, p.rng);
  const frames = every > 0 ? [x.slice()] : [];
  for (let t = T; t >= 1; t--) {
    const e = eps(x, n, t);
    const sigma = t === 1 ? 0 : Math.sqrt(p.variance === 'posterior' ? posteriorVariances[t] : betas[t]);
    const z = t > 1 ? p.noise.draw(t - 1, size, p.rng) : null;
    const sqrtA = Math.sqrt(alphaBars[t]);
    const sqrtOneMinusA = Math.sqrt(1 - alphaBars[t]);
    const c0 = (Math.sqrt(alphaBars[t - 1]) * betas[t]) / (1 - alphaBars[t]);
    const ct = (Math.sqrt(alphas[t]) * (1 - alphaBars[t - 1])) / (1 - alphaBars[t]);
    for (let k = 0; k < size; k++) {
      const mean = c0 * denoised(x[k], e[k], sqrtOneMinusA, sqrtA, p.clip) + ct * x[k];
      x[k] = z ? mean + z[k] * sigma : mean;
    }
    if (every > 0 && (t === 1 || (T - t + 1) % every === 0)) frames.push(x.slice());
  }
  return { x, frames };
}

/** τ_i = round(i T / S), i = 0..S: an evenly spaced increasing subsequence of the steps ending at T (τ_0 = 0 is the data). */
export function ddimSteps(T: number, steps: number): number[] {
  const S = Math.max(1, Math.min(steps, T));
  return Array.from({ length: S + 1 }, (_, i) => Math.round((i * T) / S));
}

/**
 * DDIM over `steps` evenly spaced steps (Song et al. eq. 12 and 16): τ_i = t → τ_{i−1} = prev,
 *   x_prev = √ᾱ_prev x̂_0 + √(1 − ᾱ_prev − σ²) ε_θ + σ z,  σ = η √((1 − ᾱ_prev)/(1 − ᾱ_t)) √(1 − ᾱ_t/ᾱ_prev);
 * deterministic when η = 0. With clipping, ε_θ in the direction term is the noise the clipped x̂_0
 * implies, (x_t − √ᾱ_t x̂_0)/√(1 − ᾱ_t). Frames (when `record`): x_T and every step's result, ending at x_0.
 * `start`: a given x_T (e.g. to interpolate between two draws of the noise) instead of a fresh draw.
 */
export function ddimSample(p: ReverseProcess, eps: NoisePredictor, n: number, steps: number, eta: number, record = false, start?: Float32Array): { x: Float32Array; frames: Float32Array[] } {
  const { alphaBars, T } = p.schedule;
  const size = n * p.dim;
  const tau = ddimSteps(T, steps);
  if (start && start.length !== size) throw new Error(`DDIM: the start x_T has ${start.length} values, not ${size}`);
  const x = start ? start.slice() : p.noise.draw(T, size, p.rng);
  const frames = record ? [x.slice()] : [];
  for (let i = tau.length - 1; i >= 1; i--) {
    const t = tau[i];
    const prev = tau[i - 1];
    const aT = alphaBars[t];
    const aPrev = alphaBars[prev];
    const sigma = eta * Math.sqrt((1 - aPrev) / (1 - aT)) * Math.sqrt(1 - aT / aPrev);
    const direction = Math.sqrt(Math.max(0, 1 - aPrev - sigma * sigma));
    const z = sigma > 0 && prev >= 1 ? p.noise.draw(prev, size, p.rng) : null;
    const e = eps(x, n, t);
    const sqrtA = Math.sqrt(aT);
    const sqrtOneMinusA = Math.sqrt(1 - aT);
    const sqrtAPrev = Math.sqrt(aPrev);
    for (let k = 0; k < size; k++) {
      const x0 = denoised(x[k], e[k], sqrtOneMinusA, sqrtA, p.clip);
      // The noise re-derived from the clipped x̂_0 (as GLIDE and diffusers' use_clipped_model_output
      // do), so that x_prev stays on the line through x_t and x̂_0; unclipped it is ε_θ itself.
      const eps0 = (x[k] - sqrtA * x0) / sqrtOneMinusA;
      const next = sqrtAPrev * x0 + eps0 * direction;
      x[k] = z ? next + z[k] * sigma : next;
    }
    if (record) frames.push(x.slice());
  }
  return { x, frames };
}
