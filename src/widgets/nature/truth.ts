import type { Rng } from '../../data/random';

/**
 * The hidden "nature" of the probability article: adult heights in centimetres, modelled as an
 * equal mixture of two normal distributions for two groups. The numbers are made up but
 * plausible (close to published averages for adult women and men in many countries); the point
 * of the widget is the shape, not the anthropometry.
 */
export interface Component {
  weight: number;
  mean: number;
  sd: number;
}

export const HEIGHTS: readonly Component[] = [
  { weight: 0.5, mean: 162, sd: 6 },
  { weight: 0.5, mean: 175, sd: 7 },
];

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** The normal density N(x; mean, sd²). */
export function normalPdf(x: number, mean: number, sd: number): number {
  const z = (x - mean) / sd;
  return (INV_SQRT_2PI / sd) * Math.exp(-0.5 * z * z);
}

/** p(x) = Σ_k w_k N(x; μ_k, σ_k²), the true density. */
export function mixturePdf(x: number, mixture: readonly Component[] = HEIGHTS): number {
  let p = 0;
  for (const c of mixture) p += c.weight * normalPdf(x, c.mean, c.sd);
  return p;
}

/** Draws n values: pick a component with probability w_k, then x = μ_k + σ_k ε, ε ~ N(0, 1). */
export function sampleMixture(rng: Rng, n: number, mixture: readonly Component[] = HEIGHTS): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let u = rng.uniform();
    let k = 0;
    while (k < mixture.length - 1 && u >= mixture[k].weight) {
      u -= mixture[k].weight;
      k++;
    }
    out[i] = mixture[k].mean + mixture[k].sd * rng.normal();
  }
  return out;
}
