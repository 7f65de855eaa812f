import { type Grid, integrate } from './grid';

/**
 * Total variation distance TV(p, q) = ½ ∫ |p(x) − q(x)| dx, on a grid. It lies in [0, 1] and is
 * the largest difference in probability the two distributions can give to any set of values.
 */
export function totalVariation(grid: Grid, p: ArrayLike<number>, q: ArrayLike<number>): number {
  const diff = Float64Array.from({ length: grid.size }, (_, i) => Math.abs(p[i] - q[i]));
  return Math.min(1, 0.5 * integrate(grid, diff));
}

/**
 * KL(p ‖ q) = ∫ p log(p / q) dx on a grid, with q floored at `eps` so that an estimate that is
 * numerically zero where p is not gives a large, finite number rather than infinity.
 */
export function klDivergence(grid: Grid, p: ArrayLike<number>, q: ArrayLike<number>, eps = 1e-12): number {
  const terms = Float64Array.from({ length: grid.size }, (_, i) =>
    p[i] > 0 ? p[i] * Math.log(p[i] / Math.max(q[i], eps)) : 0,
  );
  return Math.max(0, integrate(grid, terms));
}
