import type { Rng } from '../data/random';
import { driftCapFactor } from './langevin';

/** E and ∇ₓE at n rows of x ([n × dim]); both arrays are copied before the next call. */
export type EnergyAndGradientFn = (x: Float32Array, n: number) => { energy: Float32Array; gradient: Float32Array };

export interface MalaOptions {
  /** Target p(x) ∝ exp(−E) restricted to [−box, box]^dim: a proposal outside is rejected. */
  box?: number;
  /** Adapt η toward this acceptance rate (Robbins–Monro on log η); absent: η stays fixed. */
  targetAcceptance?: number;
  /**
   * Largest drift (η/2)‖∇E‖ of a proposal: where E is steeper, the row proposes with the smaller
   * step η_x = η · maxDrift / ((η/2)‖∇E(x)‖), as the tamed chain (./langevin.ts) does. The reverse
   * proposal uses η_y, so the accept step stays exact (absent: no cap).
   */
  maxDrift?: number;
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
  const maxDrift = options.maxDrift ?? Infinity;
  /** η at a row whose gradient starts at g[p]: η, or smaller where the drift would pass maxDrift. */
  const stepAt = (eta: number, g: Float32Array, p: number): number => eta * driftCapFactor(g, p, dim, eta, maxDrift);
  const target = options.targetAcceptance;
  const n = x0.length / dim;
  const x = x0.slice();
  const accepted = new Uint8Array(steps * n);
  let eta = stepSize;
  let total = 0;
  // No rows, or no steps: nothing to evaluate (sample() from the grid's exact draws takes 0 steps).
  if (n === 0 || steps === 0) return { x, stepSize: eta, acceptance: 0, accepted };
  let here = energyAndGradient(x, n);
  let e = here.energy.slice();
  let g = here.gradient.slice();
  const y = new Float32Array(x.length);
  const etaX = new Float64Array(n);
  for (let k = 0; k < steps; k++) {
    for (let r = 0; r < n; r++) etaX[r] = stepAt(eta, g, r * dim);
    for (let i = 0; i < x.length; i++) {
      const h = etaX[Math.floor(i / dim)];
      y[i] = x[i] - 0.5 * h * g[i] + Math.sqrt(h) * rng.normal();
    }
    const there = energyAndGradient(y, n);
    const ey = there.energy;
    const gy = there.gradient;
    let acceptedNow = 0;
    for (let r = 0; r < n; r++) {
      const p = r * dim;
      const hx = etaX[r];
      const hy = stepAt(eta, gy, p);
      let inside = true;
      let forward = 0; // ‖y − x + (η_x/2)∇E(x)‖²
      let backward = 0; // ‖x − y + (η_y/2)∇E(y)‖²
      for (let j = p; j < p + dim; j++) {
        if (!(Math.abs(y[j]) <= box)) inside = false;
        const f = y[j] - x[j] + 0.5 * hx * g[j];
        const b = x[j] - y[j] + 0.5 * hy * gy[j];
        forward += f * f;
        backward += b * b;
      }
      // log q(x|y) − log q(y|x), q(b|a) = N(b; a − (η_a/2)∇E(a), η_a I)
      const logQ = hx === hy ? (forward - backward) / (2 * hx) : forward / (2 * hx) - backward / (2 * hy) + 0.5 * dim * Math.log(hx / hy);
      const logRatio = e[r] - ey[r] + logQ;
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

/**
 * One Robbins–Monro step on log η toward the target acceptance, between runs of a chain (each run
 * keeps its η fixed, so each is an exact MH kernel): log η ← log η + γ (acceptance − target).
 */
export function adaptStepSize(eta: number, acceptance: number, target: number, gain = 0.2): number {
  const next = eta * Math.exp(gain * (acceptance - target));
  return Math.min(1, Math.max(1e-7, next));
}
