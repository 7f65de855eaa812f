/**
 * The R1 penalty of Mescheder, Geiger & Nowozin 2018 (arXiv:1801.04406, eq. 9) on a discriminator:
 * R1 = (γ/2) · mean_i ‖∇ₓD(x_i)‖² over real rows x_i, with D the logit. It keeps D flat on the data,
 * which makes the game converge near its equilibrium instead of circling it.
 *
 * Its parameter gradient needs a derivative of a derivative. The network seam gives first
 * derivatives only, so the Hessian-vector product is taken by a central difference (Pearlmutter
 * 1994): with g_i = ∇ₓD(x_i) held fixed, ∇_θ ‖g_i‖² = 2 ∂/∂ε ∇_θ D(x_i + ε g_i) at ε = 0, and
 *   ∇_θ R1 ≈ (γ/n) Σ_i [∇_θ D(x_i + ε g_i) − ∇_θ D(x_i − ε g_i)] / 2ε,
 * one forward and backward of 2n rows. Plain arrays, so the fused and tfjs networks share it.
 */
import type { Network } from './network';

/** Step along g, as a length: small against the data's scale, large against float32 rounding. */
const STEP_LENGTH = 1e-3;

/**
 * The penalty for one discriminator, its buffers kept across steps (it runs on every D update).
 * The returned function adds ∇_θ R1 to D's stored gradients: call it after D's backward for its loss and
 * before applyUpdates. It returns the penalty's value.
 */
export function r1Penalty(gamma: number): (d: Network, real: Float32Array, n: number, dim: number) => number {
  let ones = new Float32Array(0);
  let shifted = new Float32Array(0);
  let dOut = new Float32Array(0);
  return (d, real, n, dim) => {
    if (ones.length !== n) {
      ones = new Float32Array(n).fill(1);
      shifted = new Float32Array(2 * n * dim);
      dOut = new Float32Array(2 * n);
    }
    const x = real.subarray(0, n * dim);
    const g = d.inputGradient(x, n, ones, 'trained');
    let squared = 0;
    for (let i = 0; i < g.length; i++) squared += g[i] * g[i];
    const penalty = (gamma / 2) * (squared / n);
    // ε so that the typical displacement ε‖g_i‖ is STEP_LENGTH.
    const eps = STEP_LENGTH / (Math.sqrt(squared / n) + 1e-12);
    for (let i = 0; i < n * dim; i++) {
      shifted[i] = x[i] + eps * g[i];
      shifted[n * dim + i] = x[i] - eps * g[i];
    }
    d.forward(shifted, 2 * n);
    const c = gamma / (2 * eps * n);
    for (let i = 0; i < n; i++) {
      dOut[i] = c;
      dOut[n + i] = -c;
    }
    d.backward(dOut, { accumulate: true });
    return penalty;
  };
}
