/**
 * Small numerical helpers for the toy densities: everything in log space, in float64, so that a
 * point far from the data gets a very negative (but finite) log-density instead of log 0.
 */

export const LOG_2PI = Math.log(2 * Math.PI);

/** log Σ exp(v_i) over v[0..count), stable (subtracts the maximum first). */
export function logSumExp(v: Float64Array, count = v.length): number {
  let max = -Infinity;
  for (let i = 0; i < count; i++) if (v[i] > max) max = v[i];
  if (max === -Infinity) return -Infinity;
  let s = 0;
  for (let i = 0; i < count; i++) s += Math.exp(v[i] - max);
  return max + Math.log(s);
}

/**
 * log of the 2-D isotropic Gaussian mixture (1/K) Σ_k N(x; c_k, σ² I), centres interleaved
 * [cx0, cy0, cx1, cy1, ...]. Used for 8 Gaussians, for the kernel estimate of a drawn set, and
 * (with the centres at quadrature nodes along a curve) for the moons and the swiss roll.
 */
export function logIsotropicMixture(
  points: Float32Array,
  centres: Float64Array | Float32Array,
  sigma: number,
): Float64Array {
  const n = points.length >> 1;
  const k = centres.length >> 1;
  const out = new Float64Array(n);
  const terms = new Float64Array(k);
  const inv2s2 = 1 / (2 * sigma * sigma);
  // log N(x; c, σ²I) = −|x − c|²/(2σ²) − log(2πσ²) in two dimensions.
  const logNorm = -LOG_2PI - 2 * Math.log(sigma) - Math.log(k);
  for (let i = 0; i < n; i++) {
    const x = points[2 * i];
    const y = points[2 * i + 1];
    for (let j = 0; j < k; j++) {
      const dx = x - centres[2 * j];
      const dy = y - centres[2 * j + 1];
      terms[j] = -(dx * dx + dy * dy) * inv2s2;
    }
    out[i] = logSumExp(terms, k) + logNorm;
  }
  return out;
}

/**
 * log erfc(z) for z ≥ 0, from the Chebyshev-fitted form of Numerical Recipes (erfcc):
 * erfc(z) = t·exp(−z² + P(t)), t = 1/(1 + z/2), fractional error below 1.2e-7 everywhere,
 * and, written in logs, it never underflows.
 */
export function logErfc(z: number): number {
  if (z < 0) return Math.log(2 - Math.exp(logErfc(-z)));
  const t = 1 / (1 + 0.5 * z);
  const p =
    -1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 +
    t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return Math.log(t) - z * z + p;
}

/** log Q(x), Q the standard normal upper tail 1 − Φ(x) = erfc(x/√2)/2. */
export function logNormalTail(x: number): number {
  return logErfc(x / Math.SQRT2) - Math.LN2;
}

/** log(Φ(a) − Φ(b)) for a > b, accurate in both tails. */
export function logNormalCdfDiff(a: number, b: number): number {
  if (b >= 0) {
    // Both in the upper tail: Φ(a) − Φ(b) = Q(b) − Q(a).
    const qb = logNormalTail(b);
    return qb + Math.log1p(-Math.exp(logNormalTail(a) - qb));
  }
  if (a <= 0) {
    // Both in the lower tail: Φ(a) − Φ(b) = Q(−a) − Q(−b).
    const qa = logNormalTail(-a);
    return qa + Math.log1p(-Math.exp(logNormalTail(-b) - qa));
  }
  return Math.log(1 - Math.exp(logNormalTail(a)) - Math.exp(logNormalTail(-b)));
}

/**
 * log(e^{−x} I₀(x)) for x ≥ 0, I₀ the modified Bessel function of the first kind, from the
 * polynomial approximations of Abramowitz & Stegun 9.8.1 (x ≤ 3.75) and 9.8.2 (x > 3.75),
 * relative error below 2e-7. Needed for a ring blurred by isotropic Gaussian noise.
 */
export function logBesselI0Scaled(x: number): number {
  const ax = Math.abs(x);
  if (ax <= 3.75) {
    const t = (ax / 3.75) ** 2;
    const i0 =
      1 + t * (3.5156229 + t * (3.0899424 + t * (1.2067492 + t * (0.2659732 + t * (0.0360768 + t * 0.0045813)))));
    return Math.log(i0) - ax;
  }
  const t = 3.75 / ax;
  const s =
    0.39894228 + t * (0.01328592 + t * (0.00225319 + t * (-0.00157565 + t * (0.00916281 +
    t * (-0.02057706 + t * (0.02635537 + t * (-0.01647633 + t * 0.00392377)))))));
  return Math.log(s) - 0.5 * Math.log(ax);
}

/** Midpoint-rule nodes t_k = a + (k + ½)(b − a)/K, k = 0..K−1. */
export function midpointNodes(a: number, b: number, count: number): Float64Array {
  const out = new Float64Array(count);
  const h = (b - a) / count;
  for (let k = 0; k < count; k++) out[k] = a + (k + 0.5) * h;
  return out;
}
