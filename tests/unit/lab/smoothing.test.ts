import { describe, expect, it } from 'vitest';
import { Smoother } from '../../../src/lab/page/render/smoothing';

describe('Smoother', () => {
  it('starts at the first reading, follows a constant exactly and damps alternating noise', () => {
    const s = new Smoother(0.9);
    expect(s.value).toBeNaN();
    expect(s.push(2)).toBeCloseTo(2, 12);
    for (let i = 0; i < 50; i++) s.push(2);
    expect(s.value).toBeCloseTo(2, 12);
    const n = new Smoother(0.9);
    let last = 0;
    for (let i = 0; i < 200; i++) last = n.push(i % 2 === 0 ? 1.5 : 0.5);
    expect(Math.abs(last - 1)).toBeLessThan(0.06);
  });

  it('skips non-finite readings and forgets everything on reset', () => {
    const s = new Smoother(0.5);
    s.push(1);
    expect(s.push(NaN)).toBe(1);
    expect(s.push(Infinity)).toBe(1);
    s.reset();
    expect(s.value).toBeNaN();
    expect(s.push(4)).toBe(4);
  });

  it('geometric: follows a quantity falling by decades without being held up by its first readings', () => {
    const lin = new Smoother(0.7);
    const geo = new Smoother(0.7, true);
    let a = 0;
    let g = 0;
    for (const v of [1, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01]) {
      a = lin.push(v);
      g = geo.push(v);
    }
    expect(g).toBeLessThan(0.03);
    expect(a).toBeGreaterThan(2.5 * g);
    expect(geo.push(-1)).toBe(g); // log of a non-positive reading is skipped
  });
});
