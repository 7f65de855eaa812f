import { binSizes, knotSlope, splineParamCount } from './spline';

/**
 * The inverse of the rational-quadratic spline of ./spline.ts in plain JavaScript, for sampling:
 * the same arithmetic (Durkan et al. 2019, arXiv:1906.04032, appendix A) element by element,
 * without gradients or a log-determinant. tests/unit/models/spline-inverse.test.ts checks it against the
 * tfjs inverse of the original formulation (kept there as the oracle).
 *
 * y: [n × d] values; params: [n × d × (3K − 1)] unnormalised parameters (as the coupling network
 * outputs them); returns x with spline(x) = y, the identity outside [−B, B].
 */
export function rationalQuadraticSplineInverse(y: ArrayLike<number>, params: ArrayLike<number>, bins: number, bound: number): Float32Array {
  const K = bins;
  const P = splineParamCount(K);
  const out = new Float32Array(y.length);
  const widths = new Float64Array(K);
  const heights = new Float64Array(K);
  for (let e = 0; e < y.length; e++) {
    const v = y[e];
    if (!(Math.abs(v) < bound)) {
      out[e] = v;
      continue;
    }
    const at = e * P;
    binSizes(params, at, K, bound, widths);
    binSizes(params, at + K, K, bound, heights);
    // The bin: the last k whose lower y-knot is at or below v (knots are cumulative sums from −B).
    let k = 0;
    let xk = -bound;
    let yk = -bound;
    while (k < K - 1 && v >= yk + heights[k]) {
      xk += widths[k];
      yk += heights[k];
      k++;
    }
    const wk = widths[k];
    const hk = heights[k];
    const dk = knotSlope(params, at, K, k);
    const dk1 = knotSlope(params, at, K, k + 1);
    const sk = hk / wk;
    const curvature = dk1 + dk - 2 * sk;
    // Solve a ξ² + b ξ + c = 0 for ξ ∈ [0, 1] as ξ = 2c / (−b − √(b² − 4ac)).
    const dy = v - yk;
    const a = hk * (sk - dk) + dy * curvature;
    const b = hk * dk - dy * curvature;
    const c = -sk * dy;
    const disc = Math.max(0, b * b - 4 * a * c);
    const xi = Math.min(1, Math.max(0, (2 * c) / (-b - Math.sqrt(disc))));
    out[e] = xi * wk + xk;
  }
  return out;
}
