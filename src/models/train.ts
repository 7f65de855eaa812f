import type { Dataset } from '../data/datasets';
import type { Rng } from '../data/random';
import { toTensor } from './tensor';
import type { ToyModel } from './types';

export interface TrainRun {
  /** False when a step reported a non-finite loss; training stopped there. */
  ok: boolean;
  /** Steps completed successfully. */
  steps: number;
  /** Loss terms of the last step taken (the failing one when ok is false). */
  lastLosses: Record<string, number> | undefined;
  /** Loss terms of every step, in order. */
  history: Record<string, number>[];
  /** When ok is false: which step failed (0-based) and the model's message. */
  failure?: { step: number; message: string };
}

/**
 * Train for `steps` steps, each on a fresh batch of `batchSize` points drawn from the dataset with
 * `rng` (so a run is reproducible from the seeds), stopping at the first non-finite loss.
 * Every batch tensor is disposed here; the model owns no reference to it.
 */
export function trainSteps(model: ToyModel, dataset: Dataset, steps: number, rng: Rng, batchSize: number): TrainRun {
  const history: Record<string, number>[] = [];
  for (let step = 0; step < steps; step++) {
    const batch = toTensor(dataset.sample(batchSize, rng), model.dim);
    let result;
    try {
      result = model.trainStep(batch);
    } finally {
      batch.dispose();
    }
    history.push(result.losses);
    if (!result.ok) {
      return { ok: false, steps: step, lastLosses: result.losses, history, failure: { step, message: result.message } };
    }
  }
  return { ok: true, steps, lastLosses: history[history.length - 1], history };
}
