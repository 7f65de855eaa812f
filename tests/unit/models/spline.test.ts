import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../../../src/data/random';
import { initBackend } from '../../../src/models/backend';
import { binSizes, splineBackward, splineForward, splineParamCount, type SplinePoint } from '../../../src/models/spline';
import { rationalQuadraticSpline } from './spline-tfjs-oracle';
import { relError } from '../fast/rel-error';

/**
 * The spline on plain arrays (src/models/spline.ts) against the original tfjs formulation
 * (./spline-tfjs-oracle.ts): values, log-derivatives, and the hand-written backward against tfjs
 * autodiff of L = Σ gy·y + gl·log y′, with respect to the inputs and the 3K − 1 parameters.
 * (At parameter scale 2 the steepest bins reach slopes where the float32 oracle itself rounds at
 * about 1e-4, so the scales stay those of a trained flow.)
 */
beforeAll(async () => {
  await initBackend('cpu');
});

const K = 8;
const B = 4;
const P = splineParamCount(K);

/** Inputs across [−1.2B, 1.2B] (both tails), and points 1e-3 either side of each inner x-knot. */
function cases(scale: number, seed: number): { x: Float32Array; params: Float32Array; n: number } {
  const rng = createRng(seed);
  const n = 300;
  const params = Float32Array.from({ length: n * P }, () => scale * rng.normal());
  const x = Float32Array.from({ length: n }, () => (rng.uniform() * 2 - 1) * 1.2 * B);
  const widths = new Float64Array(K);
  // The last 2(K − 1) elements sit just left and right of their own spline's inner knots.
  for (let j = 0; j < K - 1; j++) {
    for (const [side, e] of [[-1, n - 2 * (K - 1) + 2 * j], [1, n - 2 * (K - 1) + 2 * j + 1]]) {
      binSizes(params, e * P, K, B, widths);
      let knot = -B;
      for (let i = 0; i <= j; i++) knot += widths[i];
      x[e] = knot + side * 1e-3;
    }
  }
  x[0] = B + 0.5;
  x[1] = -B - 2;
  return { x, params, n };
}

function oracle(x: Float32Array, params: Float32Array, n: number, gy: Float32Array, gl: Float32Array) {
  return tf.tidy(() => {
    const xt = tf.tensor2d(x, [n, 1]);
    const pt = tf.tensor3d(params, [n, 1, P]);
    const f = (a: tf.Tensor, b: tf.Tensor): tf.Scalar => {
      const r = rationalQuadraticSpline(a as tf.Tensor2D, b as tf.Tensor3D, K, B, false);
      return tf.add(tf.sum(tf.mul(r.out, tf.tensor2d(gy, [n, 1]))), tf.sum(tf.mul(r.logDeriv, tf.tensor2d(gl, [n, 1])))) as tf.Scalar;
    };
    const [gx, gp] = tf.grads(f)([xt, pt]);
    const r = rationalQuadraticSpline(xt, pt, K, B, false);
    return { y: r.out.dataSync(), logDeriv: r.logDeriv.dataSync(), gx: gx.dataSync(), gp: gp.dataSync() };
  });
}

describe('rational-quadratic spline: plain arrays against the tfjs oracle', () => {
  for (const [scale, seed] of [[0.5, 1], [1, 2]] as const) {
    it(`parameters of scale ${scale}: value, log-derivative and gradients within 1e-4`, () => {
      const { x, params, n } = cases(scale, seed);
      const rng = createRng(seed + 10);
      const gy = Float32Array.from({ length: n }, () => rng.normal());
      const gl = Float32Array.from({ length: n }, () => rng.normal());
      const want = oracle(x, params, n, gy, gl);
      const point: SplinePoint = { y: 0, logDeriv: 0 };
      const y = new Float32Array(n);
      const logDeriv = new Float32Array(n);
      const gx = new Float32Array(n);
      const gp = new Float32Array(n * P);
      for (let e = 0; e < n; e++) {
        splineForward(x[e], params, e * P, K, B, point);
        y[e] = point.y;
        logDeriv[e] = point.logDeriv;
        gx[e] = splineBackward(x[e], params, e * P, K, B, gy[e], gl[e], gp);
      }
      expect(relError(y, want.y)).toBeLessThan(1e-4);
      expect(relError(logDeriv, want.logDeriv)).toBeLessThan(1e-4);
      expect(relError(gx, want.gx)).toBeLessThan(1e-4);
      expect(relError(gp, want.gp)).toBeLessThan(1e-4);
      // Outside [−B, B]: the identity, slope 1, no parameter gradient.
      expect(y[0]).toBe(x[0]);
      expect(gx[1]).toBe(gy[1]);
      expect(gp.slice(0, 2 * P).every((g) => g === 0)).toBe(true);
    });
  }

  it('zero parameters give the identity', () => {
    const params = new Float32Array(P);
    const point: SplinePoint = { y: 0, logDeriv: 0 };
    for (const x of [-3.9, -1, 0, 0.3, 2.7]) {
      splineForward(x, params, 0, K, B, point);
      expect(point.y).toBeCloseTo(x, 6);
      expect(point.logDeriv).toBeCloseTo(0, 6);
    }
  });
});
