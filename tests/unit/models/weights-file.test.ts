import { describe, expect, it } from 'vitest';
import { decodeWeights, encodeWeights, fromHalf, toHalf, WeightsFileError } from '../../../src/models/weights-file';

describe('half-precision weights files', () => {
  it('converts to IEEE half precision and back, rounding to nearest even', () => {
    for (const v of [0, 1, -2, 0.5, 65504, 2 ** -14, 2 ** -24]) expect(fromHalf(toHalf(v))).toBe(v);
    expect(fromHalf(toHalf(0.1))).toBe(0.0999755859375);
    expect(toHalf(1 + 2 ** -11)).toBe(0x3c00); // a tie rounds to the even 1.0
    expect(toHalf(1 + 3 * 2 ** -11)).toBe(0x3c02); // …and up to the even 1 + 2⁻⁹
    expect(fromHalf(toHalf(1e6))).toBe(Infinity);
    expect(fromHalf(toHalf(-1e-9))).toBe(-0);
    expect(Number.isNaN(fromHalf(toHalf(NaN)))).toBe(true);
    for (let i = 0; i < 1000; i++) {
      const v = (i - 500) / 37;
      expect(Math.abs(fromHalf(toHalf(v)) - v)).toBeLessThanOrEqual(Math.abs(v) * 2 ** -11);
    }
  });

  it('round-trips named arrays and a header', () => {
    const bytes = encodeWeights({ family: 'gan', steps: 3 }, { 'g.W0': Float32Array.from([1, -0.5, 0.25]), 'g.b0': Float32Array.from([2]) });
    const file = decodeWeights<{ family: string; steps: number }>(bytes);
    expect(file.meta).toEqual({ family: 'gan', steps: 3 });
    expect([...file.arrays['g.W0']]).toEqual([1, -0.5, 0.25]);
    expect([...file.arrays['g.b0']]).toEqual([2]);
  });

  it('refuses a corrupted file with a reason', () => {
    const bytes = encodeWeights({}, { a: Float32Array.from([1, 2, 3]) });
    expect(() => decodeWeights(new TextEncoder().encode('<!doctype html>'))).toThrow(WeightsFileError);
    expect(() => decodeWeights(bytes.subarray(0, bytes.length - 2))).toThrow(/should have/);
    const header = bytes.slice();
    header[10] = 0xff;
    expect(() => decodeWeights(header)).toThrow(/header/);
    const nan = bytes.slice();
    nan[nan.length - 1] = 0x7e;
    expect(() => decodeWeights(nan)).toThrow(/not a finite number/);
  });
});
