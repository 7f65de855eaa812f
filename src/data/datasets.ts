import type { Rng } from './random';
import { eightGaussians } from './toy/eight-gaussians';
import { twoMoons } from './toy/two-moons';
import { swissRoll } from './toy/swiss-roll';
import { checkerboard } from './toy/checkerboard';
import { pinwheel } from './toy/pinwheel';
import { rings } from './toy/rings';
import { twoSpirals } from './toy/two-spirals';
import { drawnDataset } from './toy/drawn';

/**
 * The seven 2-D toy distributions of the generative-modelling literature, in the shapes of
 * FFJORD's toy_data.py (Grathwohl et al. 2018), plus a set the reader draws. All lie roughly
 * within [−3, 3]² (a few tail points reach about ±3.5); see each file under ./toy/ for its
 * constants and for how its density and entropy are known.
 */
export type DatasetName =
  | 'eight-gaussians'
  | 'two-moons'
  | 'swiss-roll'
  | 'checkerboard'
  | 'pinwheel'
  | 'rings'
  | 'two-spirals';

export const datasetNames: readonly DatasetName[] = [
  'eight-gaussians',
  'two-moons',
  'swiss-roll',
  'checkerboard',
  'pinwheel',
  'rings',
  'two-spirals',
];

export interface DatasetEntropy {
  /** Differential entropy H = −E[log p(x)] of the true distribution, in nats. */
  nats: number;
  /** How it was obtained: closed form, quadrature/grid integration, or a Monte-Carlo estimate. */
  method: 'exact' | 'numerical' | 'monte-carlo';
}

export interface Dataset {
  readonly name: DatasetName | 'drawn';
  /** n fresh points, interleaved [x0, y0, x1, y1, ...], reproducible from the rng's state. */
  sample(n: number, rng: Rng): Float32Array;
  /** Exact log p(x) in nats (up to quadrature error below 1e-6) where the density is known. */
  logDensity?(points: Float32Array): Float64Array;
  /** The entropy of the true distribution: the lowest mean NLL any model can reach. */
  readonly entropy?: DatasetEntropy;
}

const registry: Record<DatasetName, Dataset> = {
  'eight-gaussians': eightGaussians,
  'two-moons': twoMoons,
  'swiss-roll': swissRoll,
  checkerboard,
  pinwheel,
  rings,
  'two-spirals': twoSpirals,
};

export function isDatasetName(name: string): name is DatasetName {
  return (datasetNames as readonly string[]).includes(name);
}

/** The toy dataset of that name; an unknown name throws an Error listing the valid ones. */
export function getDataset(name: string): Dataset {
  if (!isDatasetName(name)) {
    throw new Error(`Unknown dataset "${name}". Valid names: ${datasetNames.join(', ')}.`);
  }
  return registry[name];
}

export { drawnDataset };

/**
 * A square that holds every toy set (all but a few points in 10,000 of pinwheel's tails): a common
 * frame for plots and grid integrals.
 */
export const toyBounds = { xMin: -4, xMax: 4, yMin: -4, yMax: 4 } as const;
