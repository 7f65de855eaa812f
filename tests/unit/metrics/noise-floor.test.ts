import { describe, expect, it } from 'vitest';
import { noiseFloor } from '../../../src/metrics/noise-floor';
import { energyDistance } from '../../../src/metrics/energy-distance';
import { getDataset } from '../../../src/data/datasets';
import { createRng } from '../../../src/data/random';

describe('noiseFloor', () => {
  it('is positive, of order 1/n, and stable across seeds', () => {
    const ds = getDataset('eight-gaussians');
    const a = noiseFloor(ds, 1000, 6, createRng(1));
    const b = noiseFloor(ds, 1000, 6, createRng(2));
    expect(a.mean).toBeGreaterThan(0);
    expect(a.std).toBeGreaterThan(0);
    expect(a.n).toBe(1000);
    expect(a.draws).toBe(6);
    expect(Math.abs(a.mean - b.mean)).toBeLessThan(3 * Math.max(a.std, b.std));
    // Doubling n roughly halves the V-statistic's bias.
    const c = noiseFloor(ds, 500, 6, createRng(3));
    expect(c.mean / a.mean).toBeGreaterThan(1.4);
    expect(c.mean / a.mean).toBeLessThan(2.8);
  });

  it('is reproducible from the seed and equals the mean of the draws', () => {
    const ds = getDataset('two-moons');
    const f = noiseFloor(ds, 200, 3, createRng(9));
    const rng = createRng(9);
    const v = [0, 1, 2].map(() => energyDistance(ds.sample(200, rng), ds.sample(200, rng)));
    const mean = (v[0] + v[1] + v[2]) / 3;
    const std = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / 2);
    expect(f.mean).toBeCloseTo(mean, 12);
    expect(f.std).toBeCloseTo(std, 12);
  });

  it('lies well below the distance to a different distribution', () => {
    const rng = createRng(4);
    const floor = noiseFloor(getDataset('eight-gaussians'), 500, 3, rng);
    const data = getDataset('eight-gaussians').sample(500, rng);
    // An "untrained model": standard normal samples.
    const gaussian = new Float32Array(1000).map(() => rng.normal());
    expect(energyDistance(gaussian, data)).toBeGreaterThan(10 * floor.mean);
    // A "collapsed model": the right half of the modes only.
    const folded = getDataset('eight-gaussians').sample(500, rng).map((v, i) => (i % 2 === 0 ? Math.abs(v) : v));
    expect(energyDistance(folded, data)).toBeGreaterThan(10 * floor.mean);
  });

  it('rejects bad arguments', () => {
    expect(() => noiseFloor(getDataset('rings'), 1, 3, createRng(1))).toThrow(/n must be/);
    expect(() => noiseFloor(getDataset('rings'), 10, 0, createRng(1))).toThrow(/draws must be/);
  });
});
