/**
 * Quality table of issue 13: for each family with the lab's default settings (src/lab/shared/settings.ts,
 * the seed included) on each toy dataset, the seconds of training until the energy distance of
 * 2,000 samples to 2,000 fresh data points falls under 3× its noise floor, within a training
 * budget (10 s by default); and each family's training steps per second with the lab's defaults.
 *
 * Each model is built as the lab's worker builds it (src/lab/worker/session.ts): createModel(family,
 * modelConfig(family, values), { fastKernels, threads: 1 }), batches of the model's batch size
 * drawn from the dataset with the lab's data seed. Families whose networks do not yet run on the
 * kernels ignore them (each row records the model's `trainingPath`). Time spent evaluating is
 * excluded from the training seconds (as in families-bench.ts); drawing each batch and building its
 * tensor is included, as the lab pays for it.
 *
 * Pure TypeScript with no DOM: bench/browser-quality/ runs it in a module Web Worker in Chromium;
 * it also runs in Node.
 */
import * as tf from '@tensorflow/tfjs-core';
import { datasetNames, getDataset, type Dataset } from '../src/data/datasets';
import { createRng, type Rng } from '../src/data/random';
import { energyDistance } from '../src/metrics/energy-distance';
import { noiseFloor } from '../src/metrics/noise-floor';
import { modelConfig } from '../src/lab/shared/model-config';
import { defaultValues, type Values } from '../src/lab/shared/settings';
import { commonDefaults } from '../src/models/config';
import { createModel } from '../src/models/index';
import { fromTensor, toTensor } from '../src/models/tensor';
import { families, type Family, type ModelRuntime, type ToyModel } from '../src/models/types';
import type { BenchRow, QualityRow } from './rows';
import { median, stepsPerSecond } from './timing';

export interface QualityOptions {
  /** Families and datasets to measure (all when empty). */
  families?: readonly string[];
  datasets?: readonly string[];
  /** Training seconds allowed per cell (issue 13: 10). */
  budgetSeconds: number;
  runtime: ModelRuntime;
  /** Label of where it ran, e.g. 'browser'. */
  where: 'browser' | 'node';
  log: (text: string) => void;
}

export interface ThroughputOptions {
  families?: readonly string[];
  runtime: ModelRuntime;
  where: 'browser' | 'node';
  /** Timed runs per family (median reported), each of at least `seconds` after a warm-up. */
  runs: number;
  seconds: number;
  log: (text: string) => void;
}

/** Points on each side of the energy distance, and draws of the noise floor (one draw at n = 2,000 has a std about 70% of the mean). */
const N_EVAL = 2000;
const FLOOR_DRAWS = 30;
/** The quality bar: energy distance under this many noise floors. */
const BAR = 3;
/** First check after this much training; then every 15% more training time (at least this much more). */
const FIRST_CHECK_MS = 250;
const GROWTH = 1.15;

/** The names asked for, checked against the known ones (an unknown name is an error, not a silent skip). */
function choose<T extends string>(asked: readonly string[] | undefined, known: readonly T[], what: string): T[] {
  if (!asked?.length) return [...known];
  const unknown = asked.filter((a) => !known.some((k) => k === a));
  if (unknown.length) throw new Error(`unknown ${what}: ${unknown.join(', ')} (known: ${known.join(', ')})`);
  return known.filter((k) => asked.includes(k));
}

export function chosenFamilies(asked?: readonly string[]): Family[] {
  return choose(asked, families, 'family');
}

export function chosenDatasets(asked?: readonly string[]): string[] {
  return choose(asked, datasetNames, 'dataset');
}

/** A model exactly as the lab builds it with its default settings on `dataset`. */
export function labModel(family: Family, dataset: string, runtime: ModelRuntime): { model: ToyModel; seed: number } {
  const values: Values = { ...defaultValues(family), dataset };
  const model = createModel(String(family), modelConfig(family, values), runtime);
  return { model, seed: Number(values.seed) >>> 0 };
}

/** The model's batch size (its config's, else the common default), as the lab's session reads it. */
export function batchSizeOf(model: ToyModel): number {
  const config = 'config' in model ? model.config : undefined;
  if (typeof config === 'object' && config !== null && 'batchSize' in config && typeof config.batchSize === 'number') return config.batchSize;
  return commonDefaults.batchSize;
}

