import type { Dataset } from '../datasets';
import type { Rng } from '../random';
import { logNormalCdfDiff, logSumExp, midpointNodes } from './density-math';
import { hardCodedEntropies } from './entropies';

/**
 * Two spirals, as in FFJORD: n = √u · 540° (in radians, so n ∈ [0, 3π]), u ~ U(0, 1); one arm at
 * (−n cos n + a, n sin n + b) with a, b ~ U(0, 0.5), the other its mirror image through the
 * origin; everything divided by 3, then isotropic Gaussian noise of std 0.1 added. (The uniform
 * offset (a, b) is FFJORD's: it thickens each arm and is not centred.)
 */
export const TWO_SPIRALS_STD = 0.1;
const N_MAX = 3 * Math.PI;
const BOX = 0.5 / 3; // width of the uniform offset after the division by 3

function armCentre(n: number): [number, number] {
  return [(-n * Math.cos(n)) / 3, (n * Math.sin(n)) / 3];
}

/**
 * Density of one arm, q(x) = ∫₀¹ Π_d g(x_d − c_d(n(u))) du with n(u) = 3π√u, where
 * g(v) = (1/w)[Φ(v/σ) − Φ((v − w)/σ)] is the density of U(0, w) + N(0, σ²), w = 1/6.
 * The midpoint rule in u with 1024 nodes puts nodes at most 0.015 = σ/7 apart along the arc.
 * The mirror arm has density q(−x), so p(x) = ½[q(x) + q(−x)].
 * Nodes more than 1 further away than the nearest node contribute less than e^{−29} relative,
 * and are skipped.
 */
const NODES = 1024;
const nodeCentres: Float64Array = (() => {
  const u = midpointNodes(0, 1, NODES);
  const c = new Float64Array(2 * NODES);
  for (let k = 0; k < NODES; k++) {
    const [x, y] = armCentre(N_MAX * Math.sqrt(u[k]));
    c[2 * k] = x;
    c[2 * k + 1] = y;
  }
  return c;
})();

function logBoxGaussExact(v: number): number {
  return logNormalCdfDiff(v / TWO_SPIRALS_STD, (v - BOX) / TWO_SPIRALS_STD) - Math.log(BOX);
}

// log g tabulated on [−1.5, 1.7] (spacing 5e-4, linear interpolation: error below 4e-6 nats, as
// |(log g)″| ≤ 1/σ²); the density sum only needs |v| ≤ 1.4 for points near the data, and the
// exact formula takes over outside the table. This makes a log-density about 10× cheaper.
const TABLE_MIN = -1.5;
const TABLE_STEP = 5e-4;
const TABLE_SIZE = Math.round(3.2 / TABLE_STEP) + 1;
const logBoxGaussTable: Float64Array = (() => {
  const t = new Float64Array(TABLE_SIZE);
  for (let i = 0; i < TABLE_SIZE; i++) t[i] = logBoxGaussExact(TABLE_MIN + i * TABLE_STEP);
  return t;
})();

function logBoxGauss(v: number): number {
  const f = (v - TABLE_MIN) / TABLE_STEP;
  const i = Math.floor(f);
  if (i < 0 || i >= TABLE_SIZE - 1) return logBoxGaussExact(v);
  const w = f - i;
  return (1 - w) * logBoxGaussTable[i] + w * logBoxGaussTable[i + 1];
}

const terms = new Float64Array(2 * NODES);

function logDensityAt(x: number, y: number): number {
  let minD2 = Infinity;
  for (let s = 0; s < 2; s++) {
    const sx = s === 0 ? x : -x;
    const sy = s === 0 ? y : -y;
    for (let k = 0; k < NODES; k++) {
      const dx = sx - nodeCentres[2 * k] - BOX / 2;
      const dy = sy - nodeCentres[2 * k + 1] - BOX / 2;
      const d2 = dx * dx + dy * dy;
      if (d2 < minD2) minD2 = d2;
    }
  }
  const cutoff = (Math.sqrt(minD2) + 1) ** 2;
  let count = 0;
  for (let s = 0; s < 2; s++) {
    const sx = s === 0 ? x : -x;
    const sy = s === 0 ? y : -y;
    for (let k = 0; k < NODES; k++) {
      const vx = sx - nodeCentres[2 * k];
      const vy = sy - nodeCentres[2 * k + 1];
      const dx = vx - BOX / 2;
      const dy = vy - BOX / 2;
      if (dx * dx + dy * dy > cutoff) continue;
      terms[count++] = logBoxGauss(vx) + logBoxGauss(vy);
    }
  }
  return logSumExp(terms, count) - Math.log(2 * NODES);
}

export const twoSpirals: Dataset = {
  name: 'two-spirals',
  sample(n: number, rng: Rng): Float32Array {
    const out = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) {
      const [cx, cy] = armCentre(N_MAX * Math.sqrt(rng.uniform()));
      const sign = rng.uniform() < 0.5 ? 1 : -1;
      const x = cx + BOX * rng.uniform();
      const y = cy + BOX * rng.uniform();
      out[2 * i] = sign * x + TWO_SPIRALS_STD * rng.normal();
      out[2 * i + 1] = sign * y + TWO_SPIRALS_STD * rng.normal();
    }
    return out;
  },
  logDensity(points: Float32Array): Float64Array {
    const out = new Float64Array(points.length >> 1);
    for (let i = 0; i < out.length; i++) out[i] = logDensityAt(points[2 * i], points[2 * i + 1]);
    return out;
  },
  entropy: hardCodedEntropies['two-spirals'],
};
