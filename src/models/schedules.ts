/**
 * Noise schedules of a discrete diffusion model with T steps.
 *
 * Every array has length T + 1 and is indexed by the step t = 0..T, with t = 0 the data itself:
 *   β_t       variance added at step t (β_0 = 0),
 *   α_t = 1 − β_t,
 *   ᾱ_t = Π_{s≤t} α_s (ᾱ_0 = 1), so that q(x_t | x_0) = N(√ᾱ_t x_0, (1 − ᾱ_t) I) (Ho et al. 2020, eq. 4),
 *   β̃_t = β_t (1 − ᾱ_{t−1}) / (1 − ᾱ_t), the variance of the posterior q(x_{t−1} | x_t, x_0) (eq. 7).
 * Float64 throughout: 1 − ᾱ_t at small t and ᾱ_t at large t are both tiny.
 */
export type ScheduleName = 'linear' | 'cosine';
export const scheduleNames: readonly ScheduleName[] = ['linear', 'cosine'];

export interface Schedule {
  readonly name: ScheduleName;
  readonly T: number;
  readonly betas: Float64Array;
  readonly alphas: Float64Array;
  readonly alphaBars: Float64Array;
  readonly posteriorVariances: Float64Array;
}

export interface ScheduleOptions {
  /** Linear schedule only: β_1 and β_T. Default: Ho et al.'s 1e-4 and 0.02 for T = 1000, scaled by 1000/T. */
  betaStart?: number;
  betaEnd?: number;
}

/** Largest β allowed; β = 1 would erase the data in one step and make 1/√α_t infinite (Nichol & Dhariwal clip at 0.999). */
export const MAX_BETA = 0.999;

export function makeSchedule(name: ScheduleName, T: number, options: ScheduleOptions = {}): Schedule {
  if (!Number.isInteger(T) || T < 1) throw new Error(`schedule: T must be a positive integer, got ${T}`);
  const betas = new Float64Array(T + 1);
  if (name === 'linear') {
    // Ho et al. (2020) use β from 1e-4 to 0.02 over T = 1000 steps. For fewer steps we scale both ends by
    // 1000/T, as Nichol & Dhariwal (2021, arXiv:2102.09672) do, so that ᾱ_T ends near 0 (pure noise) for any T.
    // (For T < 21 the scaled β_T would reach 1; it is capped at MAX_BETA.)
    const scale = 1000 / T;
    const start = options.betaStart ?? Math.min(1e-4 * scale, MAX_BETA);
    const end = options.betaEnd ?? Math.min(0.02 * scale, MAX_BETA);
    if (!(start > 0 && end > 0 && start < 1 && end < 1)) {
      throw new Error(`schedule: linear betas must lie in (0, 1), got betaStart = ${start}, betaEnd = ${end}`);
    }
    for (let t = 1; t <= T; t++) {
      const beta = T === 1 ? start : start + ((end - start) * (t - 1)) / (T - 1);
      betas[t] = Math.min(beta, MAX_BETA);
    }
  } else if (name === 'cosine') {
    // Nichol & Dhariwal (2021) eq. 17: ᾱ_t = f(t)/f(0), f(t) = cos²(((t/T + s)/(1 + s)) · π/2), s = 0.008,
    // and β_t = 1 − ᾱ_t/ᾱ_{t−1}, clipped at 0.999 to avoid the singularity at t = T.
    const s = 0.008;
    const f = (t: number) => Math.cos(((t / T + s) / (1 + s)) * (Math.PI / 2)) ** 2;
    for (let t = 1; t <= T; t++) betas[t] = Math.min(1 - f(t) / f(t - 1), MAX_BETA);
  } else {
    throw new Error(`schedule: unknown schedule '${String(name)}' (use ${scheduleNames.join(' or ')})`);
  }

  const alphas = new Float64Array(T + 1);
  const alphaBars = new Float64Array(T + 1);
  const posteriorVariances = new Float64Array(T + 1);
  alphas[0] = 1;
  alphaBars[0] = 1;
  for (let t = 1; t <= T; t++) {
    alphas[t] = 1 - betas[t];
    alphaBars[t] = alphaBars[t - 1] * alphas[t];
    posteriorVariances[t] = (betas[t] * (1 - alphaBars[t - 1])) / (1 - alphaBars[t]);
  }
  return { name, T, betas, alphas, alphaBars, posteriorVariances };
}
