import type { Dataset, DatasetEntropy } from '../data/datasets';
import { createRng, type Rng } from '../data/random';
import { energyDistance } from '../metrics/energy-distance';
import { heldOutNll } from '../metrics/likelihood';
import { noiseFloor, type NoiseFloor } from '../metrics/noise-floor';
import { fromTensor } from './tensor';
import type { Family, Likelihood, ToyModel } from './types';

/**
 * The one result shape every run reports, whatever the family: the widgets, the comparison
 * arena, the tests and the benchmarks all read this.
 */
export interface RunReport {
  family: Family;
  dataset: string;
  /** Training steps taken when the report was made. */
  step: number;
  /** Loss terms of the latest step (empty before training). */
  losses: Record<string, number>;
  /** n model samples, interleaved [x0, y0, ...]. */
  samples: Float32Array;
  /** Energy distance between the samples and n fresh data points (energy-distance.ts). */
  energyDistance: number;
  /** The same statistic between two fresh data sets of n points: what a perfect model scores. */
  noiseFloor: NoiseFloor;
  /** Whether every sample is a finite number. */
  finite: boolean;
  /** Held-out NLL in nats where the model has a log-density; `kind` says exact, bound, … */
  nll?: { nats: number; kind: Likelihood };
  /** Entropy of the true distribution (the floor for nll) when known. */
  entropy?: DatasetEntropy;
}

export interface EvaluateContext {
  step?: number;
  losses?: Record<string, number>;
  /** Draws for the noise floor (default 20: one draw's std is about 70% of its mean); cached per dataset and n. */
  noiseFloorDraws?: number;
}

// The noise floor depends only on the dataset and n: compute it once with a fixed seed.
const floorCache = new WeakMap<Dataset, Map<string, NoiseFloor>>();

export function cachedNoiseFloor(dataset: Dataset, n: number, draws = 20): NoiseFloor {
  let byKey = floorCache.get(dataset);
  if (!byKey) floorCache.set(dataset, (byKey = new Map()));
  const key = `${n}/${draws}`;
  let floor = byKey.get(key);
  if (!floor) {
    floor = noiseFloor(dataset, n, draws, createRng(0x5eed ^ n));
    byKey.set(key, floor);
  }
  return floor;
}

/**
 * Score a model against its dataset: n samples, their energy distance to n fresh data points
 * (drawn with `rng`), the noise floor beside it, and the held-out NLL on another n fresh points
 * when the model has a log-density.
 */
export function evaluate(model: ToyModel, dataset: Dataset, rng: Rng, n = 2000, context: EvaluateContext = {}): RunReport {
  const sampleTensor = model.sample(n);
  const samples = fromTensor(sampleTensor);
  sampleTensor.dispose();
  const finite = samples.every(Number.isFinite);
  const data = dataset.sample(n, rng);
  const report: RunReport = {
    family: model.family,
    dataset: dataset.name,
    step: context.step ?? 0,
    losses: context.losses ?? {},
    samples,
    energyDistance: finite ? energyDistance(samples, data, model.dim) : Infinity,
    noiseFloor: cachedNoiseFloor(dataset, n, context.noiseFloorDraws),
    finite,
  };
  if (model.logDensity && model.likelihood !== 'none') {
    const { nats, kind } = heldOutNll(model, dataset.sample(n, rng));
    report.nll = { nats, kind };
  }
  if (dataset.entropy) report.entropy = dataset.entropy;
  return report;
}
