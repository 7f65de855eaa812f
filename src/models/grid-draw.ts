import type { Rng } from '../data/random';

/**
 * Exact draws from a density tabulated on a grid: E at the midpoints of a resolution² grid on
 * [−box, box]² (row by row, as ../metrics/likelihood.ts gridPoints), the density ∝ exp(−E)
 * constant on each cell. A cell is drawn by inverse CDF (binary search on the cumulative masses),
 * then a uniform point inside it. In 2-D this is the grid density the EBM's Z and mixing() use.
 */
export interface GridSampler {
  draw(n: number, rng: Rng, out?: Float32Array): Float32Array;
  /** The grid density at (x, y): its cell's mass over the cell's area (0 outside the box). */
  density(x: number, y: number): number;
}

export function gridSampler(energies: Float32Array, resolution: number, box: number): GridSampler {
  if (energies.length !== resolution * resolution) throw new Error(`gridSampler: expected ${resolution}² energies, got ${energies.length}`);
  let min = Infinity;
  for (const e of energies) if (e < min) min = e;
  const cdf = new Float64Array(energies.length);
  let acc = 0;
  for (let k = 0; k < energies.length; k++) {
    const w = Math.exp(min - energies[k]);
    acc += Number.isFinite(w) ? w : 0;
    cdf[k] = acc;
  }
  if (!(acc > 0)) throw new Error('gridSampler: the grid density has no mass');
  const cell = (2 * box) / resolution;
  const index = (v: number): number => Math.min(resolution - 1, Math.floor((v + box) / cell));
  return {
    density(x, y) {
      if (!(Math.abs(x) <= box && Math.abs(y) <= box)) return 0;
      const k = index(y) * resolution + index(x);
      return (cdf[k] - (k > 0 ? cdf[k - 1] : 0)) / acc / (cell * cell);
    },
    draw(n, rng, out = new Float32Array(2 * n)) {
      for (let q = 0; q < n; q++) {
        const u = rng.uniform() * acc;
        let lo = 0;
        let hi = cdf.length - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cdf[mid] < u) lo = mid + 1;
          else hi = mid;
        }
        out[2 * q] = -box + ((lo % resolution) + rng.uniform()) * cell;
        out[2 * q + 1] = -box + (Math.floor(lo / resolution) + rng.uniform()) * cell;
      }
      return out;
    },
  };
}
