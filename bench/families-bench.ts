/**
 * Each family's training throughput and time to quality on 8 Gaussians, through createModel,
 * with the family's own default configuration. Time to quality = training seconds (evaluation
 * excluded) until the energy distance between 2,000 samples and 2,000 fresh data points falls
 * below 3× the noise floor (mean of 30 data-vs-data draws at n = 2,000); checked after ~1 s of
 * training and then every 15% more steps, up to a training budget (and 3× that in wall time).
 * On the wasm backend, the families with a fused training step (src/models/fast) are measured a
 * second time on it, as the lab trains them ('wasm + fused').
 */
import * as tf from '@tensorflow/tfjs-core';
import { getDataset } from '../src/data/datasets';
import { createRng } from '../src/data/random';
import { energyDistance } from '../src/metrics/energy-distance';
import { noiseFloor } from '../src/metrics/noise-floor';
import { commonDefaults } from '../src/models/config';
import { loadFastKernels } from '../src/models/fast/kernels';
import { createModel } from '../src/models/index';
import { fromTensor, toTensor } from '../src/models/tensor';
import { families, type Family, type ModelRuntime, type ToyModel } from '../src/models/types';
import type { BenchRow } from './rows';
import { stepsPerSecond } from './timing';

interface Options {
  families: string;
  budgetSeconds: number;
  seconds: number;
  log: (...xs: unknown[]) => void;
}

const N_EVAL = 2000;

export async function benchFamilies(backend: string, opts: Options): Promise<BenchRow[]> {
  const chosen = (opts.families ? opts.families.split(',') : families) as Family[];
  const data = getDataset('eight-gaussians');
  // 30 draws: one draw of the floor at n = 2,000 has a std about 70% of its mean.
  const floor = noiseFloor(data, N_EVAL, 30, createRng(2024)).mean;
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
    const batchSize = (model as { config?: { batchSize?: number } }).config?.batchSize ?? commonDefaults.batchSize;
    const rng = createRng(7);
    const m = model;
    let failed = '';
    const step = () => {
      const batch = toTensor(data.sample(batchSize, rng));
      const r = m.trainStep(batch);
      batch.dispose();
      if (!r.ok) failed = r.message;
    };
    // Throughput on a fresh model (first seconds of training).
    const rate = stepsPerSecond(step, () => {}, 5, 10, opts.seconds);
    m.dispose();
    if (failed) throw new Error(`non-finite loss: ${failed}`);

    // Time to quality on another fresh model.
    const q = createModel(family, { seed: 1 }, runtime);
    model = q;
    const qrng = createRng(11);
    const evalRng = createRng(12);
    const chunk = Math.max(10, Math.round(rate));
    let trainMs = 0;
    let steps = 0;
    let ed = Infinity;
    const wall0 = performance.now();
    let reached = false;
    // Check after about 1 s of training, then every 15% more steps (resolution of the
    // time to quality ±15%), until the training budget, or 3× the budget of wall time.
    while (trainMs < opts.budgetSeconds * 1000 && performance.now() - wall0 < 3 * opts.budgetSeconds * 1000) {
      const t0 = performance.now();
      const todo = Math.max(chunk, Math.round(0.15 * steps));
      for (let i = 0; i < todo; i++) {
        const batch = toTensor(data.sample(batchSize, qrng));
        const r = q.trainStep(batch);
        batch.dispose();
        if (!r.ok) throw new Error(`non-finite loss at step ${steps + i}: ${r.message}`);
      }
      trainMs += performance.now() - t0;
      steps += todo;
      const s = q.sample(N_EVAL);
      const samples = fromTensor(s);
      s.dispose();
      ed = samples.every(Number.isFinite) ? energyDistance(samples, data.sample(N_EVAL, evalRng)) : Infinity;
      if (ed < threshold) {
        reached = true;
        break;
      }
    }
    const quality = {
      reached,
      trainSeconds: trainMs / 1000,
      wallSeconds: (performance.now() - wall0) / 1000,
      steps,
      energyDistance: ed,
      noiseFloor: floor,
      threshold,
    };
    q.dispose();
    model = undefined;
    opts.log(backend, family, rate.toFixed(1), 'steps/s;', reached ? `quality in ${quality.trainSeconds.toFixed(1)} s (${steps} steps)` : `quality not reached in ${opts.budgetSeconds} s (ED ${ed.toFixed(4)} vs ${threshold.toFixed(4)})`, `tensors ${tf.memory().numTensors}`);
    return { where: 'node', backend, workload: `family:${family}`, stepsPerSec: rate, quality };
  } catch (e) {
    model?.dispose();
    const note = e instanceof Error ? e.message : String(e);
    opts.log(backend, family, 'failed:', note);
    return { where: 'node', backend, workload: `family:${family}`, stepsPerSec: NaN, note };
  }
}
