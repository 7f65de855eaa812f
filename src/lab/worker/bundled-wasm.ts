/// <reference lib="webworker" />
/**
 * Point tfjs's wasm backend at the .wasm binaries this site ships, as URLs that Vite fingerprints
 * and prefixes with the site's base path, and keep it off its threaded build: on a cross-origin
 * isolated page tfjs would switch to it, and its threads fail to start inside a module worker
 * ("e is not defined"); the fused kernels bring their own second thread instead. Call before the
 * backend first starts; calling again does nothing.
 */
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadsUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

let done = false;

export function useBundledWasm(): void {
  if (done) return;
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlainUrl,
    'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadsUrl,
  });
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  done = true;
}
