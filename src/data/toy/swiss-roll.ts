import type { Dataset } from '../datasets';
import type { Rng } from '../random';
import { logIsotropicMixture, midpointNodes } from './density-math';
import { hardCodedEntropies } from './entropies';

/**
 * Swiss roll, as FFJORD builds it from scikit-learn's make_swiss_roll (noise 1.0), keeping the
 * two coordinates of the spiral and dividing by 5: t ~ U(1.5π, 4.5π), point = (t cos t, t sin t)/5
 * plus isotropic Gaussian noise of std 1/5 = 0.2.
 */
export const SWISS_ROLL_STD = 0.2;
const T_MIN = 1.5 * Math.PI;
const T_MAX = 4.5 * Math.PI;

/**
 * p(x) = (1/(3π)) ∫ N(x; c(t), σ²I) dt over [1.5π, 4.5π], by the midpoint rule with 1024 nodes
 * (arc length about 17.8, so the nodes are 0.017 = σ/11 apart).
 */
const NODES = 1024;
const quadratureCentres: Float64Array = (() => {
  const t = midpointNodes(T_MIN, T_MAX, NODES);
  const c = new Float64Array(2 * NODES);
  for (let k = 0; k < NODES; k++) {
    c[2 * k] = (t[k] * Math.cos(t[k])) / 5;
    c[2 * k + 1] = (t[k] * Math.sin(t[k])) / 5;
  }
  return c;
})();

export const swissRoll: Dataset = {
  name: 'swiss-roll',
  sample(n: number, rng: Rng): Float32Array {
    const out = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) {
      const t = T_MIN + (T_MAX - T_MIN) * rng.uniform();
      out[2 * i] = (t * Math.cos(t)) / 5 + SWISS_ROLL_STD * rng.normal();
      out[2 * i + 1] = (t * Math.sin(t)) / 5 + SWISS_ROLL_STD * rng.normal();
    }
    return out;
  },
  logDensity: (points) => logIsotropicMixture(points, quadratureCentres, SWISS_ROLL_STD),
  entropy: hardCodedEntropies['swiss-roll'],
};
