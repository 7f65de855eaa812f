/**
 * Monotonic rational-quadratic spline, elementwise, on plain arrays (Durkan, Bekasov, Murray &
 * Papamakarios 2019, "Neural Spline Flows", arXiv:1906.04032, §3.1 and appendix A).
 *
 * On [−B, B] the map is made of K rational-quadratic pieces through K + 1 knots (x_k, y_k) with
 * positive slopes δ_k at the knots; outside it is the identity (the "linear tails", slopes 1 at ±B),
 * so it is a bijection of the whole line. Unnormalised parameters per element, 3K − 1 of them:
 *   K bin widths, K bin heights (softmax with a floor, scaled to sum to 2B), K − 1 inner knot slopes
 *   (MIN_SLOPE + softplus(u + SLOPE_OFFSET), so all-zero parameters give the identity map).
 *
 * splineForward gives the value and log-derivative of one element; splineBackward the gradients of
 * a loss through both with respect to the input and the 3K − 1 parameters (reverse mode written out
 * by hand; tests/unit/models/spline.test.ts checks it against tfjs autodiff). The inverse, for
 * sampling, is ./spline-inverse.ts.
 */
export const MIN_BIN = 1e-3;
export const MIN_SLOPE = 1e-3;
/** softplus⁻¹(1 − MIN_SLOPE): zero parameters give unit slopes. */
export const SLOPE_OFFSET = Math.log(Math.expm1(1 - MIN_SLOPE));

/** Number of unnormalised parameters per transformed element for K bins. */
export function splineParamCount(bins: number): number {
  return 3 * bins - 1;
}

export function softplus(u: number): number {
  return Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u)));
}

function sigmoid(u: number): number {
  return u >= 0 ? 1 / (1 + Math.exp(-u)) : Math.exp(u) / (1 + Math.exp(u));
}

/**
 * Writes the softmax of params[at … at + K) into prob and the floored bin sizes
 * (MIN_BIN + (1 − MIN_BIN·K)·softmax)·2B into out.
 */
export function binSizes(params: ArrayLike<number>, at: number, K: number, bound: number, out: Float64Array, prob?: Float64Array): void {
  let max = -Infinity;
  for (let k = 0; k < K; k++) max = Math.max(max, params[at + k]);
  let sum = 0;
  for (let k = 0; k < K; k++) sum += out[k] = Math.exp(params[at + k] - max);
  for (let k = 0; k < K; k++) {
    const p = out[k] / sum;
    if (prob) prob[k] = p;
    out[k] = (MIN_BIN + (1 - MIN_BIN * K) * p) * 2 * bound;
  }
}

/** Slope at knot j of 0 … K: 1 at both ends (matching the identity tails), softplus inside. */
export function knotSlope(params: ArrayLike<number>, at: number, K: number, j: number): number {
  return j === 0 || j === K ? 1 : MIN_SLOPE + softplus(params[at + 2 * K + j - 1] + SLOPE_OFFSET);
}

/** Scratch for one element's bins (reused: the spline is evaluated element by element). */
class Scratch {
  widths: Float64Array;
  heights: Float64Array;
  pw: Float64Array;
  ph: Float64Array;
  gw: Float64Array;
  gh: Float64Array;
  constructor(readonly K: number) {
    this.widths = new Float64Array(K);
    this.heights = new Float64Array(K);
    this.pw = new Float64Array(K);
    this.ph = new Float64Array(K);
    this.gw = new Float64Array(K);
    this.gh = new Float64Array(K);
  }
}
let scratch = new Scratch(2);
function scratchFor(K: number): Scratch {
  if (scratch.K !== K) scratch = new Scratch(K);
  return scratch;
}

/** The piece of the spline that holds x: its bin k, left knot (xk, yk), width, height and end slopes. */
interface Piece {
  k: number;
  xk: number;
  yk: number;
  w: number;
  h: number;
  d0: number;
  d1: number;
}
const piece: Piece = { k: 0, xk: 0, yk: 0, w: 0, h: 0, d0: 0, d1: 0 };

/** Fills `piece` for x ∈ [−B, B] (bin: how many inner x-knots lie at or below x). */
function locate(x: number, params: ArrayLike<number>, at: number, K: number, bound: number, s: Scratch): Piece {
  binSizes(params, at, K, bound, s.widths, s.pw);
  binSizes(params, at + K, K, bound, s.heights, s.ph);
  let k = 0;
  let xk = -bound;
  let yk = -bound;
  while (k < K - 1 && x >= xk + s.widths[k]) {
    xk += s.widths[k];
    yk += s.heights[k];
    k++;
  }
  piece.k = k;
  piece.xk = xk;
  piece.yk = yk;
  piece.w = s.widths[k];
  piece.h = s.heights[k];
  piece.d0 = knotSlope(params, at, K, k);
  piece.d1 = knotSlope(params, at, K, k + 1);
  return piece;
}

/** Result of splineForward: the value and log |dy/dx|. */
export interface SplinePoint {
  y: number;
  logDeriv: number;
}

