import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/data/random';
import { gridLangevin, gridNodes, interpolateGradient, tabulateGradient } from '../../../src/models/grid-langevin';
import { langevin, langevinNoise } from '../../../src/models/langevin';

/** A field given point by point, as tabulateGradient wants it (interleaved in, interleaved out). */
const pointwise = (f: (x: number, y: number) => [number, number]) => (p: Float32Array): Float32Array => {
  const out = new Float32Array(p.length);
  for (let i = 0; i < p.length; i += 2) [out[i], out[i + 1]] = f(p[i], p[i + 1]);
  return out;
};

// A smooth energy with two wells and curvature everywhere, E = (x² − 1)² + y²/2 + 0.3 sin 2y, and its gradient.
const doubleWell = (x: number, y: number): [number, number] => [4 * x * (x * x - 1), y + 0.6 * Math.cos(2 * y)];

describe('grid Langevin: the gradient table', () => {
  it('lays the nodes out row by row over [−box, box]²', () => {
    const nodes = gridNodes(2, 4);
    expect(nodes.length).toBe(2 * 25);
    expect(Array.from(nodes.slice(0, 4))).toEqual([-2, -2, -1, -2]);
    expect(Array.from(nodes.slice(2 * 5, 2 * 5 + 2))).toEqual([-2, -1]);
    expect(Array.from(nodes.slice(-2))).toEqual([2, 2]);
  });

  it('interpolates a linear field exactly, inside the box and beyond its edge', () => {
    const field = (x: number, y: number): [number, number] => [3 * x - y + 0.5, 2 * x + 4 * y - 1];
    const grid = tabulateGradient(pointwise(field), 4, 16);
    const out = [0, 0];
    const rng = createRng(2);
    for (let i = 0; i < 200; i++) {
      const [x, y] = [10 * rng.uniform() - 5, 10 * rng.uniform() - 5];
      interpolateGradient(grid, x, y, out);
      const [gx, gy] = field(x, y);
      expect(out[0]).toBeCloseTo(gx, 3);
      expect(out[1]).toBeCloseTo(gy, 3);
    }
  });

  it('has an error of second order in the cell size on a curved field', () => {
    const maxError = (cells: number): number => {
      const grid = tabulateGradient(pointwise(doubleWell), 2, cells);
      const out = [0, 0];
      const rng = createRng(4);
      let worst = 0;
      for (let i = 0; i < 2000; i++) {
        const [x, y] = [4 * rng.uniform() - 2, 4 * rng.uniform() - 2];
        interpolateGradient(grid, x, y, out);
        const [gx, gy] = doubleWell(x, y);
        worst = Math.max(worst, Math.hypot(out[0] - gx, out[1] - gy));
      }
      return worst;
    };
    const [coarse, fine] = [maxError(32), maxError(64)];
    // Halving h divides a second-order error by 4 (first order would give 2).
    expect(coarse / fine).toBeGreaterThan(3.3);
    expect(coarse / fine).toBeLessThan(4.7);
  });

  it('rejects a table of the wrong size, and bad cells or box', () => {
    expect(() => tabulateGradient(() => new Float32Array(3), 1, 2)).toThrow(/expected 18/);
    expect(() => tabulateGradient(pointwise(doubleWell), 1, 0)).toThrow(/cells/);
    expect(() => tabulateGradient(pointwise(doubleWell), 0, 4)).toThrow(/box/);
  });
});

