import * as tf from '@tensorflow/tfjs-core';
// The core's main entry registers no gradients; training needs them all.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/**
 * Choose and initialise a tfjs backend, in Node (tests, benches) or in a browser Web Worker.
 *
 * - cpu: plain JavaScript kernels, always available.
 * - wasm: XNNPACK kernels compiled to WebAssembly, about 4× faster than cpu on these small
 *   MLPs. Importing '@tensorflow/tfjs-backend-wasm' registers it. It must find its .wasm binary:
 *   in Node the package's CommonJS build reads it from its own dist/ folder by default; in a
 *   browser the caller passes `wasmPaths`, the URL prefix where tfjs-backend-wasm*.wasm are served
 *   (setWasmPaths must be called before the backend first initialises).
 * - webgl: registered only when a DOM canvas or OffscreenCanvas exists (browser, worker).
 *
 * Falls back to cpu, with the reason, when the preferred backend fails to initialise.
 */
export type BackendName = 'wasm' | 'cpu' | 'webgl';

export interface BackendChoice {
  backend: string;
  fellBackFrom?: string;
  reason?: string;
}

export interface BackendOptions {
  /** URL (browser) or directory path ending in '/' where the tfjs-backend-wasm .wasm files are. */
  wasmPaths?: string;
}

let wasmPathsSet: string | undefined;

function hasCanvas(): boolean {
  const g = globalThis as { OffscreenCanvas?: unknown; document?: { createElement?: unknown } };
  return typeof g.OffscreenCanvas !== 'undefined' || typeof g.document?.createElement === 'function';
}

async function registerWebgl(): Promise<void> {
  if (tf.findBackendFactory('webgl')) return;
  // Imported only on demand, so Node and the wasm path never load the WebGL kernels.
  await import('@tensorflow/tfjs-backend-webgl');
}

export async function initBackend(preferred: BackendName, options: BackendOptions = {}): Promise<BackendChoice> {
  if (preferred === 'wasm' && options.wasmPaths && options.wasmPaths !== wasmPathsSet) {
    try {
      setWasmPaths(options.wasmPaths);
      wasmPathsSet = options.wasmPaths;
    } catch (e) {
      // The wasm module was already initialised (setWasmPaths must come first): keep it.
      if (tf.getBackend() !== 'wasm' && !tf.findBackend('wasm')) {
        return fallBack(preferred, `setWasmPaths failed: ${(e as Error).message}`);
      }
    }
  }
  if (tf.getBackend() === preferred && tf.findBackend(preferred)) return { backend: preferred };
  try {
    if (preferred === 'webgl') {
      if (!hasCanvas()) return fallBack(preferred, 'no DOM canvas or OffscreenCanvas in this environment');
      await registerWebgl();
    }
    const ok = await tf.setBackend(preferred);
    if (!ok) return fallBack(preferred, `tf.setBackend('${preferred}') returned false`);
    await tf.ready();
    return { backend: tf.getBackend() };
  } catch (e) {
    return fallBack(preferred, e instanceof Error ? e.message : String((e as { message?: string })?.message ?? e));
  }
}

async function fallBack(from: string, reason: string): Promise<BackendChoice> {
  await tf.setBackend('cpu');
  await tf.ready();
  return { backend: tf.getBackend(), fellBackFrom: from, reason };
}
