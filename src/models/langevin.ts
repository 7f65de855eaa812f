import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../data/random';

/** An energy E: rows [n, dim] → [n]. Must be differentiable in x (a smooth network, e.g. silu). */
export type EnergyFn = (x: tf.Tensor2D) => tf.Tensor1D;

/** A fixed step size η, or η_k for step k. */
export type StepSize = number | ((k: number) => number);

export interface LangevinOptions<X> {
  /** Keep the chain inside [−box, box]^dim by clamping after each step (no clamping when absent). */
  box?: number;
  /** Called with the position after every step (for drawing chains). */
  onStep?: (x: X, step: number) => void;
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
 * order. The tfjs chain below and the fused one (fast/fast-langevin.ts) both draw it here, so the
 * two follow the same path from the same seed.
 */
export function langevinNoise(count: number, eta: number, k: number, rng: Rng): Float32Array {
  const scale = Math.sqrt(eta);
  const noise = new Float32Array(count);
  for (let i = 0; i < count; i++) noise[i] = scale * rng.normal();
  return noise;
}

/**
 * Unadjusted Langevin dynamics on p(x) ∝ exp(−E(x)):
 *   x_{k+1} = x_k − (η/2) ∇_x E(x_k) + √η ε_k,   ε_k ~ N(0, I)
 * (the source post's ε ~ N(0, η) is the same noise). As η → 0 and k → ∞ the chain samples p exactly;
 * with a finite η it samples a slightly wider law (for E = ‖x‖²/(2s²) the stationary variance is
 * s²/(1 − η/(4s²))). Note that ∇_x E needs no normaliser Z. The step size may vary with the step k
 * (each step then keeps the matching noise √η_k). Returns a new tensor; `x` is not disposed.
 */
export function langevin(
  energy: EnergyFn,
  x: tf.Tensor2D,
  steps: number,
  stepSize: StepSize,
  rng: Rng,
  options: LangevinOptions<tf.Tensor2D> = {},
): tf.Tensor2D {
  const etaAt = stepSizeSchedule(steps, stepSize);
  const gradE = tf.grad((p: tf.Tensor) => tf.sum(energy(p as tf.Tensor2D)));
  let current = tf.clone(x);
  for (let k = 0; k < steps; k++) {
    const eta = etaAt(k);
    const noise = langevinNoise(current.size, eta, k, rng);
    const next = tf.tidy(() => {
      const drift = tf.mul(gradE(current), -eta / 2);
      const moved = tf.add(tf.add(current, drift), tf.tensor2d(noise, current.shape)) as tf.Tensor2D;
      return options.box === undefined ? moved : (tf.clipByValue(moved, -options.box, options.box) as tf.Tensor2D);
    });
    current.dispose();
    current = next;
    options.onStep?.(current, k + 1);
  }
  return current;
}
