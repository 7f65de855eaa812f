import { describe, expect, it } from 'vitest';
import { datasetNames, getDataset, toyBounds } from '../../../src/data/datasets';
import { createRng } from '../../../src/data/random';

function moments(p: Float32Array) {
  const n = p.length / 2;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) {
    mx += p[2 * i];
    my += p[2 * i + 1];
  }
  mx /= n;
  my /= n;
  let vx = 0, vy = 0, r2 = 0;
  for (let i = 0; i < n; i++) {
    vx += (p[2 * i] - mx) ** 2;
    vy += (p[2 * i + 1] - my) ** 2;
    r2 += p[2 * i] ** 2 + p[2 * i + 1] ** 2;
  }
  return { mx, my, sx: Math.sqrt(vx / n), sy: Math.sqrt(vy / n), r2: r2 / n };
}

describe('toy datasets', () => {
  it('lists the seven names', () => {
    expect([...datasetNames]).toEqual([
      'eight-gaussians', 'two-moons', 'swiss-roll', 'checkerboard', 'pinwheel', 'rings', 'two-spirals',
    ]);
  });

  it('rejects an unknown name, listing the valid ones', () => {
    expect(() => getDataset('nine-gaussians')).toThrow(/Unknown dataset "nine-gaussians".*eight-gaussians.*two-spirals/);
  });

  for (const name of datasetNames) {
    describe(name, () => {
      const ds = getDataset(name);

      it('is reproducible from the seed, and different for another seed', () => {
        const a = ds.sample(500, createRng(42));
        const b = ds.sample(500, createRng(42));
        const c = ds.sample(500, createRng(43));
        expect(ds.name).toBe(name);
        expect(a).toBeInstanceOf(Float32Array);
        expect(a.length).toBe(1000);
        expect(Array.from(a)).toEqual(Array.from(b));
        expect(Array.from(a)).not.toEqual(Array.from(c));
      });

      it('lies roughly within [-3, 3]² with a comparable spread', () => {
        const p = ds.sample(20000, createRng(7));
        expect(p.every(Number.isFinite)).toBe(true);
        let outside = 0;
        let outsideFrame = 0;
        for (let i = 0; i < p.length; i += 2) {
          if (Math.abs(p[i]) > 3.5 || Math.abs(p[i + 1]) > 3.5) outside++;
          if (Math.abs(p[i]) > toyBounds.xMax || Math.abs(p[i + 1]) > toyBounds.yMax) outsideFrame++;
        }
        expect(outside / 10000).toBeLessThan(0.01);
        expect(outsideFrame / 10000).toBeLessThan(0.001);
        const m = moments(p);
        // Roughly centred (the swiss roll, as in FFJORD, is off by about 0.4 in x).
        expect(Math.abs(m.mx)).toBeLessThan(0.5);
        expect(Math.abs(m.my)).toBeLessThan(0.5);
        for (const s of [m.sx, m.sy]) {
          expect(s).toBeGreaterThan(0.8);
          expect(s).toBeLessThan(2.0);
        }
      });
    });
  }

  it('has the stated moments where they are easy to derive', () => {
    const rng = createRng(3);
    // 8 Gaussians: E|x|² = R² + 2σ² = 4.02; mean 0.
    const g = moments(getDataset('eight-gaussians').sample(40000, rng));
    expect(g.r2).toBeCloseTo(4.02, 1);
    expect(Math.abs(g.mx) + Math.abs(g.my)).toBeLessThan(0.05);
    // Rings: E|x|² = mean(R²) + 2σ² = (9 + 5.0625 + 2.25 + 0.5625)/4 + 0.0128.
    expect(moments(getDataset('rings').sample(40000, rng)).r2).toBeCloseTo(4.2191, 1);
    // Two moons: mean (0, 0.3) (from (±1, ±(4/π − 0.2)...) averaged over the two moons).
    const m = moments(getDataset('two-moons').sample(40000, rng));
    expect(m.mx).toBeCloseTo(0, 1);
    expect(m.my).toBeCloseTo(0.3, 1);
    // Checkerboard: x uniform on [−3, 3], variance 3.
    expect(moments(getDataset('checkerboard').sample(40000, rng)).sx ** 2).toBeCloseTo(3, 1);
  });

  it('puts checkerboard points only in the filled cells', () => {
    const ds = getDataset('checkerboard');
    const lp = ds.logDensity!(ds.sample(5000, createRng(9)));
    expect(lp.every((v) => Math.abs(v + Math.log(18)) < 1e-12)).toBe(true);
    // An empty cell: (0.5, −0.5)·1.5 lies in cell (0, −1), i + j odd.
    expect(ds.logDensity!(new Float32Array([0.75, -0.75]))[0]).toBe(-Infinity);
  });
});
