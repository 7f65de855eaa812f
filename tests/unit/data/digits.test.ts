import { describe, expect, it } from 'vitest';
import { decodeDigitSet, DIGIT_PIXELS, DigitsFileError, downsample28, encodeDigitSet, modelToGrey } from '../../../src/data/digits';

describe('the digits file', () => {
  it('averages each 2 × 2 block of a 28 × 28 image', () => {
    const big = new Float32Array(784);
    // The block at rows 2–3, columns 4–5 holds 0.2, 0.4, 0.6, 0.8: its mean 0.5 lands at (1, 2).
    big[2 * 28 + 4] = 0.2;
    big[2 * 28 + 5] = 0.4;
    big[3 * 28 + 4] = 0.6;
    big[3 * 28 + 5] = 0.8;
    const small = new Float32Array(DIGIT_PIXELS);
    downsample28(big, 0, small, 0);
    expect(small[1 * 14 + 2]).toBeCloseTo(0.5, 6);
    expect(small.reduce((s, v) => s + v, 0)).toBeCloseTo(0.5, 6);
  });

  it('round-trips grey levels to one byte and back, as model values in [−1, 1]', () => {
    const grey = Float32Array.from({ length: 2 * DIGIT_PIXELS }, (_, i) => (i % 7) / 6);
    const set = decodeDigitSet(encodeDigitSet(grey, Uint8Array.from([3, 9])));
    expect(set.n).toBe(2);
    expect([...set.labels]).toEqual([3, 9]);
    for (let i = 0; i < grey.length; i++) expect(modelToGrey(set.images[i])).toBeCloseTo(grey[i], 2);
    expect(Math.min(...set.images)).toBe(-1);
    expect(Math.max(...set.images)).toBe(1);
  });

  it('refuses a file that is not one, with a reason', () => {
    const good = encodeDigitSet(new Float32Array(DIGIT_PIXELS), Uint8Array.from([1]));
    expect(() => decodeDigitSet(new TextEncoder().encode('<!doctype html><p>Not found</p>'))).toThrow(DigitsFileError);
    expect(() => decodeDigitSet(good.subarray(0, good.length - 1))).toThrow(/bytes/);
    const badLabel = good.slice();
    badLabel[8] = 12;
    expect(() => decodeDigitSet(badLabel)).toThrow(/label 12/);
  });
});
