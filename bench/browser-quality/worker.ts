/**
 * The quality bench in a module Web Worker, set up as the lab's worker (src/lab/worker/worker.ts) sets
 * itself up on a page that is not cross-origin isolated: tfjs on its wasm backend (single-threaded
 * build, production mode) and the fused kernels loaded for one thread, the build the engine
 * supports best. Part 'quality': the table of bench/quality-bench.ts; part 'throughput': each
 * family's steps/s with the lab's defaults; part 'ode-steps': bench/ode-steps-bench.ts. Posts { type: 'result', quality, throughput, env, errors }.
 */
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { initBackend } from '../../src/models/backend';
import { loadFastKernels, relaxedSimdSupported } from '../../src/models/fast/kernels';
import { benchOdeSteps } from '../ode-steps-bench';
import { benchQuality, benchThroughput } from '../quality-bench';
import type { BenchRow, OdeStepsRow, QualityRow } from '../rows';

export interface QualityRequest {
  /** 'throughput' and/or 'quality' (both when empty). */
  parts: string[];
  families: string[];
  datasets: string[];
  budgetSeconds: number;
  /** Throughput: timed runs per family and their least length in seconds. */
  runs: number;
  seconds: number;
}

export interface QualityResult {
  type: 'result';
  quality: QualityRow[];
  throughput: BenchRow[];
  odeSteps: OdeStepsRow[];
  env?: Record<string, unknown>;
  errors: string[];
}

const log = (text: string) => postMessage({ type: 'log', text });
const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

onmessage = async (e: MessageEvent<QualityRequest>) => {
  const req = e.data;
  const parts = req.parts.length ? req.parts : ['throughput', 'quality', 'ode-steps'];
  const result: QualityResult = { type: 'result', quality: [], throughput: [], odeSteps: [], errors: [] };
  try {
    setWasmPaths({
      'tfjs-backend-wasm.wasm': wasmPlain,
      'tfjs-backend-wasm-simd.wasm': wasmSimd,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
    });
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    const choice = await initBackend('wasm');
    if (choice.backend !== 'wasm') throw new Error(`tfjs wasm unavailable: ${choice.reason}`);
    tf.enableProdMode();
    const fastKernels = await loadFastKernels({ threads: false });
    const runtime = { fastKernels, threads: 1 as const };
    result.env = {
      userAgent: navigator.userAgent,
      hardwareConcurrency: navigator.hardwareConcurrency,
      crossOriginIsolated: globalThis.crossOriginIsolated ?? false,
      relaxedSimd: relaxedSimdSupported(),
      tfjs: tf.version_core,
      tfjsBackend: tf.getBackend(),
      budgetSeconds: req.budgetSeconds,
    };
    const families = req.families;
    if (parts.includes('throughput')) {
      try {
        result.throughput = benchThroughput({ families, runtime, where: 'browser', runs: req.runs, seconds: req.seconds, log });
      } catch (err) {
        result.errors.push(`throughput: ${messageOf(err)}`);
      }
    }
    if (parts.includes('quality')) {
      try {
        result.quality = benchQuality({ families, datasets: req.datasets, budgetSeconds: req.budgetSeconds, runtime, where: 'browser', log });
      } catch (err) {
        result.errors.push(`quality: ${messageOf(err)}`);
      }
    }
    // Issue 19: flow matching's samples against the number of ODE steps, before and after a reflow.
    if (parts.includes('ode-steps') && (!families.length || families.includes('flow-matching'))) {
      try {
        result.odeSteps = benchOdeSteps({ runtime, where: 'browser', trainSteps: 1500, log });
      } catch (err) {
        result.errors.push(`ode-steps: ${messageOf(err)}`);
      }
    }
  } catch (err) {
    result.errors.push(`set-up: ${messageOf(err)}`);
  }
  postMessage(result);
};
