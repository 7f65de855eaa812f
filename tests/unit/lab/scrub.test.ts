import { describe, expect, it } from 'vitest';
import { frameAtTime, framePoints, meanNearestGap } from '../../../src/lab/page/views/scrub';

describe('scrubbing recorded trajectories', () => {
  it('maps t = T to the first frame (noise) and t = 0 to the last (data)', () => {
    expect(frameAtTime(100, 100, 41)).toBe(0);
    expect(frameAtTime(0, 100, 41)).toBe(40);
    expect(frameAtTime(50, 100, 41)).toBe(20);
    expect(frameAtTime(150, 100, 41)).toBe(0);
    expect(frameAtTime(-3, 100, 41)).toBe(40);
    expect(frameAtTime(5, 100, 1)).toBe(0);
  });

  it('interpolates between frames', () => {
    // Two trajectories, three frames: (0,0)→(1,0)→(2,0) and (0,1)→(0,2)→(0,4).
    const stacked = Float32Array.from([0, 0, 0, 1, 1, 0, 0, 2, 2, 0, 0, 4]);
    expect([...framePoints(stacked, 2, 3, 0)]).toEqual([0, 0, 0, 1]);
    expect([...framePoints(stacked, 2, 3, 1.5)]).toEqual([1.5, 0, 0, 3]);
    expect([...framePoints(stacked, 2, 3, 9)]).toEqual([2, 0, 0, 4]);
  });

  it('measures how far points are from the nearest data point', () => {
    const data = Float32Array.from([0, 0, 3, 4]);
    expect(meanNearestGap(Float32Array.from([0, 0, 3, 4]), data)).toBe(0);
    expect(meanNearestGap(Float32Array.from([0, 1, 6, 8]), data)).toBe(3);
    expect(meanNearestGap(new Float32Array(0), data)).toBeNaN();
  });
});
