import { describe, expect, it } from 'vitest';
import { energyDistance } from '../../../src/metrics/energy-distance';
import { createRng } from '../../../src/data/random';
import { getDataset } from '../../../src/data/datasets';

describe('energyDistance (V-statistic, Székely & Rizzo)', () => {
  it('matches a hand computation on two 3-point sets', () => {
    // a = {(0,0), (1,0), (0,1)}, b = 2a.
    // Within a: ordered pairs sum 2·(1 + 1 + √2) = 4 + 2√2; within b: twice that.
    // Across: from (0,0): 0 + 2 + 2; from (1,0): 1 + 1 + √5; from (0,1): 1 + √5 + 1 → 8 + 2√5.
    // E = 2(8 + 2√5)/9 − (4 + 2√2)/9 − (8 + 4√2)/9 = (4 + 4√5 − 6√2)/9 ≈ 0.495443.
    const a = new Float32Array([0, 0, 1, 0, 0, 1]);
    const b = new Float32Array([0, 0, 2, 0, 0, 2]);
    const expected = (4 + 4 * Math.sqrt(5) - 6 * Math.sqrt(2)) / 9;
    expect(energyDistance(a, b)).toBeCloseTo(expected, 6);
    expect(energyDistance(b, a)).toBeCloseTo(expected, 6);
  });

  it('is 2|a − b| for two single points, in any dimension', () => {
    expect(energyDistance(new Float32Array([0]), new Float32Array([3]), 1)).toBeCloseTo(6, 12);
    expect(energyDistance(new Float32Array([0, 0, 0]), new Float32Array([1, 2, 2]), 3)).toBeCloseTo(6, 6);
  });

  it('handles sets of different sizes (1-D, by hand)', () => {
    // a = {0, 1}, b = {3}: cross mean (3 + 2)/2 = 2.5; within a: (0+1+1+0)/4 = 0.5; within b: 0.
    expect(energyDistance(new Float32Array([0, 1]), new Float32Array([3]), 1)).toBeCloseTo(2 * 2.5 - 0.5, 12);
  });

  it('is 0 for a set against itself, and positive otherwise', () => {
    const p = getDataset('two-moons').sample(500, createRng(1));
    expect(energyDistance(p, p)).toBeCloseTo(0, 10);
    const q = getDataset('rings').sample(500, createRng(2));
    expect(energyDistance(p, q)).toBeGreaterThan(0.05);
  });

  it('is invariant to translating both sets', () => {
    const a = new Float32Array([0, 0, 1, 0, 0, 1]);
    const b = new Float32Array([0, 0, 2, 0, 0, 2]);
    const shift = (x: Float32Array) => x.map((v, i) => v + (i % 2 === 0 ? 5 : -3));
    expect(energyDistance(shift(a), shift(b))).toBeCloseTo(energyDistance(a, b), 5);
  });

  it('is fast for 2,000 against 2,000 points', () => {
    const rng = createRng(3);
    const a = getDataset('eight-gaussians').sample(2000, rng);
    const b = getDataset('eight-gaussians').sample(2000, rng);
    const t0 = performance.now();
    const e = energyDistance(a, b);
    expect(performance.now() - t0).toBeLessThan(500);
    expect(e).toBeGreaterThan(0);
  });

  it('rejects malformed input', () => {
    expect(() => energyDistance(new Float32Array([]), new Float32Array([1, 2]))).toThrow(/a must hold/);
    expect(() => energyDistance(new Float32Array([1, 2]), new Float32Array([1, 2, 3]))).toThrow(/b must hold/);
    expect(() => energyDistance(new Float32Array([1, 2]), new Float32Array([1, 2]), 0)).toThrow(/dim/);
  });
});
