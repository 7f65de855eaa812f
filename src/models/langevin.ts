import type { Rng } from '../data/random';

/** ∇ₓE at n rows of x ([n × dim], row-major) → [n × dim]. The result is consumed at once (it may be a reused buffer). */
export type GradientFn = (x: Float32Array, n: number) => Float32Array;

/** A fixed step size η, or η_k for step k. */
export type StepSize = number | ((k: number) => number);

export interface LangevinOptions {
  /** Keep the chain inside [−box, box]^dim by clamping after each step (no clamping when absent). */
  box?: number;
  /** Largest drift (η/2)‖∇E‖ of one step; see langevinMove (no cap when absent). */
  maxDrift?: number;
  /** Called with the live position array after every step (copy it to keep it). */
  onStep?: (x: Float32Array, step: number) => void;
}

/** η_k as a function of k, after checking the step count; each η_k is checked when it is asked for. */
export function stepSizeSchedule(steps: number, stepSize: StepSize): (k: number) => number {
  if (!Number.isInteger(steps) || steps < 0) throw new Error(`langevin: steps must be a non-negative integer, got ${steps}`);
  const etaAt = typeof stepSize === 'number' ? () => stepSize : stepSize;
  return (k) => {
    const eta = etaAt(k);
    if (!(eta > 0 && Number.isFinite(eta))) throw new Error(`langevin: step size must be positive, got ${eta} at step ${k}`);
    return eta;
  };
}

/**
 * The noise √η_k ε_k of one Langevin step for `count` coordinates, drawn from `rng` in row-major
 * order (the exact chain below draws it here; tests hand it to the grid chain to share the path).
 */
export function langevinNoise(count: number, eta: number, k: number, rng: Rng): Float32Array {
  const scale = Math.sqrt(eta);
  const noise = new Float32Array(count);
  for (let i = 0; i < count; i++) noise[i] = scale * rng.normal();
  return noise;
}

/**
 * The factor r ≤ 1 by which the row of ∇E starting at grad[p] shrinks the step η, so that its
 * drift (η r/2)‖∇E‖ stays within maxDrift: 1 where the drift is below the cap (or there is none).
 * The step control of the tamed chain (langevinMove) and of MALA's proposals (./mala.ts).
 */
export function driftCapFactor(grad: Float32Array, p: number, dim: number, eta: number, maxDrift: number): number {
  if (maxDrift === Infinity) return 1;
  let g2 = 0;
  for (let j = 0; j < dim; j++) g2 += grad[p + j] * grad[p + j];
  const drift = 0.5 * eta * Math.sqrt(g2);
  return drift > maxDrift ? maxDrift / drift : 1;
}

/**
 * One Langevin step of every row of x in place, given ∇E and the noise √η ε of each coordinate:
 *   x ← clamp(x − (η_i/2) ∇E(x) + √(η_i/η) · √η ε, −box, box),
 * where each row i takes its own step η_i = η · min(1, maxDrift / ((η/2)‖∇E(x_i)‖)).
 *
 * Why the cap: the unadjusted step is stable only where the energy's curvature κ stays below
 * about 4/η (on E = κx²/2 the step multiplies x by 1 − ηκ/2). On sharp data (a thin curve, small
 * modes) a learned energy exceeds that, chains overshoot, spread wide and pile up on the box's
 * edge. Shrinking the step where the gradient is steep keeps η_i‖∇E‖ ≤ 2·maxDrift, so a chain
 * oscillates by at most about maxDrift around a sharp minimum instead of being thrown out of it,
 * while in gentle regions (drift below the cap) the step is the plain Langevin step. The noise
 * shrinks with the step (√η_i), so each row is still a Langevin step of size η_i. Step-size
 * control by the gradient is the "tamed" Langevin scheme (Hutzenthaler et al. 2012; Brosse et al.
 * 2019, "The tamed unadjusted Langevin algorithm"), which stays stable where the plain scheme
 * diverges.
 */
export function langevinMove(
  x: Float32Array,
  grad: Float32Array,
  noise: Float32Array,
  dim: number,
  eta: number,
  maxDrift = Infinity,
  box = Infinity,
): void {
  for (let p = 0; p < x.length; p += dim) {
    const r = driftCapFactor(grad, p, dim, eta, maxDrift);
    const half = 0.5 * eta * r;
    const s = r === 1 ? 1 : Math.sqrt(r);
    for (let j = p; j < p + dim; j++) {
      const moved = x[j] - half * grad[j] + s * noise[j];
      x[j] = moved > box ? box : moved < -box ? -box : moved;
    }
  }
}

/**
 * Langevin dynamics on p(x) ∝ exp(−E(x)):
 *   x_{k+1} = x_k − (η/2) ∇_x E(x_k) + √η ε_k,   ε_k ~ N(0, I)
 * (the source post's ε ~ N(0, η) is the same noise), with the per-row step control of langevinMove.
 * As η → 0 and k → ∞ the chain samples p exactly; with a finite η it samples a slightly wider law
 * (for E = ‖x‖²/(2s²) the stationary variance is s²/(1 − η/(4s²))). ∇_x E needs no normaliser Z.
 * The step size may vary with k (each step keeps the matching noise √η_k). `x0` ([n × dim],
 * row-major) is not changed; returns the end positions. The one chain every sampler of the EBM
 * runs (its gradient from the energy Network, on either backend); ./grid-langevin.ts runs the same
 * update on a table of ∇E.
 */
export function langevin(
  gradient: GradientFn,
  x0: Float32Array,
  dim: number,
  steps: number,
  stepSize: StepSize,
  rng: Rng,
  options: LangevinOptions = {},
): Float32Array {
  if (x0.length % dim !== 0) throw new Error(`langevin: ${x0.length} coordinates are not rows of ${dim}`);
  const etaAt = stepSizeSchedule(steps, stepSize);
  const n = x0.length / dim;
  const x = x0.slice();
  for (let k = 0; k < steps; k++) {
    const eta = etaAt(k);
    const noise = langevinNoise(x.length, eta, k, rng);
    if (n > 0) langevinMove(x, gradient(x, n), noise, dim, eta, options.maxDrift, options.box);
    options.onStep?.(x, k + 1);
  }
  return x;
}
