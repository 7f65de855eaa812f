import { describe, expect, it } from 'vitest';
import { datasetNames, getDataset } from '../../../src/data/datasets';
import { createRng } from '../../../src/data/random';

describe('entropies of the toy sets', () => {
  it('are declared for every set, with a method', () => {
    for (const name of datasetNames) {
      const e = getDataset(name).entropy!;
      expect(Number.isFinite(e.nats)).toBe(true);
      expect(['exact', 'numerical', 'monte-carlo']).toContain(e.method);
    }
    expect(getDataset('pinwheel').entropy!.method).toBe('monte-carlo');
  });

  it('closed forms: 8 Gaussians log 8 + 1 + log(2πσ²), checkerboard log 18', () => {
    expect(getDataset('eight-gaussians').entropy!.nats).toBeCloseTo(Math.log(8) + 1 + Math.log(2 * Math.PI * 0.01), 12);
    expect(getDataset('eight-gaussians').entropy!.nats).toBeCloseTo(0.31215, 4);
    expect(getDataset('checkerboard').entropy!.nats).toBeCloseTo(Math.log(18), 12);
  });

  // Re-check roughly: H = −E[log p(x)], a Monte-Carlo mean over fresh samples; log p has a
  // std of about 0.7 nats, so the tolerance is about 3 standard errors.
  it.each([
    ['eight-gaussians', 10000, 0.03],
    ['two-moons', 5000, 0.04],
    ['swiss-roll', 5000, 0.04],
    ['rings', 10000, 0.03],
    ['two-spirals', 2000, 0.05],
  ] as const)('%s: −mean log p of samples agrees with the hard-coded value', (name, n, tolerance) => {
    const ds = getDataset(name);
    const lp = ds.logDensity!(ds.sample(n, createRng(11)));
    const mc = -lp.reduce((s, v) => s + v, 0) / n;
    expect(Math.abs(mc - ds.entropy!.nats)).toBeLessThan(tolerance);
  });

  it('pinwheel: a histogram estimate from 10⁶ samples agrees to about 0.03 nats', () => {
    const ds = getDataset('pinwheel');
    const lim = 4.5, step = 0.04, n = Math.round((2 * lim) / step);
    const counts = new Float64Array(n * n);
    const rng = createRng(13);
    let total = 0;
    for (let c = 0; c < 10; c++) {
      const p = ds.sample(100000, rng);
      for (let i = 0; i < p.length; i += 2) {
        const gx = Math.floor((p[i] + lim) / step), gy = Math.floor((p[i + 1] + lim) / step);
        if (gx >= 0 && gx < n && gy >= 0 && gy < n) counts[gy * n + gx]++;
        total++;
      }
    }
    let h = 0;
    for (const c of counts) if (c > 0) h -= (c / total) * Math.log(c / total / (step * step));
    expect(Math.abs(h - ds.entropy!.nats)).toBeLessThan(0.03);
  });
});
