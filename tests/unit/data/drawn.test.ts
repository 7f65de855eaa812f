import { describe, expect, it } from 'vitest';
import { drawnDataset } from '../../../src/data/datasets';
import { createRng } from '../../../src/data/random';

describe('drawn dataset (Gaussian KDE around the drawn points)', () => {
  const pts = new Float32Array([0, 0, 1, 1, -1, 0.5]);

  it('samples reproducibly around the drawn points', () => {
    const ds = drawnDataset(pts, 0.1);
    const a = ds.sample(300, createRng(1));
    expect(Array.from(a)).toEqual(Array.from(ds.sample(300, createRng(1))));
    // Each sample lies within 5 bandwidths of some drawn point.
    for (let i = 0; i < a.length; i += 2) {
      const d = Math.min(...[0, 1, 2].map((k) => Math.hypot(a[i] - pts[2 * k], a[i + 1] - pts[2 * k + 1])));
      expect(d).toBeLessThan(0.5);
    }
    expect(ds.name).toBe('drawn');
  });

  it('has the KDE log-density, by hand for one point', () => {
    const ds = drawnDataset(new Float32Array([1, 2]), 0.5);
    // N((1, 2.5); (1, 2), 0.25 I) = exp(−0.25/(2·0.25)) / (2π·0.25)
    const lp = ds.logDensity!(new Float32Array([1, 2.5]))[0];
    expect(lp).toBeCloseTo(-0.5 - Math.log(2 * Math.PI * 0.25), 10);
  });

  it('has the entropy of a single Gaussian for a single point, log(2πe h²)', () => {
    const h = 0.2;
    const ds = drawnDataset(new Float32Array([0.3, -0.4]), h);
    expect(ds.entropy!.nats).toBeCloseTo(1 + Math.log(2 * Math.PI * h * h), 3);
    expect(ds.entropy!.method).toBe('numerical');
  });

  it('rejects empty, odd-length, non-finite input and a bad bandwidth', () => {
    expect(() => drawnDataset(new Float32Array([]))).toThrow(/at least one/);
    expect(() => drawnDataset(new Float32Array([1, 2, 3]))).toThrow(/at least one/);
    expect(() => drawnDataset(new Float32Array([1, NaN]))).toThrow(/finite/);
    expect(() => drawnDataset(pts, 0)).toThrow(/bandwidth/);
    expect(() => drawnDataset(pts, -1)).toThrow(/bandwidth/);
  });
});
