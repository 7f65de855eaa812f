import type { Dataset } from '../datasets';
import type { Rng } from '../random';
import { logIsotropicMixture, midpointNodes } from './density-math';
import { hardCodedEntropies } from './entropies';

/**
 * Two moons, as FFJORD builds it from scikit-learn's make_moons (noise 0.1), then ×2 and shifted
 * by (−1, −0.2). Written out in the final coordinates, with t ~ U(0, π):
 *   upper moon  (2 cos t − 1,  2 sin t − 0.2)
 *   lower moon  (1 − 2 cos t,  0.8 − 2 sin t)
 * plus isotropic Gaussian noise of std 2 × 0.1 = 0.2. (make_moons spaces t evenly; we draw it at
 * random, which is the distribution that spacing stands for.)
 */
export const TWO_MOONS_STD = 0.2;

function moonPoint(upper: boolean, t: number): [number, number] {
  return upper ? [2 * Math.cos(t) - 1, 2 * Math.sin(t) - 0.2] : [1 - 2 * Math.cos(t), 0.8 - 2 * Math.sin(t)];
}

/**
 * p(x) = ½ Σ_moons (1/π) ∫₀^π N(x; c(t), σ²I) dt, by the midpoint rule with 256 nodes per moon
 * (node spacing along the arc 0.025 = σ/8, so the rule is exact to far below 1e-6).
 */
const NODES_PER_MOON = 256;
const quadratureCentres: Float64Array = (() => {
  const t = midpointNodes(0, Math.PI, NODES_PER_MOON);
  const c = new Float64Array(4 * NODES_PER_MOON);
  for (let k = 0; k < NODES_PER_MOON; k++) {
    const [ux, uy] = moonPoint(true, t[k]);
    const [lx, ly] = moonPoint(false, t[k]);
    c[2 * k] = ux;
    c[2 * k + 1] = uy;
    c[2 * (k + NODES_PER_MOON)] = lx;
    c[2 * (k + NODES_PER_MOON) + 1] = ly;
  }
  return c;
})();

export const twoMoons: Dataset = {
  name: 'two-moons',
  sample(n: number, rng: Rng): Float32Array {
    const out = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) {
      const upper = rng.uniform() < 0.5;
      const [x, y] = moonPoint(upper, Math.PI * rng.uniform());
      out[2 * i] = x + TWO_MOONS_STD * rng.normal();
      out[2 * i + 1] = y + TWO_MOONS_STD * rng.normal();
    }
    return out;
  },
  logDensity: (points) => logIsotropicMixture(points, quadratureCentres, TWO_MOONS_STD),
  entropy: hardCodedEntropies['two-moons'],
};
