import type { Rng } from '../data/random';
import { fillNormals } from '../data/ziggurat';
import { langevinMove, stepSizeSchedule, type StepSize } from './langevin';

/**
 * Langevin dynamics in 2-D on a table of the energy's gradient.
 *
 * Sampling 10,000 points with 100 Langevin steps asks the energy network for a million gradients. In
 * two dimensions the gradient field can be tabulated once instead: ∇E at the nodes of a
 * (cells + 1)² grid on the box [−box, box]², computed exactly (one forward and one backward pass of
 * the network over the nodes), then read by bilinear interpolation. Bilinear interpolation is exact
 * for a linear field, so in the quadratic wells around the modes, where ∇E is nearly linear, the
 * table's error is second order in the cell size h (about ⅛ h² times the third derivative of E).
 * The chain's update is the exact chain's (./langevin.ts, langevinMove, with its step control):
 *   x_{k+1} = clamp(x_k − (η/2) ∇E(x_k) + √η ε_k, −box, box),
 * with ε_k from the ziggurat (../data/ziggurat.ts). With 128 cells on [−4, 4]² (h = 1/16), run with
 * the same noise, a trained EBM's chains end a median 2e-3 from the exact chains' end points (each of
 * the 8 Gaussians has std 0.1; tests/unit/models/ebm.test.ts), and halving h quarters the error
 * (grid-langevin.test.ts). The trick needs the whole domain on a grid, so it only pays in very low
 * dimension: in d dimensions the table has (cells + 1)^d nodes.
 */
export interface GradientGrid {
  readonly box: number;
  readonly cells: number;
  /** ∇E at node (i, j) = (−box + i h, −box + j h), interleaved: [∂E/∂x, ∂E/∂y] at 2 (j (cells + 1) + i). */
  readonly gradient: Float32Array;
}

/** The nodes of the grid, row by row (y outer, x inner), interleaved [x, y]. */
export function gridNodes(box: number, cells: number): Float32Array {
  const side = cells + 1;
  const h = (2 * box) / cells;
  const nodes = new Float32Array(2 * side * side);
  for (let j = 0; j < side; j++) {
    for (let i = 0; i < side; i++) {
      nodes[2 * (j * side + i)] = -box + i * h;
      nodes[2 * (j * side + i) + 1] = -box + j * h;
    }
  }
  return nodes;
}

/** Tabulate ∇E: `gradientAt` maps interleaved points [n × 2] to their gradients [n × 2]. */
export function tabulateGradient(gradientAt: (points: Float32Array) => Float32Array, box: number, cells: number): GradientGrid {
  if (!Number.isInteger(cells) || cells < 1) throw new Error(`gradient grid: cells must be a positive integer, got ${cells}`);
  if (!(box > 0)) throw new Error(`gradient grid: box must be positive, got ${box}`);
  const nodes = gridNodes(box, cells);
  const gradient = gradientAt(nodes);
  if (gradient.length !== nodes.length) throw new Error(`gradient grid: expected ${nodes.length} gradient values, got ${gradient.length}`);
  return { box, cells, gradient };
}

/** ∇E at (x, y) by bilinear interpolation, written to out[0], out[1]. Points outside the box use the border cell. */
export function interpolateGradient(grid: GradientGrid, x: number, y: number, out: Float32Array | number[]): void {
  const { box, cells, gradient: g } = grid;
  const side = cells + 1;
  const scale = cells / (2 * box);
  const u = (x + box) * scale;
  const v = (y + box) * scale;
  const i = u <= 0 ? 0 : u >= cells ? cells - 1 : Math.floor(u);
  const j = v <= 0 ? 0 : v >= cells ? cells - 1 : Math.floor(v);
  const fu = u - i;
  const fv = v - j;
  const a = 2 * (j * side + i); // corners a (i, j), b (i+1, j), c (i, j+1), d (i+1, j+1)
  const c = a + 2 * side;
  const w00 = (1 - fu) * (1 - fv);
  const w10 = fu * (1 - fv);
  const w01 = (1 - fu) * fv;
  const w11 = fu * fv;
  out[0] = w00 * g[a] + w10 * g[a + 2] + w01 * g[c] + w11 * g[c + 2];
  out[1] = w00 * g[a + 1] + w10 * g[a + 3] + w01 * g[c + 1] + w11 * g[c + 3];
}

/**
 * Langevin chains from x0 ([n × 2], interleaved; not changed) on the tabulated gradient, clamped to
 * the grid's box, each step capped at `maxDrift` as in langevinMove. `noise` fills one step's noise
 * √η_k ε_k (default: ziggurat normals from `rng`).
 */
export function gridLangevin(
  grid: GradientGrid,
  x0: Float32Array,
  steps: number,
  stepSize: StepSize,
  rng: Rng,
  noise: (out: Float32Array, eta: number, k: number) => void = (out, eta) => fillNormals(out, rng, Math.sqrt(eta)),
  maxDrift = Infinity,
): Float32Array {
  if (x0.length % 2 !== 0) throw new Error(`gridLangevin: ${x0.length} coordinates are not 2-D points`);
  const etaAt = stepSizeSchedule(steps, stepSize);
  const x = x0.slice();
  const eps = new Float32Array(x.length);
  const grad = new Float32Array(x.length);
  const g = new Float32Array(2);
  for (let k = 0; k < steps; k++) {
    const eta = etaAt(k);
    noise(eps, eta, k);
    for (let p = 0; p < x.length; p += 2) {
      interpolateGradient(grid, x[p], x[p + 1], g);
      grad[p] = g[0];
      grad[p + 1] = g[1];
    }
    langevinMove(x, grad, eps, 2, eta, maxDrift, grid.box);
  }
  return x;
}
