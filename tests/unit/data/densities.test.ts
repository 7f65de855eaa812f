import { describe, expect, it } from 'vitest';
import { datasetNames, getDataset, type Dataset } from '../../../src/data/datasets';
import { createRng } from '../../../src/data/random';

/** ∫ p over [−lim, lim]² by the midpoint rule with the given spacing. */
function gridMass(ds: Dataset, lim: number, step: number): number {
  const n = Math.round((2 * lim) / step);
  const pts = new Float32Array(2 * n * n);
  for (let j = 0; j < n; j++)
    for (let i = 0; i < n; i++) {
      pts[2 * (j * n + i)] = -lim + (i + 0.5) * step;
      pts[2 * (j * n + i) + 1] = -lim + (j + 0.5) * step;
    }
  const lp = ds.logDensity!(pts);
  let s = 0;
  for (const v of lp) s += Math.exp(v);
  return s * step * step;
}

describe('exact densities', () => {
  it('exist for every set but pinwheel', () => {
    for (const name of datasetNames) expect(typeof getDataset(name).logDensity === 'function').toBe(name !== 'pinwheel');
  });

  // The midpoint rule converges like exp(−2π²σ²/h²) for a density smooth at scale σ, so a
  // spacing h near σ (0.08 to 0.2 here) already gives the integral to 1e-4.
  it.each([
    ['eight-gaussians', 0.05],
    ['two-moons', 0.1],
    ['swiss-roll', 0.1],
    ['rings', 0.04],
    ['checkerboard', 0.05],
    ['two-spirals', 0.08],
  ] as const)('%s integrates to 1 on a grid', (name, step) => {
    expect(gridMass(getDataset(name), 4, step)).toBeCloseTo(1, 3);
  });

  it('8 Gaussians: log p at a centre matches the hand-computed mixture value', () => {
    // At a centre the own component gives 1/(2πσ²) = 100/(2π); the others are ≥ 15σ away (≈ 0).
    const lp = getDataset('eight-gaussians').logDensity!(new Float32Array([2, 0]))[0];
    expect(lp).toBeCloseTo(Math.log(100 / (2 * Math.PI) / 8), 10);
  });

  it('rings: log p on a ring matches the Gaussian-blurred circle', () => {
    // On the outer ring (R = 3), with σ = 0.08 ≪ R, p ≈ (1/4)·(1/(2πR))·N(0; 0, σ²) in 1-D.
    const lp = getDataset('rings').logDensity!(new Float32Array([3, 0]))[0];
    const approx = Math.log(0.25 / (2 * Math.PI * 3) / (Math.sqrt(2 * Math.PI) * 0.08));
    expect(lp).toBeCloseTo(approx, 2);
  });

  it('gives far points a finite, very low log-density (no log 0)', () => {
    for (const name of ['eight-gaussians', 'two-moons', 'swiss-roll', 'rings', 'two-spirals']) {
      const lp = getDataset(name).logDensity!(new Float32Array([40, -40]))[0];
      expect(Number.isFinite(lp)).toBe(true);
      expect(lp).toBeLessThan(-100);
    }
  });

  it('is symmetric where the set is (spirals under x → −x)', () => {
    const p = getDataset('two-spirals').sample(50, createRng(5));
    const q = p.map((v) => -v);
    const a = getDataset('two-spirals').logDensity!(p);
    const b = getDataset('two-spirals').logDensity!(q);
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i], 9);
  });
});
