import type { Dataset } from '../data/datasets';
import type { Rng } from '../data/random';
import { energyDistance } from './energy-distance';

export interface NoiseFloor {
  /** Mean energy distance between two fresh data sets of size n. */
  mean: number;
  /** Standard deviation of that statistic over the draws (sample std, divisor draws − 1). */
  std: number;
  n: number;
  draws: number;
}

/**
 * The noise floor of the energy distance: what E(A, B) gives when A and B are two independent
 * data sets of n points from the same distribution, averaged over `draws` pairs. A perfect model
 * scores this, not 0 (the V-statistic has a positive bias of order 1/n, see energy-distance.ts),
 * so a model's energy distance is read against it: "3× the noise floor".
 */
export function noiseFloor(dataset: Dataset, n: number, draws: number, rng: Rng): NoiseFloor {
  if (!Number.isInteger(n) || n < 2) throw new Error(`noiseFloor: n must be an integer ≥ 2, got ${n}.`);
  if (!Number.isInteger(draws) || draws < 1) throw new Error(`noiseFloor: draws must be a positive integer, got ${draws}.`);
  const values: number[] = [];
  for (let k = 0; k < draws; k++) values.push(energyDistance(dataset.sample(n, rng), dataset.sample(n, rng)));
  const mean = values.reduce((s, v) => s + v, 0) / draws;
  const variance = draws > 1 ? values.reduce((s, v) => s + (v - mean) ** 2, 0) / (draws - 1) : 0;
  return { mean, std: Math.sqrt(variance), n, draws };
}
