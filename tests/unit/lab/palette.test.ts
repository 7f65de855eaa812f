import { describe, expect, it } from 'vitest';
import { divergingDark, divergingLight, sequentialDark, sequentialLight } from '../../../src/lab/page/render/palette';

/** The colour a map gives to u ∈ [0, 1]. */
function at(map: Uint8ClampedArray, u: number): [number, number, number] {
  const i = Math.round(u * 255);
  return [map[3 * i], map[3 * i + 1], map[3 * i + 2]];
}

/** Euclidean distance in RGB: a rough but monotone stand-in for how visible a colour is on a background. */
function distance(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

const lightBackground = [253, 252, 249];
const darkBackground = [22, 23, 27];

describe('lab colour maps', () => {
  it('the GAN’s “looks real” green and “looks fake” purple stand out in the dark theme as in the light one', () => {
    for (const u of [0.2, 0.3, 0.7, 0.8]) {
      const light = distance(at(divergingLight, u), lightBackground);
      const dark = distance(at(divergingDark, u), darkBackground);
      expect(dark, `D = ${u}`).toBeGreaterThanOrEqual(0.9 * light);
    }
    // Green on the real side, purple on the fake side, in both themes.
    for (const map of [divergingLight, divergingDark]) {
      const [r1, g1] = at(map, 0.8);
      const [r0, g0, b0] = at(map, 0.2);
      expect(g1).toBeGreaterThan(r1);
      expect(b0).toBeGreaterThan(g0);
      expect(r0).toBeGreaterThan(g0);
    }
  });

  it('the sequential maps run from the background to the strongest colour', () => {
    expect(distance(at(sequentialLight, 0), lightBackground)).toBeLessThan(5);
    expect(distance(at(sequentialDark, 0), darkBackground)).toBeLessThan(5);
    expect(distance(at(sequentialLight, 1), lightBackground)).toBeGreaterThan(200);
    expect(distance(at(sequentialDark, 1), darkBackground)).toBeGreaterThan(200);
  });
});
