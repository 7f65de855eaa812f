/**
 * Sampling latency of each family (issue 4: "10,000 samples in under 100 ms for every family but
 * diffusion and the autoregressive model; diffusion with DDIM in under 500 ms"): default
 * configuration through createModel, a short training on 8 Gaussians (latency hardly depends on
 * it), then the wall time of `sample(10000)` including the read-back to JavaScript, median over
 * several runs after one warm-up, each run after one more (untimed) training step. Diffusion is
 * timed by ancestral sampling over all T steps and by DDIM with 20 and 50 steps. With `fastKernels`, the families that have a fused path take it,
 * as the lab runs them (diffusion's ε_θ evaluations and the EBM's Langevin chains then run in the
 * fused kernels); their rows say '+ fused'. With `threads: 2`, the families whose kernels split
 * their passes over two threads are timed again that way.
 * No Node or DOM imports: runs under vitest (sampling.run.ts) and in the browser bench's worker.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { getDataset } from '../src/data/datasets';
import { createRng } from '../src/data/random';
import { commonDefaults } from '../src/models/config';
import type { DiffusionModel } from '../src/models/diffusion';
import type { FastKernels } from '../src/models/fast/kernels';
import { createModel } from '../src/models/index';
import { fromTensor, toTensor } from '../src/models/tensor';
import { families, type Family } from '../src/models/types';
import type { SamplingRow } from './rows';
import { median } from './timing';

export const SAMPLES = 10_000;
/** DDIM step counts timed (the target applies to each). */
export const DDIM_STEPS = [20, 50];
/** The targets of issue 4, in ms; families without one are measured all the same. */
const TARGET_MS: Partial<Record<string, number>> = { vae: 100, flow: 100, ebm: 100, gan: 100, 'diffusion-ddim': 500 };

interface Options {
  where: SamplingRow['where'];
  backend: string;
  families?: string;
  /** Training steps before timing. */
  trainSteps: number;
  /** Timed runs after the warm-up (fewer when one sampling takes over `slowMs`). */
  runs: number;
  slowMs?: number;
  /** Use the fused path where a family has one (as the lab does). */
  fastKernels?: FastKernels;
  /**
   * 2: kernels loaded with `threads: true`, and only the families whose fused kernels then run on
   * two threads are timed (as in the lab on a cross-origin isolated page); their rows say '2 threads'.
   */
  threads?: 1 | 2;
  log: (...xs: unknown[]) => void;
}

/** Wall time (ms) of one draw of `SAMPLES` points, read back to a Float32Array. */
function timeOnce(draw: () => tf.Tensor2D): number {
  const t0 = performance.now();
  const t = draw();
  fromTensor(t);
  const ms = performance.now() - t0;
  t.dispose();
  return ms;
}

/**
 * One warm-up, then `runs` timed draws (3 when the warm-up took over slowMs: cpu diffusion takes
 * seconds). `prepare` (one training step, untimed) runs before each draw, so that what a model makes
 * once per training step (the EBM's gradient table, a fused twin's weights copied back) is paid
 * inside each timed draw, as in the lab.
 */
function timeDraws(draw: () => tf.Tensor2D, runs: number, slowMs: number, prepare: () => void): number[] {
  prepare();
  const warm = timeOnce(draw);
  const n = warm > slowMs ? Math.min(runs, 3) : runs;
  return Array.from({ length: n }, () => {
    prepare();
    return timeOnce(draw);
  });
}

export async function benchSampling(opts: Options): Promise<SamplingRow[]> {
  const chosen = (opts.families ? opts.families.split(',') : families) as Family[];
  const data = getDataset('eight-gaussians');
  const rows: SamplingRow[] = [];
  for (const family of chosen) {
    const model = createModel(family, { seed: 1 }, { fastKernels: opts.fastKernels, threads: opts.threads });
    let backend = model.trainingPath === 'fused' ? `${opts.backend} + fused` : opts.backend;
    try {
      const batchSize = (model as { config?: { batchSize?: number } }).config?.batchSize ?? commonDefaults.batchSize;
      const rng = createRng(7);
      const trainOnce = (): void => {
        const batch = toTensor(data.sample(batchSize, rng));
        model.trainStep(batch);
        batch.dispose();
      };
      for (let i = 0; i < opts.trainSteps; i++) trainOnce();
      if (opts.threads === 2) {
        // A network's helper thread starts a few ms after the model, once this thread yields to its event loop.
        for (let waited = 0; model.threads !== 2 && waited < 2000; waited += 20) await new Promise((r) => setTimeout(r, 20));
        if (model.threads !== 2) continue;
        backend += ', 2 threads';
      }
      const methods: { key: string; method: string; draw: () => tf.Tensor2D }[] = [];
      if (family === 'diffusion') {
        const d = model as DiffusionModel;
        methods.push({ key: 'diffusion', method: `ancestral, T = ${d.config.T} steps`, draw: () => d.sample(SAMPLES) });
        for (const S of DDIM_STEPS) methods.push({ key: 'diffusion-ddim', method: `DDIM, ${S} steps (η = 0)`, draw: () => d.sampleDdim(SAMPLES, S) });
      } else {
        methods.push({ key: family, method: 'sample()', draw: () => model.sample(SAMPLES) });
      }
      for (const m of methods) {
        const msRuns = timeDraws(m.draw, opts.runs, opts.slowMs ?? 4000, trainOnce);
        const ms = median(msRuns);
        opts.log(opts.where, backend, `sampling ${m.key} (${m.method}):`, msRuns.map((x) => x.toFixed(1)).join(' '), 'ms');
        rows.push({ where: opts.where, backend, workload: `sampling:${family}`, method: m.method, n: SAMPLES, trainSteps: opts.trainSteps, ms, msRuns, targetMs: TARGET_MS[m.key] });
      }
    } catch (e) {
      const note = e instanceof Error ? e.message : String(e);
      opts.log(opts.where, opts.backend, `sampling ${family} failed:`, note);
      rows.push({ where: opts.where, backend: opts.backend, workload: `sampling:${family}`, method: '', n: SAMPLES, trainSteps: opts.trainSteps, ms: NaN, msRuns: [], note });
    } finally {
      model.dispose();
    }
  }
  return rows;
}
