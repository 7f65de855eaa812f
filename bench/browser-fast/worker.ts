/**
 * The browser half of the fast path's benchmark, in a module Web Worker: steps/s of the two
 * reference workloads with the fused WebAssembly SIMD path (part 'fast': both kernel builds the
 * engine runs, one thread; 'fast-threads': the best build on two threads, which needs a cross-origin
 * isolated page) and, for comparison in the same page, plain tfjs on its wasm and cpu backends
 * (the workloads of bench/reference-workloads.ts); part 'sampling': each family's sampling latency
 * on tfjs wasm (bench/sampling-bench.ts), and 'sampling-threads' on two threads (isolated page). Posts { type: 'result', rows, env, errors }.
 */
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { initBackend } from '../../src/models/backend';
import { loadFastKernels, relaxedSimdSupported } from '../../src/models/fast/kernels';
import { fastLabel, fastWorkloads, kernelVariants } from '../fast-workloads';
import { diffusionWorkload, ganWorkload } from '../reference-workloads';
import type { BenchRow, SamplingRow } from '../rows';
import { benchSampling } from '../sampling-bench';
import { median, stepsPerSecond } from '../timing';

const log = (text: string) => postMessage({ type: 'log', text });

interface Request {
  runs: number;
  seconds: number;
  parts: string[];
  /** Part 'sampling': training steps before timing, and timed runs per family. */
  trainSteps: number;
  samplingRuns: number;
}

async function fastRows(req: Request, threads: 1 | 2): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const all = kernelVariants();
  // Two threads: only the best build (and only in a cross-origin isolated page, where shared memory exists).
  const variants = threads === 2 ? all.slice(-1) : all;
  for (const variant of variants) {
    const kernels = await loadFastKernels({ variant, threads: threads === 2 });
    if (threads === 2 && !kernels.shared) throw new Error('no shared memory: the page is not cross-origin isolated');
    const label = fastLabel(variant, threads);
    for (const w of fastWorkloads(kernels, threads)) {
      const rates: number[] = [];
      for (let r = 0; r < req.runs; r++) {
        const trainer = await w.make(r);
        rates.push(stepsPerSecond(() => trainer.step(), () => {}, 50, 50, req.seconds));
        trainer.dispose();
      }
      log(`${label} ${w.name}: ${rates.map((x) => x.toFixed(1)).join(' ')} steps/s`);
      rows.push({ where: 'browser', backend: label, workload: w.name, stepsPerSec: median(rates), stepsPerSecRuns: rates });
    }
  }
  return rows;
}

async function tfjsRows(req: Request, backend: 'wasm' | 'cpu'): Promise<BenchRow[]> {
  const choice = await initBackend(backend);
  if (choice.backend !== backend) throw new Error(`tfjs ${backend} unavailable: ${choice.reason}`);
  const rows: BenchRow[] = [];
  const threaded = backend === 'wasm' && (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
  const label = `tfjs ${backend}${threaded ? ' (threaded build: the page is cross-origin isolated)' : ''}`;
  for (const make of [diffusionWorkload, ganWorkload]) {
    const rates: number[] = [];
    let name = '';
    for (let r = 0; r < req.runs; r++) {
      const w = make(r);
      name = w.name;
      rates.push(stepsPerSecond(() => w.step(), () => w.lastLoss(), 5, 10, req.seconds));
      w.dispose();
    }
    log(`${label} ${name}: ${rates.map((x) => x.toFixed(1)).join(' ')} steps/s`);
    rows.push({ where: 'browser', backend: label, workload: name, stepsPerSec: median(rates), stepsPerSecRuns: rates });
  }
  return rows;
}

/**
 * Sampling latency of the six families on tfjs wasm (bench/sampling-bench.ts), as in Node; on two
 * threads (part 'sampling-threads', isolated page) only the families whose kernels then split.
 */
async function samplingRows(req: Request, threads: 1 | 2): Promise<SamplingRow[]> {
  // As in the lab's worker: tfjs's threaded build fails inside a module worker, and the fused
  // kernels bring their own second thread.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  const choice = await initBackend('wasm');
  if (choice.backend !== 'wasm') throw new Error(`tfjs wasm unavailable: ${choice.reason}`);
  const fastKernels = await loadFastKernels({ threads: threads === 2 });
  if (threads === 2 && !fastKernels.shared) throw new Error('no shared memory: the page is not cross-origin isolated');
  return benchSampling({ where: 'browser', backend: 'tfjs wasm', trainSteps: req.trainSteps, runs: req.samplingRuns, fastKernels, threads, log: (...xs) => log(xs.join(' ')) });
}

onmessage = async (e: MessageEvent<Request>) => {
  const req = e.data;
  const rows: (BenchRow | SamplingRow)[] = [];
  const errors: string[] = [];
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
  });
  for (const part of req.parts) {
    try {
      if (part === 'fast') rows.push(...(await fastRows(req, 1)));
      else if (part === 'fast-threads') rows.push(...(await fastRows(req, 2)));
      else if (part === 'tfjs-wasm') rows.push(...(await tfjsRows(req, 'wasm')));
      else if (part === 'tfjs-cpu') rows.push(...(await tfjsRows(req, 'cpu')));
      else if (part === 'sampling') rows.push(...(await samplingRows(req, 1)));
      else if (part === 'sampling-threads') rows.push(...(await samplingRows(req, 2)));
    } catch (err) {
      errors.push(`${part}: ${(err as Error).message}`);
    }
  }
  const env = {
    userAgent: navigator.userAgent,
    hardwareConcurrency: navigator.hardwareConcurrency,
    crossOriginIsolated: globalThis.crossOriginIsolated ?? false,
    relaxedSimd: relaxedSimdSupported(),
    tfjs: tf.version_core,
  };
  postMessage({ type: 'result', rows, env, errors });
};
