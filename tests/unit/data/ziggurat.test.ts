import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/data/random';
import { fillNormals } from '../../../src/data/ziggurat';

/** Φ(x) by Simpson's rule on the density (enough digits for a χ² test). */
function normalCdf(x: number): number {
  const n = 400;
  const a = 0;
  const h = (x - a) / n;
  let s = 0;
  for (let i = 0; i <= n; i++) s += (i === 0 || i === n ? 1 : i % 2 ? 4 : 2) * Math.exp(-0.5 * (a + i * h) ** 2);
  return 0.5 + (s * h) / 3 / Math.sqrt(2 * Math.PI);
}

describe('ziggurat normals', () => {
  const N = 2_000_000;
  const z = fillNormals(new Float32Array(N), createRng(11));

  it('have mean 0, variance 1, kurtosis 3 and normal tails', () => {
    let m = 0;
    let v = 0;
    let k = 0;
    let beyond3 = 0;
    for (const x of z) {
      m += x;
      v += x * x;
      k += x ** 4;
      if (Math.abs(x) > 3) beyond3++;
    }
    // Standard errors at N = 2·10⁶: mean 7e-4, variance 1e-3, kurtosis 5e-3, P(|z| > 3) 3.7e-5.
    expect(Math.abs(m / N)).toBeLessThan(4 * 7e-4);
    expect(Math.abs(v / N - 1)).toBeLessThan(4 * 1e-3);
    expect(Math.abs(k / N - 3)).toBeLessThan(4 * 5e-3);
    expect(Math.abs(beyond3 / N - 0.0026998)).toBeLessThan(4 * 3.7e-5);
  });

  it('fit the normal histogram: χ² over 60 bins of width 0.1 on [−3, 3] plus the two tails', () => {
    const counts = new Float64Array(62);
    for (const x of z) counts[x < -3 ? 0 : x >= 3 ? 61 : 1 + Math.floor((x + 3) * 10)]++;
    let chi2 = 0;
    for (let b = 0; b < 62; b++) {
      const lo = b === 0 ? -Infinity : -3 + (b - 1) / 10;
      const hi = b === 61 ? Infinity : -3 + b / 10;
      const p = (hi === Infinity ? 1 : normalCdf(hi)) - (lo === -Infinity ? 0 : normalCdf(lo));
      chi2 += (counts[b] - N * p) ** 2 / (N * p);
    }
    // 61 degrees of freedom: mean 61, sd 11; a sampler off by 1% in the tails scores in the hundreds.
    expect(chi2).toBeLessThan(61 + 5 * 11);
  });

  it('are reproducible from the rng state, and scaled', () => {
    const a = fillNormals(new Float32Array(1000), createRng(5), 0.5);
    const b = fillNormals(new Float32Array(1000), createRng(5));
    for (let i = 0; i < 1000; i++) expect(a[i]).toBeCloseTo(0.5 * b[i], 6);
    const c = fillNormals(new Float32Array(1000), createRng(6));
    expect(Array.from(c)).not.toEqual(Array.from(b));
  });

  it('are independent from one draw to the next (lag-1 correlation, sign runs)', () => {
    let c = 0;
    let sameSign = 0;
    for (let i = 1; i < N; i++) {
      c += z[i] * z[i - 1];
      if (z[i] > 0 === z[i - 1] > 0) sameSign++;
    }
    expect(Math.abs(c / N)).toBeLessThan(4 / Math.sqrt(N));
    expect(Math.abs(sameSign / N - 0.5)).toBeLessThan(4 * 0.5 / Math.sqrt(N));
  });
});