describe('grid Langevin: the chains', () => {
  it('samples N(0, s²) on the quadratic energy ‖x‖²/(2s²), whose gradient the table holds exactly', () => {
    const [s, eta] = [0.5, 0.01];
    const grid = tabulateGradient(pointwise((x, y) => [x / (s * s), y / (s * s)]), 4, 8);
    const v = gridLangevin(grid, new Float32Array(8000), 400, eta, createRng(3));
    let [mean, m2] = [0, 0];
    for (const x of v) [mean, m2] = [mean + x / v.length, m2 + (x * x) / v.length];
    expect(Math.abs(mean)).toBeLessThan(0.02);
    // The discretised chain's stationary variance s²/(1 − η/(4s²)) (langevin.ts).
    expect((m2 - mean * mean) / ((s * s) / (1 - eta / (4 * s * s)))).toBeCloseTo(1, 1);
  });

  it('follows the exact chain (same noise) to within a few thousandths on a curved energy', () => {
    const n = 1000;
    const rng = createRng(8);
    const x0 = new Float32Array(2 * n);
    for (let i = 0; i < x0.length; i++) x0[i] = 4 * rng.uniform() - 2;
    const [steps, eta] = [100, 0.005];
    const exact = langevin((p) => pointwise(doubleWell)(p), x0, 2, steps, eta, createRng(9), { box: 2 });
    const distances = (cells: number): number[] => {
      const grid = tabulateGradient(pointwise(doubleWell), 2, cells);
      const noiseRng = createRng(9); // the same noise, drawn in the same order as the exact chain's
      const x = gridLangevin(grid, x0, steps, eta, noiseRng, (out, e, k) => out.set(langevinNoise(out.length, e, k, noiseRng)));
      const d: number[] = [];
      for (let i = 0; i < n; i++) d.push(Math.hypot(x[2 * i] - exact[2 * i], x[2 * i + 1] - exact[2 * i + 1]));
      return d.sort((a, b) => a - b);
    };
    const [coarse, fine] = [distances(32), distances(64)];
    const median = (d: number[]): number => d[d.length >> 1];
    console.log(`grid Langevin vs exact, double well, 100 steps: median distance ${median(coarse).toExponential(2)} (32 cells), ${median(fine).toExponential(2)} (64 cells)`);
    expect(median(fine)).toBeLessThan(3e-3);
    expect(fine[Math.floor(0.9 * n)]).toBeLessThan(1e-2);
    expect(median(coarse) / median(fine)).toBeGreaterThan(2.5);
  });

  it('keeps the chains in the box and x0 unchanged', () => {
    const grid = tabulateGradient(pointwise(() => [-50, 50]), 1, 4); // the drift −(η/2)∇E pushes right and down
    const x0 = new Float32Array([0, 0, 0.5, -0.5]);
    const x = gridLangevin(grid, x0, 10, 0.1, createRng(1));
    expect(Array.from(x0)).toEqual([0, 0, 0.5, -0.5]);
    for (let i = 0; i < x.length; i++) expect(Math.abs(x[i])).toBeLessThanOrEqual(1);
    expect(x[0]).toBe(1);
    expect(x[1]).toBe(-1);
    expect(() => gridLangevin(grid, new Float32Array(3), 1, 0.1, createRng(1))).toThrow(/2-D/);
    expect(() => gridLangevin(grid, x0, 1, -1, createRng(1))).toThrow(/step size/);
  });

  it('caps each step where the energy is steep, and stays stable where the plain step diverges', () => {
    // E = κ‖x‖²/2 with κ = 1000 and η = 0.01: ηκ = 10 > 4, so the plain step multiplies x by
    // 1 − ηκ/2 = −4 each step and the chains end on the box's edge. With the drift capped at 0.05
    // they stay within a few caps of the minimum.
    const kappa = 1000;
    const grid = tabulateGradient(pointwise((x, y) => [kappa * x, kappa * y]), 4, 64);
    const x0 = new Float32Array(2000).map((_, i) => 0.5 * Math.sin(i));
    const plain = gridLangevin(grid, x0, 100, 0.01, createRng(2));
    const capped = gridLangevin(grid, x0, 100, 0.01, createRng(2), undefined, 0.05);
    const exact = langevin(pointwise((x, y) => [kappa * x, kappa * y]), x0, 2, 100, 0.01, createRng(2), { box: 4, maxDrift: 0.05 });
    const rms = (v: Float32Array): number => Math.sqrt(v.reduce((s, a) => s + a * a, 0) / v.length);
    const onEdge = (v: Float32Array): number => v.filter((a) => Math.abs(a) >= 4).length / v.length;
    expect(onEdge(plain)).toBeGreaterThan(0.5);
    expect(onEdge(capped)).toBe(0);
    expect(rms(capped)).toBeLessThan(0.1);
    expect(rms(exact)).toBeLessThan(0.1);
    // A gentle energy (drift under the cap everywhere it matters) is left as the plain chain.
    const gentle = tabulateGradient(pointwise((x, y) => [x, y]), 4, 8);
    const a = gridLangevin(gentle, x0, 20, 0.01, createRng(5));
    const b = gridLangevin(gentle, x0, 20, 0.01, createRng(5), undefined, 0.05);
    expect(Array.from(b)).toEqual(Array.from(a));
  });
});
