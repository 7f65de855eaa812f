/// <reference lib="webworker" />
/**
 * The arena's Web Worker: the families train one at a time, each for the whole training budget,
 * so each has the machine to itself for its turn (on a two-core machine, running them side by side
 * would give each a share that depends on how the browser schedules seven threads). The page stops
 * a run by terminating this worker.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../../data/random';
import { initBackend } from '../../models/backend';
import { loadFastKernels, type FastKernels } from '../../models/fast/kernels';
import type { ModelRuntime } from '../../models/types';
import type { ArenaConfig, FromArena, ToArena } from '../shared/arena-protocol';
import { defaultValues } from '../shared/settings';
import { ArenaRun } from './arena-run';
import { useBundledWasm } from './bundled-wasm';
import { yieldNow } from './yield-now';

const scope = self as unknown as DedicatedWorkerGlobalScope;
/** Samples drawn for a family's live panel, and how often (ms of wall-clock time). */
const PANEL_SAMPLES = 400;
const PANEL_EVERY_MS = 400;

function post(msg: FromArena): void {
  const buffers: Transferable[] = [];
  if ('samples' in msg) buffers.push(msg.samples.buffer);
  if ('data' in msg) buffers.push(msg.data.buffer);
  scope.postMessage(msg, buffers);
}

async function setup(): Promise<ModelRuntime> {
  useBundledWasm();
  const choice = await initBackend('wasm');
  tf.enableProdMode();
  let kernels: FastKernels | null = null;
  try {
    kernels = await loadFastKernels({ threads: scope.crossOriginIsolated === true });
  } catch {
    kernels = null;
  }
  const threads = kernels?.shared ? 2 : 1;
  post({ type: 'ready', backend: choice.backend, threads, fused: kernels !== null });
  return kernels ? { fastKernels: kernels, threads } : { trainingPath: 'tfjs' };
}

async function run(config: ArenaConfig): Promise<void> {
  const runtime = await setup();
  for (const family of config.families) {
    const values = { ...defaultValues(family), dataset: config.dataset, points: config.points, seed: config.seed };
    let arena: ArenaRun | null = null;
    try {
      arena = new ArenaRun({ family, values, runtime, budgetMs: 1000 * config.budgetSeconds });
      post({ type: 'turn', family, noiseFloor: arena.noiseFloor, checkpoint: arena.checkpoints[0], data: arena.dataset.sample(PANEL_SAMPLES, createRng(1)) });
      let lastPanel = performance.now();
      while (!arena.done) {
        const progress = arena.advance(50);
        const now = performance.now();
        if (progress.checkpoint || now - lastPanel >= PANEL_EVERY_MS) {
          post({ type: 'progress', family, step: progress.step, trainingMs: progress.trainingMs, samples: arena.samples(PANEL_SAMPLES), checkpoint: progress.checkpoint });
          lastPanel = performance.now();
        }
        await yieldNow();
      }
      const result = arena.finish();
      post({ type: 'result', family, result, samples: arena.samples(PANEL_SAMPLES) });
    } catch (e) {
      post({ type: 'failed', family, message: e instanceof Error ? e.message : String(e) });
    } finally {
      arena?.dispose();
    }
  }
  post({ type: 'done' });
}

let started = false;
scope.onmessage = (e: MessageEvent<ToArena>) => {
  if (e.data.type === 'ping') {
    post({ type: 'pong' });
    return;
  }
  if (started) return;
  started = true;
  run(e.data.config).catch((err: unknown) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) }));
};
scope.addEventListener('unhandledrejection', (e: PromiseRejectionEvent) => {
  e.preventDefault();
  post({ type: 'error', message: String(e.reason) });
});