/** One training step on a fresh batch from `rng`; the step's failure message, or '' when it was finite. */
export function stepper(model: ToyModel, data: Dataset, rng: Rng): () => string {
  const batchSize = batchSizeOf(model);
  return () => {
    const batch = toTensor(data.sample(batchSize, rng));
    try {
      const r = model.trainStep(batch);
      return r.ok ? '' : r.message;
    } finally {
      batch.dispose();
    }
  };
}

/** The lab's data stream for a model of this seed (src/lab/worker/session.ts seeds it with seed ^ 0x5eed). */
const labDataRng = (seed: number): Rng => createRng((seed ^ 0x5eed) >>> 0);

/** Energy distance of n model samples to n fresh data points (Infinity when a sample is not finite). */
function score(model: ToyModel, data: Dataset, evalRng: Rng): number {
  const s = model.sample(N_EVAL);
  const samples = fromTensor(s);
  s.dispose();
  return samples.every(Number.isFinite) ? energyDistance(samples, data.sample(N_EVAL, evalRng)) : Infinity;
}

/** The noise floor the bar is measured in: mean energy distance of two fresh data sets of 2,000 points. */
export function qualityFloor(data: Dataset): number {
  return noiseFloor(data, N_EVAL, FLOOR_DRAWS, createRng(2024)).mean;
}

export interface QualityRun {
  reached: boolean;
  /** Training time (evaluation excluded) at the check that reached the bar, else at the last check. */
  trainSeconds: number;
  wallSeconds: number;
  steps: number;
  /** Energy distance at the last check, and the lowest of any check. */
  energyDistance: number;
  bestEnergyDistance: number;
  /** Why the run stopped short of the bar and the budget: a non-finite step, or the wall-time cap. */
  stop?: { kind: 'diverged' | 'wall-time cap'; message: string };
}

/**
 * Train with `step` until the energy distance falls under 3× `floor` or the training budget is
 * spent, checking at 0.25 s of training and then every 15% more (so the reported seconds are within
 * max(15%, 0.25 s) of the crossing). A check that costs more than the training since the last one
 * pushes the next check further out, so evaluating never takes more wall time than training (plus
 * one check); a cap of 6× the budget in wall time guards against a sampler that stalls.
 */
export function trainToQuality(model: ToyModel, data: Dataset, step: () => string, floor: number, budgetSeconds: number, evalRng: Rng): QualityRun {
  const budgetMs = budgetSeconds * 1000;
  let trainMs = 0;
  let steps = 0;
  let checkAt = Math.min(FIRST_CHECK_MS, budgetMs);
  let energy = NaN;
  let best = Infinity;
  let reached = false;
  let stop: QualityRun['stop'];
  const wall0 = performance.now();
  for (;;) {
    const t0 = performance.now();
    while (performance.now() - t0 < checkAt - trainMs) {
      const failure = step();
      steps++;
      // The lab stops a run at a non-finite step (session.ts: 'diverged').
      if (failure) {
        stop = { kind: 'diverged', message: `diverged at step ${steps}: ${failure}` };
        break;
      }
    }
    trainMs += performance.now() - t0;
    if (stop) break;
    const e0 = performance.now();
    energy = score(model, data, evalRng);
    const evalMs = performance.now() - e0;
    best = Math.min(best, energy);
    if (energy < BAR * floor) {
      reached = true;
      break;
    }
    if (trainMs >= budgetMs) break;
    if (performance.now() - wall0 > 6 * budgetMs) {
      stop = { kind: 'wall-time cap', message: `stopped at ${(trainMs / 1000).toFixed(1)} s of training by the wall-time cap (${6 * budgetSeconds} s): evaluating is slow` };
      break;
    }
    checkAt = Math.min(budgetMs, Math.max(trainMs * GROWTH, trainMs + FIRST_CHECK_MS, trainMs + evalMs));
  }
  return { reached, trainSeconds: trainMs / 1000, wallSeconds: (performance.now() - wall0) / 1000, steps, energyDistance: energy, bestEnergyDistance: best, stop };
}

