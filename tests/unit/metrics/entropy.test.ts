import { describe, expect, it } from 'vitest';
import { trueEntropy } from '../../../src/metrics/entropy';

describe('trueEntropy', () => {
  it('gives the entropy and its method for each toy set', () => {
    expect(trueEntropy('eight-gaussians')).toEqual({ nats: Math.log(8) + 1 + Math.log(2 * Math.PI * 0.01), method: 'exact' });
    expect(trueEntropy('checkerboard').nats).toBeCloseTo(Math.log(18), 12);
    expect(trueEntropy('rings').method).toBe('numerical');
    expect(trueEntropy('pinwheel').method).toBe('monte-carlo');
  });

  it('rejects an unknown dataset', () => {
    expect(() => trueEntropy('nope')).toThrow(/Unknown dataset "nope"/);
  });
});
