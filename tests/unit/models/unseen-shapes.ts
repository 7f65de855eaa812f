/**
 * Three distributions that none of the seven built-in toy sets resembles and that no default was
 * tuned on: the shapes a reader who draws their own data meets. Each has an exact density (so the
 * held-out NLL can be read against its entropy) and lies inside the lab's box [−4, 4]².
 *   grid-25          25 small modes on a 5 × 5 grid (spacing 1.2, std 0.06): many sharp, equal modes;
 *   heavy-tails      independent Student-t (ν = 3, scale 0.6) coordinates, truncated to the box;
 *   curve-and-blob   a thin arc (std 0.03) beside a dense Gaussian blob (std 0.25), half the mass each.
 * Not a test file (vitest collects *.test.ts only).
 */
import type { Dataset } from '../../../src/data/datasets';
import { drawnDataset } from '../../../src/data/toy/drawn';
import { LOG_2PI, logSumExp } from '../../../src/data/toy/density-math';
import type { Rng } from '../../../src/data/random';

export type UnseenShape = 'grid-25' | 'heavy-tails' | 'curve-and-blob';
export const unseenShapes: readonly UnseenShape[] = ['grid-25', 'heavy-tails', 'curve-and-blob'];

/** Midpoint-rule entropy over the box [−4, 4]² with `cells` cells per axis. */
function gridEntropy(logDensity: (x: Float32Array) => Float64Array, cells = 800): number {
  const step = 8 / cells;
  const row = new Float32Array(2 * cells);
  let h = 0;
  for (let j = 0; j < cells; j++) {
    for (let i = 0; i < cells; i++) {
      row[2 * i] = -4 + (i + 0.5) * step;
      row[2 * i + 1] = -4 + (j + 0.5) * step;
    }
    const lp = logDensity(row);
    for (let i = 0; i < cells; i++) if (lp[i] > -700) h -= Math.exp(lp[i]) * lp[i];
  }
  return h * step * step;
}

function grid25(): Dataset {
  const centres: number[] = [];
  for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) centres.push(-2.4 + 1.2 * i, -2.4 + 1.2 * j);
  return drawnDataset(Float32Array.from(centres), 0.06);
}

const NU = 3;
const T_SCALE = 0.6;
const T_BOUND = 4;
/** CDF of Student's t with ν = 3 (closed form). */
const tCdf3 = (t: number): number => 0.5 + (1 / Math.PI) * ((t / Math.sqrt(3)) / (1 + (t * t) / 3) + Math.atan(t / Math.sqrt(3)));
/** log pdf of t₃: Γ(2)/(√(3π) Γ(3/2)) (1 + t²/3)^−2. */
const logT3 = (t: number): number => Math.log(2 / (Math.PI * Math.sqrt(3))) - 2 * Math.log(1 + (t * t) / 3);
const T_MASS = tCdf3(T_BOUND / T_SCALE) - tCdf3(-T_BOUND / T_SCALE);

function heavyTails(): Dataset {
  const draw = (rng: Rng): number => {
    for (;;) {
      // t₃ = z / √(χ²₃ / 3), χ²₃ = 2 Gamma(3/2).
      const t = (rng.normal() / Math.sqrt((2 * rng.gamma(NU / 2)) / NU)) * T_SCALE;
      if (Math.abs(t) < T_BOUND) return t;
    }
  };
  const logDensity = (x: Float32Array): Float64Array => {
    const out = new Float64Array(x.length >> 1);
    for (let i = 0; i < out.length; i++) {
      let lp = 0;
      for (const v of [x[2 * i], x[2 * i + 1]]) {
        lp += Math.abs(v) < T_BOUND ? logT3(v / T_SCALE) - Math.log(T_SCALE) - Math.log(T_MASS) : -Infinity;
      }
      out[i] = lp;
    }
    return out;
  };
  return withEntropy({
    name: 'drawn',
    sample(n, rng) {
      const out = new Float32Array(2 * n);
      for (let i = 0; i < 2 * n; i++) out[i] = draw(rng);
      return out;
    },
    logDensity,
  });
}

const ARC_STD = 0.03;
const BLOB_STD = 0.25;
const BLOB = [0.6, -0.9];
/** The arc: radius 2.4 around the origin, angles 20°…160° (the upper half, clear of the blob). */
const arcPoint = (u: number): [number, number] => {
  const a = ((20 + 140 * u) * Math.PI) / 180;
  return [2.4 * Math.cos(a), 2.4 * Math.sin(a)];
};
const ARC_NODES = 400;

function curveAndBlob(): Dataset {
  const nodes = new Float64Array(2 * ARC_NODES);
  for (let k = 0; k < ARC_NODES; k++) [nodes[2 * k], nodes[2 * k + 1]] = arcPoint((k + 0.5) / ARC_NODES);
  const logDensity = (x: Float32Array): Float64Array => {
    const out = new Float64Array(x.length >> 1);
    const terms = new Float64Array(ARC_NODES);
    for (let i = 0; i < out.length; i++) {
      const [px, py] = [x[2 * i], x[2 * i + 1]];
      // The arc as a fine mixture along the curve (midpoint quadrature of the uniform angle).
      for (let k = 0; k < ARC_NODES; k++) {
        terms[k] = -((px - nodes[2 * k]) ** 2 + (py - nodes[2 * k + 1]) ** 2) / (2 * ARC_STD ** 2);
      }
      const arc = logSumExp(terms) - Math.log(ARC_NODES) - LOG_2PI - 2 * Math.log(ARC_STD);
      const blob = -((px - BLOB[0]) ** 2 + (py - BLOB[1]) ** 2) / (2 * BLOB_STD ** 2) - LOG_2PI - 2 * Math.log(BLOB_STD);
      const m = Math.max(arc, blob);
      out[i] = m + Math.log(0.5 * Math.exp(arc - m) + 0.5 * Math.exp(blob - m));
    }
    return out;
  };
  return withEntropy({
    name: 'drawn',
    sample(n, rng) {
      const out = new Float32Array(2 * n);
      for (let i = 0; i < n; i++) {
        if (rng.uniform() < 0.5) {
          const [cx, cy] = arcPoint(rng.uniform());
          out[2 * i] = cx + ARC_STD * rng.normal();
          out[2 * i + 1] = cy + ARC_STD * rng.normal();
        } else {
          out[2 * i] = BLOB[0] + BLOB_STD * rng.normal();
          out[2 * i + 1] = BLOB[1] + BLOB_STD * rng.normal();
        }
      }
      return out;
    },
    logDensity,
  });
}

function withEntropy(d: Omit<Dataset, 'entropy'>): Dataset {
  let cached: Dataset['entropy'];
  return {
    ...d,
    get entropy() {
      if (!cached) cached = { nats: gridEntropy(d.logDensity!), method: 'numerical' };
      return cached;
    },
  };
}

const cache = new Map<UnseenShape, Dataset>();

/** The named unseen shape (built once). */
export function unseenShape(name: UnseenShape): Dataset {
  let d = cache.get(name);
  if (!d) {
    d = name === 'grid-25' ? grid25() : name === 'heavy-tails' ? heavyTails() : curveAndBlob();
    cache.set(name, d);
  }
  return d;
}
