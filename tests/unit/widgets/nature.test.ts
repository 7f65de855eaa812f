import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/data/random';
import {
  HEIGHTS,
  HEIGHT_GRID,
  barRects,
  curvePath,
  densityHistogram,
  evaluateOnGrid,
  integrate,
  kdeOnGrid,
  klDivergence,
  mixturePdf,
  normalPdf,
  sampleMixture,
  silvermanBandwidth,
  totalVariation,
  type PlotBox,
} from '../../../src/widgets/nature';

const truth = evaluateOnGrid(HEIGHT_GRID, (x) => mixturePdf(x));

describe('the hidden truth', () => {
  it('is a density: it integrates to one over the plotted range', () => {
    expect(integrate(HEIGHT_GRID, truth)).toBeCloseTo(1, 3);
  });

  it('samples have the mixture mean and variance', () => {
    const xs = sampleMixture(createRng(1), 50_000);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    const mu = HEIGHTS.reduce((a, c) => a + c.weight * c.mean, 0);
    // Law of total variance: Var = Σ w (σ² + μ²) − μ_mix².
    const v = HEIGHTS.reduce((a, c) => a + c.weight * (c.sd ** 2 + c.mean ** 2), 0) - mu ** 2;
    expect(mean).toBeCloseTo(mu, 0);
    expect(Math.abs(variance - v) / v).toBeLessThan(0.03);
  });

  it('normalPdf peaks at 1/(σ√(2π))', () => {
    expect(normalPdf(0, 0, 2)).toBeCloseTo(1 / (2 * Math.sqrt(2 * Math.PI)), 12);
  });
});

describe('kernel density estimate', () => {
  it('uses Silverman’s rule: 0.9 · min(σ̂, IQR/1.34) · n^(−1/5)', () => {
    const xs = Float64Array.from({ length: 1001 }, (_, i) => i / 10); // uniform 0..100
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - 50) ** 2, 0) / 1000);
    const expected = 0.9 * Math.min(sd, 50 / 1.34) * Math.pow(1001, -0.2);
    expect(silvermanBandwidth(xs)).toBeCloseTo(expected, 6);
  });

  it('integrates to about one and matches a direct sum', () => {
    const xs = sampleMixture(createRng(2), 300);
    const h = 3;
    const est = kdeOnGrid(xs, HEIGHT_GRID, h);
    expect(integrate(HEIGHT_GRID, est)).toBeCloseTo(1, 2);
    const x = 170;
    const direct = xs.reduce((a, xi) => a + normalPdf(x, xi, h), 0) / xs.length;
    const j = (x - HEIGHT_GRID.min) / 0.5;
    expect(Math.abs(est[j] - direct)).toBeLessThan(0.01 * direct);
  });

  it('is zero with no samples', () => {
    expect(Array.from(kdeOnGrid([], HEIGHT_GRID)).every((v) => v === 0)).toBe(true);
  });
});

describe('distances', () => {
  it('are zero between a density and itself', () => {
    expect(totalVariation(HEIGHT_GRID, truth, truth)).toBe(0);
    expect(klDivergence(HEIGHT_GRID, truth, truth)).toBe(0);
  });

  it('TV between two disjoint bumps is one', () => {
    const a = evaluateOnGrid(HEIGHT_GRID, (x) => normalPdf(x, 145, 2));
    const b = evaluateOnGrid(HEIGHT_GRID, (x) => normalPdf(x, 195, 2));
    expect(totalVariation(HEIGHT_GRID, a, b)).toBeCloseTo(1, 3);
  });

  it('the estimate approaches the truth as the sample grows', () => {
    const rng = createRng(3);
    const tv = [10, 100, 1000, 10_000].map((n) =>
      totalVariation(HEIGHT_GRID, kdeOnGrid(sampleMixture(rng, n), HEIGHT_GRID), truth),
    );
    expect(tv[3]).toBeLessThan(tv[1]);
    expect(tv[2]).toBeLessThan(tv[0]);
    expect(tv[3]).toBeLessThan(0.05);
  });
});

describe('histogram and plot geometry', () => {
  it('histogram heights are densities', () => {
    const xs = sampleMixture(createRng(4), 1000);
    const h = densityHistogram(xs, 130, 210, 40);
    const mass = h.heights.reduce((a, v) => a + v * h.binWidth, 0);
    const inside = h.counts.reduce((a, c) => a + c, 0) / 1000;
    expect(mass).toBeCloseTo(inside, 10);
  });

  it('maps data to pixels and builds paths and bars', () => {
    const box: PlotBox = { width: 100, height: 50, left: 0, right: 0, top: 0, bottom: 10, xMin: 0, xMax: 10, yMax: 1 };
    expect(curvePath(box, [0, 10], [0, 1])).toBe('M0.0,40.0L100.0,0.0');
    const rects = barRects(box, 0, 5, [0.5, 0]);
    expect(rects).toHaveLength(1);
    expect(rects[0]).toMatchObject({ x: 0, y: 20, h: 20 });
  });
});
