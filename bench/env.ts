import * as tf from '@tensorflow/tfjs-core';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { initBackend, type BackendName } from '../src/models/backend';

/** Settings passed by bench/run.mjs through environment variables (vitest owns argv). */
export const settings = {
  backend: (process.env.BENCH_BACKEND ?? 'wasm') as BackendName,
  runs: Number(process.env.BENCH_RUNS ?? 3),
  seconds: Number(process.env.BENCH_SECONDS ?? 3),
  budgetSeconds: Number(process.env.BENCH_BUDGET ?? 60),
  families: process.env.BENCH_FAMILIES ?? '',
  /** Training steps before the sampling latency is timed. */
  trainSteps: Number(process.env.BENCH_TRAINSTEPS ?? 300),
  out: process.env.BENCH_OUT ?? '',
};

export const log = (...xs: unknown[]) => console.error('[bench]', ...xs);

/** Initialise the requested backend (no silent fallback: a bench on the wrong backend is wrong). */
export async function setUp(): Promise<Record<string, unknown>> {
  const choice = await initBackend(settings.backend);
  if (choice.backend !== settings.backend) throw new Error(`backend ${settings.backend} unavailable: ${choice.reason}`);
  return {
    backend: tf.getBackend(),
    tfjs: tf.version_core,
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    wasmSimd: settings.backend === 'wasm' ? await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT') : undefined,
    wasmThreads: settings.backend === 'wasm' ? await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT') : undefined,
  };
}

export function writeResult(result: unknown): void {
  const text = JSON.stringify(result) + '\n';
  if (settings.out) writeFileSync(settings.out, text);
  else process.stdout.write(text);
}
