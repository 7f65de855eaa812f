/**
 * Computes, once, the entropies hard-coded in src/data/toy/entropies.ts, and checks the closed
 * forms of the others. Run it with:
 *   node_modules/.bin/esbuild scripts/compute-entropies.ts --bundle --platform=node --format=esm \
 *     --outfile=/tmp/compute-entropies.mjs && node /tmp/compute-entropies.mjs
 * (about a minute on one core).
 *
 * Methods (H = −∫ p log p, nats):
 *  - grid: the exact log-density (src/data/toy/*.ts) on a midpoint grid of spacing 0.01 over
 *    [−4.5, 4.5]², H ≈ −Σ p log p · Δ². The densities are smooth at scale σ ≥ 0.08 ≫ Δ, so the
 *    sum is accurate to well below 1e-3 nats.
 *  - radial (rings): the density depends on r only, H = −∫ 2πr p(r) log p(r) dr by Simpson's rule.
 *  - Monte-Carlo KDE (pinwheel, which has no closed-form density): 10⁷ samples binned on a grid of
 *    spacing 0.01, smoothed by a Gaussian kernel of width b, H(b) = −Σ p̂ log p̂ Δ². Smoothing adds
 *    about c·b² to the entropy; Richardson extrapolation from b and 2b, H ≈ H(b) − (H(2b) − H(b))/3,
 *    removes that term. The same estimator is run on sets whose entropy is known, to show its error.
 */
import { createRng } from '../src/data/random';
import { getDataset, datasetNames, type Dataset } from '../src/data/datasets';
import { ringsLogDensityAtRadius, RING_RADII, RINGS_STD } from '../src/data/toy/rings';

const LIM = 4.5;
const STEP = 0.01;
const N_GRID = Math.round((2 * LIM) / STEP);

function gridEntropy(ds: Dataset): number {
  const row = new Float32Array(2 * N_GRID);
  let h = 0;
  for (let j = 0; j < N_GRID; j++) {
    const y = -LIM + (j + 0.5) * STEP;
    for (let i = 0; i < N_GRID; i++) {
      row[2 * i] = -LIM + (i + 0.5) * STEP;
      row[2 * i + 1] = y;
    }
    const lp = ds.logDensity!(row);
    for (let i = 0; i < N_GRID; i++) if (lp[i] > -700) h -= Math.exp(lp[i]) * lp[i];
  }
  return h * STEP * STEP;
}

function gridMass(ds: Dataset): number {
  const row = new Float32Array(2 * N_GRID);
  let m = 0;
  for (let j = 0; j < N_GRID; j += 1) {
    const y = -LIM + (j + 0.5) * STEP;
    for (let i = 0; i < N_GRID; i++) {
      row[2 * i] = -LIM + (i + 0.5) * STEP;
      row[2 * i + 1] = y;
    }
    const lp = ds.logDensity!(row);
    for (let i = 0; i < N_GRID; i++) m += Math.exp(lp[i]);
  }
  return m * STEP * STEP;
}

function radialRingsEntropy(): number {
  const rMax = RING_RADII[0] + 12 * RINGS_STD;
  const n = 200_000; // even
  const dr = rMax / n;
  let s = 0;
  for (let k = 0; k <= n; k++) {
    const r = k * dr;
    const lp = ringsLogDensityAtRadius(r);
    const f = lp > -700 ? -2 * Math.PI * r * Math.exp(lp) * lp : 0;
    s += f * (k === 0 || k === n ? 1 : k % 2 === 1 ? 4 : 2);
  }
  return (s * dr) / 3;
}

function histogram(ds: Dataset, samples: number, seed: number): { counts: Float64Array; total: number } {
  const counts = new Float64Array(N_GRID * N_GRID);
  const rng = createRng(seed);
  const chunk = 1_000_000;
  let total = 0;
  for (let done = 0; done < samples; done += chunk) {
    const pts = ds.sample(chunk, rng);
    for (let i = 0; i < chunk; i++) {
      const gx = Math.floor((pts[2 * i] + LIM) / STEP);
      const gy = Math.floor((pts[2 * i + 1] + LIM) / STEP);
      if (gx >= 0 && gx < N_GRID && gy >= 0 && gy < N_GRID) counts[gy * N_GRID + gx]++;
      total++; // points outside the frame are counted in the total (they are a negligible mass)
    }
  }
  return { counts, total };
}

/** Separable Gaussian smoothing of a square grid, kernel width b (data units). */
function smooth(src: Float64Array, b: number): Float64Array {
  const radius = Math.ceil((4 * b) / STEP);
  const kernel = new Float64Array(2 * radius + 1);
  let ks = 0;
  for (let k = -radius; k <= radius; k++) ks += kernel[k + radius] = Math.exp(-((k * STEP) ** 2) / (2 * b * b));
  for (let k = 0; k < kernel.length; k++) kernel[k] /= ks;
  const tmp = new Float64Array(src.length);
  const out = new Float64Array(src.length);
  for (let y = 0; y < N_GRID; y++)
    for (let x = 0; x < N_GRID; x++) {
      let s = 0;
      for (let k = -radius; k <= radius; k++) {
        const xx = x + k;
        if (xx >= 0 && xx < N_GRID) s += kernel[k + radius] * src[y * N_GRID + xx];
      }
      tmp[y * N_GRID + x] = s;
    }
  for (let y = 0; y < N_GRID; y++)
    for (let x = 0; x < N_GRID; x++) {
      let s = 0;
      for (let k = -radius; k <= radius; k++) {
        const yy = y + k;
        if (yy >= 0 && yy < N_GRID) s += kernel[k + radius] * tmp[yy * N_GRID + x];
      }
      out[y * N_GRID + x] = s;
    }
  return out;
}

function histEntropy(density: Float64Array): number {
  let h = 0;
  for (const p of density) if (p > 0) h -= p * Math.log(p);
  return h * STEP * STEP;
}

function monteCarloKdeEntropy(ds: Dataset, b: number): { h: number; hb: number; h2b: number } {
  const { counts, total } = histogram(ds, 10_000_000, 12345);
  const scale = 1 / (total * STEP * STEP);
  const dens = counts.map((c) => c * scale);
  const hb = histEntropy(smooth(dens, b));
  const h2b = histEntropy(smooth(dens, 2 * b));
  return { h: hb - (h2b - hb) / 3, hb, h2b };
}

const t0 = Date.now();
const result: Record<string, unknown> = {};
for (const name of datasetNames) {
  const ds = getDataset(name);
  const row: Record<string, number | string> = {};
  if (ds.logDensity && name !== 'checkerboard') {
    row.gridMass = gridMass(ds);
    row.gridEntropy = gridEntropy(ds);
  }
  if (name === 'rings') row.radialEntropy = radialRingsEntropy();
  const kde = monteCarloKdeEntropy(ds, 0.02);
  row.mcKdeEntropy = kde.h;
  row.mcKdeB = kde.hb;
  row.mcKde2B = kde.h2b;
  if (ds.entropy) row.declared = ds.entropy.nats;
  result[name] = row;
  console.error(name, JSON.stringify(row), `${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
console.log(JSON.stringify(result, null, 2));
