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
import type { Network, NetworkParams } from './network';

/** Step along g, as a length: small against the data's scale, large against float32 rounding. */
const STEP_LENGTH = 1e-3;

/**
 * The penalty for one discriminator, its buffers and its last gradient kept across updates.
 *
 * `every` = k: ∇_θ R1 is measured on every k-th update and the measured gradient is added, unchanged,
 * to the k − 1 updates after it (its value is reported as measured). D moves little in k Adam
 * steps, so the held gradient is close to the current one, and every update still feels the
 * penalty at its full weight γ. This differs from StyleGAN2's lazy regularisation (Karras et al.
 * 2020, arXiv:1912.04958, §3.1: weight kγ on every k-th update only), which under Adam's
 * per-update normalisation gives the penalty a pulse rather than a steady pull; docs/DESIGN.md
 * ("The GAN's R1 penalty") has the comparison. k = 1 measures it on every update.
 *
 * Use: measure() before D's own forward and backward (its passes overwrite D's stored gradients),
 * then addTo() after D's backward and before applyUpdates.
 */
export interface R1Penalty {
  /** On a measuring update, ∇_θ R1 at these n real rows, kept; returns the penalty's value (as last measured). */
  measure(d: Network, real: Float32Array, n: number, dim: number): number;
  /** Adds the kept ∇_θ R1 to D's stored gradients. */
  addTo(d: Network): void;
}

export function r1Penalty(gamma: number, every = 1): R1Penalty {
  let ones = new Float32Array(0);
  let shifted = new Float32Array(0);
  let dOut = new Float32Array(0);
  let updates = 0;
  let value = 0;
  let held: NetworkParams | null = null;
  return {
    measure(d, real, n, dim) {
      updates += 1;
      if (held && (updates - 1) % every !== 0) return value;
      if (ones.length !== n) {
        ones = new Float32Array(n).fill(1);
        shifted = new Float32Array(2 * n * dim);
        dOut = new Float32Array(2 * n);
      }
      const x = real.subarray(0, n * dim);
      const g = d.inputGradient(x, n, ones, 'trained');
      let squared = 0;
      for (let i = 0; i < g.length; i++) squared += g[i] * g[i];
      value = (gamma / 2) * (squared / n);
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
      d.backward(dOut);
      held = d.getGrads();
      return value;
    },
    addTo(d) {
      if (held) d.addToGrads(held);
    },
  };
}
