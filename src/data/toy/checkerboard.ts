import type { Dataset } from '../datasets';
import type { Rng } from '../random';

/**
 * Checkerboard, as in FFJORD: x₁ ~ U(−2, 2) and x₂ placed in alternating unit cells, so that the
 * 8 filled cells of [−2, 2]² form a 4×4 checkerboard (cell (i, j) = (⌊x₁⌋, ⌊x₂⌋) is filled when
 * i + j is even). FFJORD then multiplies by 2, reaching ±4; we multiply by 1.5 so that the board
 * is exactly [−3, 3]², like the other sets.
 */
export const CHECKERBOARD_SCALE = 1.5;
const AREA = 8 * CHECKERBOARD_SCALE * CHECKERBOARD_SCALE; // 8 filled cells of side 1.5: 18
const LOG_DENSITY_INSIDE = -Math.log(AREA);

function inside(x: number, y: number): boolean {
  const u = x / CHECKERBOARD_SCALE;
  const v = y / CHECKERBOARD_SCALE;
  if (!(u >= -2 && u < 2 && v >= -2 && v < 2)) return false;
  return (((Math.floor(u) + Math.floor(v)) % 2) + 2) % 2 === 0;
}

export const checkerboard: Dataset = {
  name: 'checkerboard',
  sample(n: number, rng: Rng): Float32Array {
    const out = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) {
      const x1 = 4 * rng.uniform() - 2;
      // FFJORD: x₂ = U(0,1) − 2·Bernoulli(½) + (⌊x₁⌋ mod 2).
      const x2 = rng.uniform() - 2 * rng.int(2) + (((Math.floor(x1) % 2) + 2) % 2);
      out[2 * i] = CHECKERBOARD_SCALE * x1;
      out[2 * i + 1] = CHECKERBOARD_SCALE * x2;
    }
    return out;
  },
  /** Uniform on the filled cells: log(1/18) inside, −∞ outside (the support has a hard edge). */
  logDensity(points: Float32Array): Float64Array {
    const out = new Float64Array(points.length >> 1);
    for (let i = 0; i < out.length; i++) {
      out[i] = inside(points[2 * i], points[2 * i + 1]) ? LOG_DENSITY_INSIDE : -Infinity;
    }
    return out;
  },
  // H = log(area of the support) for a uniform density: log 18.
  entropy: { nats: Math.log(AREA), method: 'exact' },
};
