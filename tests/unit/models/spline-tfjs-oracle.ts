import * as tf from '@tensorflow/tfjs-core';
import { MIN_BIN, MIN_SLOPE, SLOPE_OFFSET } from '../../../src/models/spline';

/**
 * THE ORACLE (tests only): the original tfjs formulation of the rational-quadratic spline, which
 * src/models/spline.ts (plain arrays, hand-written backward) and src/models/spline-inverse.ts replace.
 * Its autodiff checks their gradients. Not a test file (vitest collects *.test.ts only).
 *
 * Monotonic rational-quadratic spline, elementwise (Durkan, Bekasov, Murray & Papamakarios 2019,
 * "Neural Spline Flows", arXiv:1906.04032, §3.1 and appendix A).
 *
 * On [−B, B] the map is made of K rational-quadratic pieces through K + 1 knots (x_k, y_k) with
 * positive slopes δ_k at the knots; outside it is the identity (the "linear tails", slopes 1 at ±B),
 * so it is a bijection of the whole line. Unnormalised parameters per element, last axis of size 3K − 1:
 *   K bin widths, K bin heights (softmax-normalised to sum to 2B), K − 1 inner knot slopes (softplus).
 * All functions run inside the caller's tidy / gradient scope.
 */
export interface SplineResult {
  /** The transformed values, same shape as the input. */
  out: tf.Tensor2D;
  /** log |d out / d in| per element, forward direction (the caller negates it for the inverse). */
  logDeriv: tf.Tensor2D;
}


/**
 * Apply the spline (or its inverse) to x [n, d] with parameters [n, d, 3K − 1].
 * The forward map sends x ∈ [−B, B] to y ∈ [−B, B]; the inverse solves the quadratic of appendix A.
 */
export function rationalQuadraticSpline(
  x: tf.Tensor2D,
  params: tf.Tensor3D,
  bins: number,
  bound: number,
  inverse: boolean,
): SplineResult {
  const K = bins;
  const [n, d] = x.shape;
  const uw = tf.slice(params, [0, 0, 0], [-1, -1, K]);
  const uh = tf.slice(params, [0, 0, K], [-1, -1, K]);
  const ud = tf.slice(params, [0, 0, 2 * K], [-1, -1, K - 1]);

  // Bin widths and heights: a softmax with a floor, scaled to cover 2B. Knots are their cumulative sums.
  const widths = tf.mul(tf.add(MIN_BIN, tf.mul(1 - MIN_BIN * K, tf.softmax(uw))), 2 * bound) as tf.Tensor3D;
  const heights = tf.mul(tf.add(MIN_BIN, tf.mul(1 - MIN_BIN * K, tf.softmax(uh))), 2 * bound) as tf.Tensor3D;
  const knots = (w: tf.Tensor3D) => tf.concat([tf.fill([n, d, 1], -bound), tf.add(-bound, tf.cumsum(w, 2))], 2);
  const xKnots = knots(widths); // [n, d, K + 1]
  const yKnots = knots(heights);
  // Slopes at the K + 1 knots: 1 at both ends (matching the identity tails), softplus inside.
  const ones = tf.ones([n, d, 1]);
  // The offset makes all-zero parameters give slope 1 everywhere, i.e. the identity map.
  const slopes = tf.concat([ones, tf.add(MIN_SLOPE, tf.softplus(tf.add(ud, SLOPE_OFFSET))), ones], 2); // [n, d, K + 1]

  // Clamp into [−B, B] for the spline arithmetic so the unused branch stays finite (a NaN there would
  // leak into the gradient even where it is not selected); outside the interval the identity is used.
  // inside = 1 for |x| < B, else 0; a float mask (tf.step has a zero gradient, logicalAnd has none).
  const inside = tf.step(tf.sub(bound, tf.abs(x)));
  const xc = tf.clipByValue(x, -bound, bound);
  const xc3 = tf.expandDims(xc, 2);

  // Bin index: how many inner knots lie at or below the value, 0 … K − 1, as a one-hot mask.
  const searchKnots = inverse ? yKnots : xKnots;
  const inner = tf.slice(searchKnots, [0, 0, 1], [-1, -1, K - 1]);
  const index = tf.sum(tf.cast(tf.greaterEqual(xc3, inner), 'int32'), 2);
  const pick = tf.reshape(tf.oneHot(tf.reshape(index, [-1]) as tf.Tensor1D, K), [n, d, K]);
  const select = (t: tf.Tensor3D, from: number) =>
    tf.sum(tf.mul(pick, tf.slice(t, [0, 0, from], [-1, -1, K])), 2) as tf.Tensor2D;

  const xk = select(xKnots as tf.Tensor3D, 0);
  const yk = select(yKnots as tf.Tensor3D, 0);
  const wk = select(widths, 0);
  const hk = select(heights, 0);
  const dk = select(slopes as tf.Tensor3D, 0);
  const dk1 = select(slopes as tf.Tensor3D, 1);
  const sk = tf.div(hk, wk);
  const curvature = tf.sub(tf.add(dk1, dk), tf.mul(2, sk)); // δ_{k+1} + δ_k − 2 s_k

  let xi: tf.Tensor2D;
  let out: tf.Tensor2D;
  if (!inverse) {
    xi = tf.div(tf.sub(xc, xk), wk) as tf.Tensor2D;
    const xi1 = tf.mul(xi, tf.sub(1, xi));
    const numerator = tf.mul(hk, tf.add(tf.mul(sk, tf.square(xi)), tf.mul(dk, xi1)));
    const denominator = tf.add(sk, tf.mul(curvature, xi1));
    out = tf.add(yk, tf.div(numerator, denominator)) as tf.Tensor2D;
  } else {
    // Solve a ξ² + b ξ + c = 0 for ξ ∈ [0, 1], in the numerically stable form ξ = 2c / (−b − √(b² − 4ac)).
    const dy = tf.sub(xc, yk);
    const a = tf.add(tf.mul(hk, tf.sub(sk, dk)), tf.mul(dy, curvature));
    const b = tf.sub(tf.mul(hk, dk), tf.mul(dy, curvature));
    const c = tf.mul(tf.neg(sk), dy);
    const disc = tf.relu(tf.sub(tf.square(b), tf.mul(4, tf.mul(a, c))));
    xi = tf.clipByValue(tf.div(tf.mul(2, c), tf.sub(tf.neg(b), tf.sqrt(disc))), 0, 1) as tf.Tensor2D;
    out = tf.add(tf.mul(xi, wk), xk) as tf.Tensor2D;
  }

  // dy/dx = s_k² (δ_{k+1} ξ² + 2 s_k ξ(1−ξ) + δ_k (1−ξ)²) / (s_k + (δ_{k+1} + δ_k − 2 s_k) ξ(1−ξ))²
  const xi1 = tf.mul(xi, tf.sub(1, xi));
  const derivNumerator = tf.mul(
    tf.square(sk),
    tf.add(tf.add(tf.mul(dk1, tf.square(xi)), tf.mul(tf.mul(2, sk), xi1)), tf.mul(dk, tf.square(tf.sub(1, xi)))),
  );
  const derivDenominator = tf.square(tf.add(sk, tf.mul(curvature, xi1)));
  const logDeriv = tf.sub(tf.log(derivNumerator), tf.log(derivDenominator)) as tf.Tensor2D;

  return {
    out: tf.add(tf.mul(inside, out), tf.mul(tf.sub(1, inside), x)) as tf.Tensor2D,
    logDeriv: tf.mul(inside, logDeriv) as tf.Tensor2D,
  };
}
