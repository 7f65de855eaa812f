/// <reference lib="webworker" />
/**
 * The lab's Web Worker: it alone loads tfjs, owns the model and runs the training loop, so the
 * page's main thread never runs a training step. Started by the page when the reader first presses
 * Train, Step or Sample. Every failure is caught and posted as an 'error' message.
 */
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, type BackendName } from '../../models/backend';
import { loadFastKernels } from '../../models/fast/kernels';
import { transferables, type FromWorker, type ToWorker } from '../shared/protocol';
import type { Values } from '../shared/settings';
import { Session, type FastState } from './session';
import { useBundledWasm } from './bundled-wasm';
import { yieldNow } from './yield-now';

const scope = self as unknown as DedicatedWorkerGlobalScope;

/** The tfjs backend the reader chose (the settings table offers these three; wasm by default). */
function backendOf(values: Values): BackendName {
  const v = values.backend;
  return v === 'webgl' || v === 'cpu' ? v : 'wasm';
}

function post(msg: FromWorker): void {
  // Arrays read from tensors may share the backend's own buffers: copy before transferring.
  const copy = deepCopyArrays(msg);
  scope.postMessage(copy, transferables(copy));
}

function deepCopyArrays<T>(v: T, depth = 0): T {
  if (v instanceof Float32Array) return v.slice() as T;
  if (depth > 4 || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => deepCopyArrays(x, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = deepCopyArrays(x, depth + 1);
  return out as T;
}

function fail(e: unknown): void {
  const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  session?.dispose();
  session = null;
  scope.postMessage({ type: 'error', message } satisfies FromWorker);
}

let session: Session | null = null;
let backendReady: Promise<void> | null = null;
/** The fused training kernels (src/models/fast), loaded with the backend; or why they could not be. */
let fast: FastState = { unavailable: 'not loaded' };
let fastLoading: Promise<void> | null = null;

function loadFast(): Promise<void> {
  // Two threads need shared memory, which a page has only when cross-origin isolated (the site's
  // service worker, <base>coi-serviceworker.js from src/pages/coi-serviceworker.js.ts, makes it so from the second page load on).
  const threads = scope.crossOriginIsolated === true;
  fastLoading ??= loadFastKernels({ threads }).then(
    (kernels) => void (fast = { kernels, threads: kernels.shared ? 2 : 1 }),
    (e: unknown) => void (fast = { unavailable: e instanceof Error ? e.message : String(e) }),
  );
  return fastLoading;
}
let looping = false;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function loop(): Promise<void> {
  if (looping) return;
  looping = true;
  try {
    while (session?.isRunning) {
      const wait = session.tick();
      if (wait > 0) await sleep(wait);
      else await yieldNow();
    }
  } catch (e) {
    fail(e);
  } finally {
    looping = false;
  }
}

let currentBackend: BackendName | null = null;

async function startBackend(preferred: BackendName): Promise<void> {
  useBundledWasm();
  currentBackend = preferred;
  const choice = await initBackend(preferred);
  tf.enableProdMode();
  post({
    type: 'backend',
    requested: preferred,
    backend: choice.backend as BackendName,
    reason: choice.fellBackFrom ? choice.reason ?? 'unknown reason' : undefined,
  });
}

async function handle(msg: ToWorker): Promise<void> {
  switch (msg.type) {
    case 'init': {
      const preferred = backendOf(msg.values);
      backendReady ??= startBackend(preferred);
      await Promise.all([backendReady, msg.values.trainer === 'fused' ? loadFast() : null]);
      session?.dispose();
      session = new Session(msg.family, msg.values, msg.view, post, undefined, () => fast);
      session.build();
      return;
    }
    case 'train':
      await backendReady;
      session?.start();
      void loop();
      return;
    case 'pause':
      session?.pause();
      return;
    case 'step':
      await backendReady;
      session?.stepOnce(msg.count ?? 1);
      return;
    case 'reset': {
      await backendReady;
      if (!session) return;
      const wasRunning = session.isRunning;
      session.stop();
      if (msg.values) {
        if (msg.values.trainer === 'fused') await loadFast();
        session.setValues(msg.values);
        const wanted = backendOf(msg.values);
        if (wanted !== currentBackend) {
          session.dispose();
          backendReady = startBackend(wanted);
          await backendReady;
        }
      }
      session.build();
      if (wasRunning) {
        session.start();
        void loop();
      }
      return;
    }
    case 'sample':
      await backendReady;
      session?.sampleNow();
      return;
    case 'config':
      session?.configure(msg.values, msg.view);
      return;
    case 'action':
      await backendReady;
      session?.act(msg.name);
      return;
  }
}

// Messages are handled strictly in order: each waits for the one before it. A ping from the
// page's watchdog is answered at once, between two slices of the training loop, not queued
// behind a model that is still loading.
let queue: Promise<void> = Promise.resolve();
scope.onmessage = (e: MessageEvent<ToWorker>) => {
  if (e.data.type === 'ping') {
    scope.postMessage({ type: 'pong' } satisfies FromWorker);
    return;
  }
  queue = queue.then(() => handle(e.data)).catch(fail);
};
// A rejection nobody handled is reported in the widget like any other failure; preventDefault
// keeps it from also landing in the console as "Uncaught (in promise)".
scope.addEventListener('unhandledrejection', (e: PromiseRejectionEvent) => {
  e.preventDefault();
  fail(e.reason);
});
