import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../../../src/data/random';
import { initBackend } from '../../../src/models/backend';
import { splineParamCount } from '../../../src/models/spline';
import { rationalQuadraticSpline } from './spline-tfjs-oracle';
import { rationalQuadraticSplineInverse } from '../../../src/models/spline-inverse';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('rational-quadratic spline inverse in plain JavaScript', () => {
  const n = 500;
  const d = 2;
  const K = 8;
  const B = 4;
  const rng = createRng(3);
  // Values across and beyond [−B, B] (the identity tails), and parameters far from zero.
  const y = Float32Array.from({ length: n * d }, () => (rng.uniform() * 2 - 1) * 1.2 * B);
  const params = Float32Array.from({ length: n * d * splineParamCount(K) }, () => 3 * rng.normal());

  it('matches the tfjs inverse of src/models/spline.ts', () => {
    const expected = tf.tidy(() =>
      rationalQuadraticSpline(tf.tensor2d(y, [n, d]), tf.tensor3d(params, [n, d, splineParamCount(K)]), K, B, true).out.dataSync(),
    );
    const got = rationalQuadraticSplineInverse(y, params, K, B);
    let worst = 0;
    for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - expected[i]));
    expect(worst).toBeLessThan(1e-4);
  });

  it('inverts the tfjs forward map (parameters of a trained flow’s scale)', () => {
    // Milder parameters: with the ones above some bins are so narrow and steep that float32 forward
    // values no longer determine the input (the tfjs inverse loses it in the same way).
    const mild = params.map((p) => p / 3);
    const x = tf.tidy(() =>
      rationalQuadraticSpline(tf.tensor2d(y, [n, d]), tf.tensor3d(mild, [n, d, splineParamCount(K)]), K, B, false).out.dataSync(),
    );
    const back = rationalQuadraticSplineInverse(x, mild, K, B);
    let worst = 0;
    for (let i = 0; i < back.length; i++) worst = Math.max(worst, Math.abs(back[i] - y[i]));
    expect(worst).toBeLessThan(1e-3);
  });
});