/**
 * y = RQS(x) and log RQS′(x) for one element with parameters params[at … at + 3K − 1) (eq. 4 and
 * the derivative of appendix A):
 *   ξ = (x − x_k)/w_k, s_k = h_k/w_k,
 *   y = y_k + h_k (s_k ξ² + δ_k ξ(1−ξ)) / (s_k + (δ_{k+1} + δ_k − 2 s_k) ξ(1−ξ)),
 *   dy/dx = s_k² (δ_{k+1} ξ² + 2 s_k ξ(1−ξ) + δ_k (1−ξ)²) / (s_k + (δ_{k+1} + δ_k − 2 s_k) ξ(1−ξ))².
 * The identity (log-derivative 0) for |x| ≥ B.
 */
export function splineForward(x: number, params: ArrayLike<number>, at: number, K: number, bound: number, out: SplinePoint): SplinePoint {
  if (!(Math.abs(x) < bound)) {
    out.y = x;
    out.logDeriv = 0;
    return out;
  }
  const { xk, yk, w, h, d0, d1 } = locate(x, params, at, K, bound, scratchFor(K));
  const s = h / w;
  const xi = (x - xk) / w;
  const t = xi * (1 - xi);
  const den = s + (d1 + d0 - 2 * s) * t;
  out.y = yk + (h * (s * xi * xi + d0 * t)) / den;
  out.logDeriv = 2 * Math.log(s) + Math.log(d1 * xi * xi + 2 * s * t + d0 * (1 - xi) * (1 - xi)) - 2 * Math.log(den);
  return out;
}

/**
 * Reverse mode through splineForward for one element: given gy = dL/dy and gl = dL/d(log dy/dx),
 * adds dL/dparams into grad[at … at + 3K − 1) and returns dL/dx. Outside [−B, B]: dL/dx = gy and
 * no parameter gradient.
 */
export function splineBackward(
  x: number,
  params: ArrayLike<number>,
  at: number,
  K: number,
  bound: number,
  gy: number,
  gl: number,
  grad: Float32Array,
): number {
  if (!(Math.abs(x) < bound)) return gy;
  const sc = scratchFor(K);
  const { k, xk, yk, w, h, d0, d1 } = locate(x, params, at, K, bound, sc);
  // The forward graph, node by node.
  const s = h / w;
  const xi = (x - xk) / w;
  const t = xi * (1 - xi);
  const c = d1 + d0 - 2 * s;
  const num = h * (s * xi * xi + d0 * t);
  const den = s + c * t;
  const dn = d1 * xi * xi + 2 * s * t + d0 * (1 - xi) * (1 - xi);
  // y = yk + num/den;  l = 2 log s + log dn − 2 log den.
  const gNum = gy / den;
  const gDen = (-gy * num) / (den * den) - (2 * gl) / den;
  const gDn = gl / dn;
  let gS = (2 * gl) / s;
  let gD1 = gDn * xi * xi;
  let gD0 = gDn * (1 - xi) * (1 - xi);
  let gT = gDn * 2 * s;
  let gXi = gDn * (2 * d1 * xi - 2 * d0 * (1 - xi));
  gS += gDn * 2 * t;
  // den = s + c t
  gS += gDen;
  const gC = gDen * t;
  gT += gDen * c;
  // num = h (s ξ² + δ_k t)
  let gH = gNum * (s * xi * xi + d0 * t);
  gS += gNum * h * xi * xi;
  gXi += gNum * h * s * 2 * xi;
  gD0 += gNum * h * t;
  gT += gNum * h * d0;
  // c = δ_{k+1} + δ_k − 2 s
  gD1 += gC;
  gD0 += gC;
  gS -= 2 * gC;
  // t = ξ(1 − ξ)
  gXi += gT * (1 - 2 * xi);
  // ξ = (x − x_k)/w
  const gX = gXi / w;
  const gXk = -gXi / w;
  let gW = (-gXi * xi) / w;
  // s = h/w
  gH += gS / w;
  gW -= (gS * h) / (w * w);

  // Knots are cumulative sums: x_k = −B + Σ_{i<k} w_i, y_k = −B + Σ_{i<k} h_i.
  const { gw, gh, pw, ph } = sc;
  for (let i = 0; i < K; i++) {
    gw[i] = i < k ? gXk : i === k ? gW : 0;
    gh[i] = i < k ? gy : i === k ? gH : 0;
  }
  // Sizes = (MIN_BIN + (1 − MIN_BIN·K)·softmax(u))·2B; softmax backward: ū_j = p_j (p̄_j − Σ_i p_i p̄_i).
  const scale = (1 - MIN_BIN * K) * 2 * bound;
  let dotW = 0;
  let dotH = 0;
  for (let i = 0; i < K; i++) {
    dotW += pw[i] * gw[i];
    dotH += ph[i] * gh[i];
  }
  for (let j = 0; j < K; j++) {
    grad[at + j] += scale * pw[j] * (gw[j] - dotW);
    grad[at + K + j] += scale * ph[j] * (gh[j] - dotH);
  }
  // Inner slopes δ_j = MIN_SLOPE + softplus(u_{j−1} + offset), dδ/du = sigmoid(u + offset).
  if (k >= 1) grad[at + 2 * K + k - 1] += gD0 * sigmoid(params[at + 2 * K + k - 1] + SLOPE_OFFSET);
  if (k + 1 <= K - 1) grad[at + 2 * K + k] += gD1 * sigmoid(params[at + 2 * K + k] + SLOPE_OFFSET);
  return gX;
}
