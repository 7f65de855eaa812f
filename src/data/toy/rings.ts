import type { Dataset } from '../datasets';
import type { Rng } from '../random';
import { LOG_2PI, logBesselI0Scaled } from './density-math';
import { hardCodedEntropies } from './entropies';

/**
 * Rings, as in FFJORD: 4 concentric circles of radii 3, 2.25, 1.5, 0.75 with a quarter of the
 * points each, at uniform angles, plus isotropic Gaussian noise of std 0.08.
 */
export const RING_RADII = [3, 2.25, 1.5, 0.75] as const;
export const RINGS_STD = 0.08;

/**
 * Density of one ring blurred by N(0, σ²I) (the 2-D Rice density divided by 2πr):
 *   p_R(x) = 1/(2πσ²) · exp(−(r² + R²)/(2σ²)) · I₀(rR/σ²),   r = |x|,
 * written with the scaled Bessel function e^{−z}I₀(z) so that it never overflows:
 *   log p_R(x) = −log(2πσ²) − (r − R)²/(2σ²) + log(e^{−z} I₀(z)),   z = rR/σ².
 * The mixture is the average of the four.
 */
export function ringsLogDensityAtRadius(r: number): number {
  const s2 = RINGS_STD * RINGS_STD;
  let max = -Infinity;
  const terms: number[] = [];
  for (const R of RING_RADII) {
    const t = -((r - R) ** 2) / (2 * s2) + logBesselI0Scaled((r * R) / s2);
    terms.push(t);
    if (t > max) max = t;
  }
  let sum = 0;
  for (const t of terms) sum += Math.exp(t - max);
  return max + Math.log(sum / RING_RADII.length) - LOG_2PI - Math.log(s2);
}

export const rings: Dataset = {
  name: 'rings',
  sample(n: number, rng: Rng): Float32Array {
    const out = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) {
      const R = RING_RADII[rng.int(RING_RADII.length)];
      const angle = 2 * Math.PI * rng.uniform();
      out[2 * i] = R * Math.cos(angle) + RINGS_STD * rng.normal();
      out[2 * i + 1] = R * Math.sin(angle) + RINGS_STD * rng.normal();
    }
    return out;
  },
  logDensity(points: Float32Array): Float64Array {
    const out = new Float64Array(points.length >> 1);
    for (let i = 0; i < out.length; i++) out[i] = ringsLogDensityAtRadius(Math.hypot(points[2 * i], points[2 * i + 1]));
    return out;
  },
  entropy: hardCodedEntropies.rings,
};