/** One cell of the table: a fresh model with the lab's defaults on one dataset. */
function qualityCell(family: Family, datasetName: string, floor: number, opts: QualityOptions): QualityRow {
  const data = getDataset(datasetName);
  const workload = `quality:${family}:${datasetName}` as const;
  const base = { workload, where: opts.where, budgetSeconds: opts.budgetSeconds, noiseFloor: floor };
  let model: ToyModel | undefined;
  try {
    const built = labModel(family, datasetName, opts.runtime);
    model = built.model;
    const q = trainToQuality(model, data, stepper(model, data, labDataRng(built.seed)), floor, opts.budgetSeconds, createRng(12));
    const row: QualityRow = {
      ...base,
      reached: q.reached,
      trainSeconds: +q.trainSeconds.toFixed(3),
      stepsPerSec: +(q.steps / q.trainSeconds).toFixed(1),
      steps: q.steps,
      energyDistance: q.energyDistance,
      ratio: +(q.energyDistance / floor).toFixed(2),
      bestRatio: +(q.bestEnergyDistance / floor).toFixed(2),
      wallSeconds: +q.wallSeconds.toFixed(1),
      trainingPath: model.trainingPath,
      ...(q.stop ? { note: q.stop.message } : {}),
    };
    opts.log(
      `quality ${family} on ${datasetName} (${row.trainingPath}): ${q.reached ? `${row.trainSeconds.toFixed(2)} s` : `not in ${row.trainSeconds.toFixed(1)} s, ${row.ratio}× the floor`} (${q.steps} steps, ${row.stepsPerSec} steps/s)${q.stop ? `; ${q.stop.message}` : ''}; tensors ${tf.memory().numTensors}`,
    );
    return row;
  } catch (e) {
    const note = `failed: ${e instanceof Error ? e.message : String(e)}`;
    opts.log(`quality ${family} on ${datasetName}: ${note}`);
    return { ...base, reached: false, trainSeconds: NaN, stepsPerSec: NaN, steps: 0, energyDistance: NaN, ratio: NaN, bestRatio: NaN, wallSeconds: NaN, note };
  } finally {
    model?.dispose();
  }
}

/** The 6 × 7 table (or the chosen part of it), dataset by dataset (each dataset's noise floor computed once). */
export function benchQuality(opts: QualityOptions): QualityRow[] {
  const fams = chosenFamilies(opts.families);
  const rows: QualityRow[] = [];
  for (const datasetName of chosenDatasets(opts.datasets)) {
    const floor = qualityFloor(getDataset(datasetName));
    for (const family of fams) rows.push(qualityCell(family, datasetName, floor, opts));
  }
  return rows;
}

/** Each family's training steps per second with the lab's defaults on its default dataset, on a fresh model. */
export function benchThroughput(opts: ThroughputOptions): BenchRow[] {
  const rows: BenchRow[] = [];
  const threads = opts.runtime.threads ?? 1;
  for (const family of chosenFamilies(opts.families)) {
    const dataset = String(defaultValues(family).dataset);
    const backend = `lab defaults, model ${opts.where === 'browser' ? 'in a module worker' : 'in Node'}, ${threads} thread${threads === 1 ? '' : 's'}`;
    const rates: number[] = [];
    let trainingPath = '';
    try {
      for (let r = 0; r < opts.runs; r++) {
        const { model, seed } = labModel(family, dataset, opts.runtime);
        trainingPath = model.trainingPath;
        try {
          const step = stepper(model, getDataset(dataset), labDataRng(seed));
          let failure = '';
          rates.push(stepsPerSecond(() => void (failure ||= step()), () => {}, 20, 20, opts.seconds));
          if (failure) throw new Error(`non-finite step: ${failure}`);
        } finally {
          model.dispose();
        }
      }
      opts.log(`steps/s ${family} (${trainingPath}, lab defaults, ${dataset}): ${rates.map((x) => x.toFixed(1)).join(' ')}`);
      rows.push({ where: opts.where, backend, workload: `throughput:${family}`, stepsPerSec: +median(rates).toFixed(1), stepsPerSecRuns: rates.map((x) => +x.toFixed(1)), trainingPath });
    } catch (e) {
      const note = `failed: ${e instanceof Error ? e.message : String(e)}`;
      opts.log(`steps/s ${family}: ${note}`);
      rows.push({ where: opts.where, backend, workload: `throughput:${family}`, stepsPerSec: NaN, note });
    }
  }
  return rows;
}
