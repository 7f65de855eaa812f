/**
 * Each family's training throughput and time to quality on 8 Gaussians, through createModel,
 * with the family's own default configuration. Time to quality = training seconds (evaluation
 * excluded) until the energy distance between 2,000 samples and 2,000 fresh data points falls
 * below 3× the noise floor (mean of 30 data-vs-data draws at n = 2,000), up to a training budget:
 * the loop of quality-bench.ts (trainToQuality), which the browser's quality table uses too.
 * On the wasm backend, the families with a fused training step (src/models/fast) are measured a
 * second time on it, as the lab trains them ('wasm + fused').
 */
import * as tf from '@tensorflow/tfjs-core';
import { getDataset } from '../src/data/datasets';
import { createRng } from '../src/data/random';
import { loadFastKernels } from '../src/models/fast/kernels';
import { createModel } from '../src/models/index';
import type { Family, ModelRuntime, ToyModel } from '../src/models/types';
import { chosenFamilies, qualityFloor, stepper, trainToQuality } from './quality-bench';
import type { BenchRow } from './rows';
import { stepsPerSecond } from './timing';

interface Options {
  families: string;
  budgetSeconds: number;
  seconds: number;
  log: (...xs: unknown[]) => void;
}

export async function benchFamilies(backend: string, opts: Options): Promise<BenchRow[]> {
  const chosen = chosenFamilies(opts.families.split(',').filter(Boolean));
  const data = getDataset('eight-gaussians');
  const floor = qualityFloor(data);
  const rows: BenchRow[] = [];
  const paths: { label: string; runtime: ModelRuntime }[] = [{ label: backend, runtime: {} }];
  if (backend === 'wasm') paths.push({ label: 'wasm + fused', runtime: { fastKernels: await loadFastKernels() } });
  for (const family of chosen) {
    for (const { label, runtime } of paths) {
      if (runtime.fastKernels && !hasFusedPath(family, runtime)) continue;
      rows.push(benchFamily(family, label, runtime, { data, floor, opts }));
    }
  }
  return rows;
}

function hasFusedPath(family: Family, runtime: ModelRuntime): boolean {
  const model = createModel(family, { seed: 1 }, runtime);
  const fused = model.trainingPath === 'fused';
  model.dispose();
  return fused;
}

/** Throughput and time to quality of one family on one path. */
function benchFamily(
  family: Family,
  backend: string,
  runtime: ModelRuntime,
  { data, floor, opts }: { data: ReturnType<typeof getDataset>; floor: number; opts: Options },
): BenchRow {
  const threshold = 3 * floor;
  let model: ToyModel | undefined;
  try {
    model = createModel(family, { seed: 1 }, runtime);
    const rng = createRng(7);
    const m = model;
    const step = stepper(m, data, rng);
    let failed = '';
    // Throughput on a fresh model (first seconds of training).
    const rate = stepsPerSecond(() => void (failed ||= step()), () => {}, 5, 10, opts.seconds);
    m.dispose();
    if (failed) throw new Error(`non-finite loss: ${failed}`);

    // Time to quality on another fresh model (bench/quality-bench.ts's loop, as the browser's quality table).
    const q = createModel(family, { seed: 1 }, runtime);
    model = q;
    const run = trainToQuality(q, data, stepper(q, data, createRng(11)), floor, opts.budgetSeconds, createRng(12));
    if (run.stop?.kind === 'diverged') throw new Error(`non-finite loss: ${run.stop.message}`);
    const quality = {
      reached: run.reached,
      trainSeconds: run.trainSeconds,
      wallSeconds: run.wallSeconds,
      steps: run.steps,
      energyDistance: run.energyDistance,
      noiseFloor: floor,
      threshold,
    };
    q.dispose();
    model = undefined;
    const outcome = run.reached
      ? `quality in ${run.trainSeconds.toFixed(1)} s (${run.steps} steps)`
      : `quality not reached in ${run.trainSeconds.toFixed(1)} s (ED ${run.energyDistance.toFixed(4)} vs ${threshold.toFixed(4)})${run.stop ? `: ${run.stop.message}` : ''}`;
    opts.log(backend, family, rate.toFixed(1), 'steps/s;', outcome, `tensors ${tf.memory().numTensors}`);
    return { where: 'node', backend, workload: `family:${family}`, stepsPerSec: rate, quality };
  } catch (e) {
    model?.dispose();
    const note = e instanceof Error ? e.message : String(e);
    opts.log(backend, family, 'failed:', note);
    return { where: 'node', backend, workload: `family:${family}`, stepsPerSec: NaN, note };
  }
}
