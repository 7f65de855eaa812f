import type { Rng } from '../data/random';

/** E and ∇ₓE at n rows of x ([n × dim]); both arrays are copied before the next call. */
export type EnergyAndGradientFn = (x: Float32Array, n: number) => { energy: Float32Array; gradient: Float32Array };

export interface MalaOptions {
  /** Target p(x) ∝ exp(−E) restricted to [−box, box]^dim: a proposal outside is rejected. */
  box?: number;
  /** Adapt η toward this acceptance rate (Robbins–Monro on log η); absent: η stays fixed. */
  targetAcceptance?: number;
}

export interface MalaResult {
  x: Float32Array;
  /** The step size after the run (adapted when targetAcceptance was given). */
  stepSize: number;
  /** Fraction of proposals accepted over all rows and steps. */
  acceptance: number;
  /** accepted[k·n + i] = 1 when row i's proposal at step k was accepted. */
  accepted: Uint8Array;
}

/**
 * Metropolis-adjusted Langevin (Besag 1994; Roberts & Tweedie 1996): the Langevin proposal
 *   y = x − (η/2)∇E(x) + √η ε
 * is accepted with probability min(1, exp(E(x) − E(y) + log q(x|y) − log q(y|x))), where
 * log q(b|a) = −‖b − a + (η/2)∇E(a)‖² / (2η). The accept step makes p the exact stationary law for
 * any η, so a sharp well no longer inflates the chains' spread (the unadjusted step's variance
 * 1/(1 − ηκ/4)); too large an η only lowers the acceptance. Each row is its own chain; the rng draws
 * the noise of all rows (row-major) and then one uniform per row, so two backends with the same
 * energies make the same decisions.
 */
export function mala(
  energyAndGradient: EnergyAndGradientFn,
  x0: Float32Array,
  dim: number,
  steps: number,
  stepSize: number,
  rng: Rng,
  options: MalaOptions = {},
): MalaResult {
  if (x0.length % dim !== 0) throw new Error(`mala: ${x0.length} coordinates are not rows of ${dim}`);
  if (!Number.isInteger(steps) || steps < 0) throw new Error(`mala: steps must be a non-negative integer, got ${steps}`);
  if (!(stepSize > 0 && Number.isFinite(stepSize))) throw new Error(`mala: step size must be positive, got ${stepSize}`);
  const box = options.box ?? Infinity;
  const target = options.targetAcceptance;
  const n = x0.length / dim;
  const x = x0.slice();
  const accepted = new Uint8Array(steps * n);
  let eta = stepSize;
  let total = 0;
  if (n === 0) return { x, stepSize: eta, acceptance: 0, accepted };
  let here = energyAndGradient(x, n);
  let e = here.energy.slice();
  let g = here.gradient.slice();
  const y = new Float32Array(x.length);
  for (let k = 0; k < steps; k++) {
    const scale = Math.sqrt(eta);
    for (let i = 0; i < x.length; i++) y[i] = x[i] - 0.5 * eta * g[i] + scale * rng.normal();
    const there = energyAndGradient(y, n);
    const ey = there.energy;
    const gy = there.gradient;
    let acceptedNow = 0;
    for (let r = 0; r < n; r++) {
      const p = r * dim;
      let inside = true;
      let forward = 0; // ‖y − x + (η/2)∇E(x)‖²
      let backward = 0; // ‖x − y + (η/2)∇E(y)‖²
      for (let j = p; j < p + dim; j++) {
        if (!(Math.abs(y[j]) <= box)) inside = false;
        const f = y[j] - x[j] + 0.5 * eta * g[j];
        const b = x[j] - y[j] + 0.5 * eta * gy[j];
        forward += f * f;
        backward += b * b;
      }
      const logRatio = e[r] - ey[r] + (forward - backward) / (2 * eta);
      const u = rng.uniform();
      if (inside && Number.isFinite(logRatio) && Math.log(u) < logRatio) {
        for (let j = p; j < p + dim; j++) {
          x[j] = y[j];
          g[j] = gy[j];
        }
        e[r] = ey[r];
        accepted[k * n + r] = 1;
        acceptedNow++;
      }
    }
    total += acceptedNow;
    // Robbins–Monro: log η moves by γ_k (rate − target), γ_k = 1/√(k+1) (vanishing adaptation).
    if (target !== undefined) eta *= Math.exp((acceptedNow / n - target) / Math.sqrt(k + 1));
  }
  return { x, stepSize: eta, acceptance: total / (steps * n), accepted };
}
