import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../data/random';

/** An energy E: rows [n, dim] → [n]. Must be differentiable in x (a smooth network, e.g. silu). */
export type EnergyFn = (x: tf.Tensor2D) => tf.Tensor1D;

export interface LangevinOptions {
  /** Keep the chain inside [−box, box]^dim by clamping after each step (no clamping when absent). */
  box?: number;
  /** Called with the position after every step (for drawing chains). */
  onStep?: (x: tf.Tensor2D, step: number) => void;
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
  stepSize: number | ((k: number) => number),
  rng: Rng,
  options: LangevinOptions = {},
): tf.Tensor2D {
  if (!Number.isInteger(steps) || steps < 0) throw new Error(`langevin: steps must be a non-negative integer, got ${steps}`);
  const etaAt = typeof stepSize === 'number' ? () => stepSize : stepSize;
  const gradE = tf.grad((p: tf.Tensor) => tf.sum(energy(p as tf.Tensor2D)));
  let current = tf.clone(x);
  for (let k = 0; k < steps; k++) {
    const eta = etaAt(k);
    if (!(eta > 0 && Number.isFinite(eta))) throw new Error(`langevin: step size must be positive, got ${eta} at step ${k}`);
    const next = tf.tidy(() => {
      const drift = tf.mul(gradE(current), -eta / 2);
      const noise = tf.randomNormal(current.shape, 0, Math.sqrt(eta), 'float32', rng.seed());
      const moved = tf.add(tf.add(current, drift), noise) as tf.Tensor2D;
      return options.box === undefined ? moved : (tf.clipByValue(moved, -options.box, options.box) as tf.Tensor2D);
    });
    current.dispose();
    current = next;
    options.onStep?.(current, k + 1);
  }
  return current;
}
