import type { Dataset, DatasetEntropy } from '../datasets';
import type { Rng } from '../random';
import { logIsotropicMixture } from './density-math';

/** Default kernel width for a drawn set, in data units (the toy frame spans about 6). */
export const DEFAULT_DRAWN_BANDWIDTH = 0.1;

/**
 * A data set the reader draws: a Gaussian kernel density estimate around the drawn points,
 *   p(x) = (1/N) Σ_i N(x; p_i, h² I),
 * so it can be sampled without limit (pick a drawn point, add N(0, h²I)) and has an exact density.
 */
export function drawnDataset(points: Float32Array, bandwidth = DEFAULT_DRAWN_BANDWIDTH): Dataset {
  if (points.length < 2 || points.length % 2 !== 0) {
    throw new Error(`A drawn dataset needs at least one 2-D point as [x0, y0, x1, y1, ...]; got ${points.length} numbers.`);
  }
  if (!points.every(Number.isFinite)) throw new Error('A drawn dataset needs finite coordinates.');
  if (!(bandwidth > 0) || !Number.isFinite(bandwidth)) {
    throw new Error(`bandwidth must be a positive finite number, got ${bandwidth}.`);
  }
  const centres = Float32Array.from(points);
  const count = centres.length >> 1;
  let cachedEntropy: DatasetEntropy | undefined;

  const logDensity = (x: Float32Array): Float64Array => logIsotropicMixture(x, centres, bandwidth);

  return {
    name: 'drawn',
    sample(n: number, rng: Rng): Float32Array {
      const out = new Float32Array(2 * n);
      for (let i = 0; i < n; i++) {
        const k = rng.int(count);
        out[2 * i] = centres[2 * k] + bandwidth * rng.normal();
        out[2 * i + 1] = centres[2 * k + 1] + bandwidth * rng.normal();
      }
      return out;
    },
    logDensity,
    /** H = −∫ p log p, by a midpoint sum on a grid of spacing h/4 (computed on first use). */
    get entropy(): DatasetEntropy {
      if (!cachedEntropy) cachedEntropy = { nats: kdeGridEntropy(centres, bandwidth, logDensity), method: 'numerical' };
      return cachedEntropy;
    },
  };
}

function kdeGridEntropy(centres: Float32Array, h: number, logDensity: (x: Float32Array) => Float64Array): number {
  let xMin = Infinity, xMax = -Infinity, yMin = Infinity, yMax = -Infinity;
  for (let i = 0; i < centres.length; i += 2) {
    xMin = Math.min(xMin, centres[i]);
    xMax = Math.max(xMax, centres[i]);
    yMin = Math.min(yMin, centres[i + 1]);
    yMax = Math.max(yMax, centres[i + 1]);
  }
  const pad = 6 * h;
  const step = h / 4;
  const nx = Math.ceil((xMax - xMin + 2 * pad) / step);
  const ny = Math.ceil((yMax - yMin + 2 * pad) / step);
  let h0 = 0;
  const row = new Float32Array(2 * nx);
  for (let j = 0; j < ny; j++) {
    const y = yMin - pad + (j + 0.5) * step;
    for (let i = 0; i < nx; i++) {
      row[2 * i] = xMin - pad + (i + 0.5) * step;
      row[2 * i + 1] = y;
    }
    const lp = logDensity(row);
    for (let i = 0; i < nx; i++) if (lp[i] > -700) h0 -= Math.exp(lp[i]) * lp[i];
  }
  return h0 * step * step;
}
