import { type Grid, gridPoints } from './grid';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

function sortedCopy(xs: ArrayLike<number>): Float64Array {
  return Float64Array.from(xs).sort();
}

/** The q-quantile of sorted data by linear interpolation. */
function quantile(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Silverman's rule of thumb for a Gaussian kernel (Silverman 1986, eq. 3.31):
 * h = 0.9 · min(σ̂, IQR / 1.34) · n^(−1/5). Falls back to σ̂ or a floor when the data are degenerate.
 */
export function silvermanBandwidth(xs: ArrayLike<number>, floor = 0.5): number {
  const n = xs.length;
  if (n < 2) return Math.max(floor, 5);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += xs[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (xs[i] - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  const sorted = sortedCopy(xs);
  const iqr = quantile(sorted, 0.75) - quantile(sorted, 0.25);
  const spread = iqr > 0 ? Math.min(sd, iqr / 1.34) : sd;
  return Math.max(floor, 0.9 * spread * Math.pow(n, -0.2));
}

/**
 * Gaussian kernel density estimate on a grid: p̂(x) = (1/n) Σ_i N(x; x_i, h²).
 * The samples are first counted on a fine grid (bins much narrower than h), so the cost is
 * (fine bins × grid points) however many samples there are; the error is far below what the
 * eye or the distance readout can see.
 */
export function kdeOnGrid(xs: ArrayLike<number>, grid: Grid, bandwidth?: number, fineBins = 800): Float64Array {
  const out = new Float64Array(grid.size);
  const n = xs.length;
  if (n === 0) return out;
  const h = bandwidth ?? silvermanBandwidth(xs);
  // Count the samples on a fine grid that covers the plotting grid with a margin of 5h.
  const lo = grid.min - 5 * h;
  const hi = grid.max + 5 * h;
  const width = (hi - lo) / fineBins;
  const counts = new Float64Array(fineBins);
  for (let i = 0; i < n; i++) {
    // A sample more than 5h beyond the plot adds nothing visible inside it, so it is not counted.
    const b = Math.floor((xs[i] - lo) / width);
    if (b >= 0 && b < fineBins) counts[b]++;
  }
  const points = gridPoints(grid);
  for (let b = 0; b < fineBins; b++) {
    const c = counts[b];
    if (c === 0) continue;
    const centre = lo + (b + 0.5) * width;
    for (let j = 0; j < points.length; j++) {
      const z = (points[j] - centre) / h;
      if (z > 6 || z < -6) continue;
      out[j] += c * Math.exp(-0.5 * z * z);
    }
  }
  const scale = INV_SQRT_2PI / (h * n);
  for (let j = 0; j < out.length; j++) out[j] *= scale;
  return out;
}
