import { splineParamCount } from './spline';

/**
 * The inverse of the rational-quadratic spline of ./spline.ts in plain JavaScript, for sampling:
 * the same arithmetic (Durkan et al. 2019, arXiv:1906.04032, appendix A) element by element,
 * without gradients or a log-determinant. The tfjs version spends most of its time slicing and
 * comparing [n, d, K] tensors; this loop does 10,000 points in a few milliseconds.
 * tests/unit/models/spline-inverse.test.ts checks it against the tfjs inverse.
 *
 * y: [n × d] values; params: [n × d × (3K − 1)] unnormalised parameters (as the coupling network
 * outputs them); returns x with spline(x) = y, the identity outside [−B, B].
 */
const MIN_BIN = 1e-3;
const MIN_SLOPE = 1e-3;
const SLOPE_OFFSET = Math.log(Math.expm1(1 - MIN_SLOPE));

/** Writes the floored softmax of params[at … at + K) scaled to 2B into out[0 … K). */
function binSizes(params: ArrayLike<number>, at: number, K: number, bound: number, out: Float64Array): void {
  let max = -Infinity;
  for (let k = 0; k < K; k++) max = Math.max(max, params[at + k]);
  let sum = 0;
  for (let k = 0; k < K; k++) sum += (out[k] = Math.exp(params[at + k] - max));
  for (let k = 0; k < K; k++) out[k] = (MIN_BIN + (1 - MIN_BIN * K) * (out[k] / sum)) * 2 * bound;
}

function softplus(u: number): number {
  return Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u)));
}

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
    const slope = (j: number): number => (j === 0 || j === K ? 1 : MIN_SLOPE + softplus(params[at + 2 * K + j - 1] + SLOPE_OFFSET));
    const wk = widths[k];
    const hk = heights[k];
    const dk = slope(k);
    const dk1 = slope(k + 1);
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
