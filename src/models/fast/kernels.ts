/**
 * Loads the WebAssembly SIMD kernels of the fast MLP path (source: assembly/mlp-kernels.ts,
 * built by `npm run build:wasm`) in Node and in the browser (main thread or Web Worker).
 *
 * Two builds of the same source sit next to this file: mlp-kernels.wasm (WebAssembly SIMD, in
 * every current browser) and mlp-kernels.relaxed.wasm (adds relaxed SIMD, whose
 * f32x4.relaxed_madd is a fused multiply-add: about 1.3× faster products where the engine has
 * it, e.g. Chromium ≥ 114 and Node ≥ 20). The loader picks the relaxed build when the engine
 * validates a one-instruction probe.
 *
 * For two threads (./helper-thread.ts) each build also exists with imported shared memory
 * (mlp-kernels.shared.wasm, mlp-kernels.relaxed.shared.wasm), loaded only when asked for: shared
 * memory needs SharedArrayBuffer, which browsers give only to cross-origin isolated pages.
 *
 * Where the bytes come from: `new URL('./mlp-kernels.wasm', import.meta.url)` is a file: URL in
 * Node (read with node:fs) and, in a Vite build, the URL of the emitted asset (fetched). Callers
 * may pass their own URLs or bytes instead.
 */

/** Activation codes understood by the kernels (assembly/mlp-kernels.ts). */
export const ACT_CODE = { linear: 0, relu: 1, leakyRelu: 2, tanh: 3, silu: 4 } as const;
export type FastActivation = keyof typeof ACT_CODE;

/** Epilogue modes of `gemm`. */
export const MODE = { store: 0, forward: 1, actGrad: 2 } as const;

/** The kernels' exports; pointers are byte offsets into `memory`, sizes are counts of floats. */
export interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  relaxed(): number;
  gemm(a: number, b: number, c: number, m: number, k: number, n: number, mode: number, bias: number, p: number, act: number, alpha: number): void;
  gemmTN(a: number, b: number, c: number, m: number, k: number, n: number, accumulate: number): void;
  columnSums(d: number, out: number, m: number, n: number, accumulate: number): void;
  transpose(src: number, dst: number, rows: number, cols: number): void;
  addInto(dst: number, src: number, count: number): void;
  activate(src: number, dst: number, count: number, act: number, alpha: number): void;
  mulActivationGrad(d: number, p: number, count: number, act: number, alpha: number): void;
  sumSquares(x: number, count: number): number;
  adam(p: number, g: number, m: number, v: number, count: number, lr: number, beta1: number, beta2: number, eps: number, c1: number, c2: number): void;
  ema(avg: number, p: number, count: number, decay: number): void;
}

export type KernelVariant = 'simd' | 'relaxed';

/** Pages of 64 KiB a shared memory may grow to (the shared builds declare the same maximum). */
export const SHARED_MAX_PAGES = 8192;

/** A compiled kernel module; every FastMlp gets its own instance (and so its own memory). */
export interface FastKernels {
  readonly variant: KernelVariant;
  instantiate(): KernelExports;
  /** The shared-memory build, when loaded with `threads: true` and the engine allows it. */
  readonly shared?: SharedKernels;
}

export interface SharedKernels {
  readonly module: WebAssembly.Module;
  /** An instance on a fresh shared memory; the helper thread instantiates `module` on the same memory. */
  instantiate(): { exports: KernelExports; memory: WebAssembly.Memory };
}

type Source = string | URL | ArrayBuffer | Uint8Array;
type SourceKey = KernelVariant | 'simd-shared' | 'relaxed-shared';

export interface LoadOptions {
  /** 'auto' (default): relaxed SIMD when the engine supports it, else plain SIMD. */
  variant?: KernelVariant | 'auto';
  /** Also load the shared-memory build for two threads (ignored where SharedArrayBuffer is unavailable). */
  threads?: boolean;
  /** Where to read each build from (URL, path URL, or the bytes); defaults to the files next to this module. */
  sources?: Partial<Record<SourceKey, Source>>;
}

// (func (param v128 v128) …) probes: f32x4.add (SIMD) and f32x4.relaxed_madd (relaxed SIMD).
const PROBE_HEAD = [0, 97, 115, 109, 1, 0, 0, 0, 1, 6, 1, 96, 1, 123, 1, 123, 3, 2, 1, 0];
const SIMD_PROBE = new Uint8Array([...PROBE_HEAD, 10, 11, 1, 9, 0, 32, 0, 32, 0, 253, 228, 1, 11]);
const RELAXED_PROBE = new Uint8Array([...PROBE_HEAD, 10, 13, 1, 11, 0, 32, 0, 32, 0, 32, 0, 253, 133, 2, 11]);

/** True when this engine runs WebAssembly SIMD (needed by the fast path). */
export function simdSupported(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
}

/** True when shared WebAssembly memory can be created here (Node; browsers only when cross-origin isolated). */
export function sharedMemorySupported(): boolean {
  if (typeof SharedArrayBuffer === 'undefined') return false;
  try {
    new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    return true;
  } catch {
    return false;
  }
}

/** True when this engine also runs relaxed SIMD. */
export function relaxedSimdSupported(): boolean {
  return simdSupported() && WebAssembly.validate(RELAXED_PROBE);
}

function defaultSource(key: SourceKey): URL {
  // Literal `new URL` expressions, so that Vite finds and emits each asset.
  switch (key) {
    case 'relaxed':
      return new URL('./mlp-kernels.relaxed.wasm', import.meta.url);
    case 'simd-shared':
      return new URL('./mlp-kernels.shared.wasm', import.meta.url);
    case 'relaxed-shared':
      return new URL('./mlp-kernels.relaxed.shared.wasm', import.meta.url);
    default:
      return new URL('./mlp-kernels.wasm', import.meta.url);
  }
}

const abortImport = {
  abort() {
    throw new Error('fast MLP kernels: abort');
  },
};

async function readBytes(source: Source): Promise<ArrayBuffer | Uint8Array> {
  if (typeof source !== 'string' && !(source instanceof URL)) return source;
  const url = source instanceof URL ? source : new URL(source, globalThis.location?.href ?? 'file:///');
  if (url.protocol === 'file:') {
    // Node only; the specifier is hidden from bundlers, which must not pull node:fs into a browser build.
    const fsName = 'node:fs/promises';
    const fs = (await import(/* @vite-ignore */ fsName)) as { readFile(u: URL): Promise<Uint8Array> };
    return fs.readFile(url);
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`fast MLP kernels: fetching ${url.href} failed with HTTP ${response.status}`);
  return response.arrayBuffer();
}

const cache = new Map<string, Promise<WebAssembly.Module>>();

/** Compiles one build once (cached when it comes from the default location). */
function compileBuild(key: SourceKey, source: Source | undefined): Promise<WebAssembly.Module> {
  const cached = source === undefined ? cache.get(key) : undefined;
  if (cached) return cached;
  const compiling = readBytes(source ?? defaultSource(key)).then((bytes) => WebAssembly.compile(bytes as BufferSource));
  if (source === undefined) {
    cache.set(key, compiling);
    compiling.catch(() => cache.delete(key));
  }
  return compiling;
}

/** Compiles the kernels (once per build) and returns a factory of instances. */
export async function loadFastKernels(options: LoadOptions = {}): Promise<FastKernels> {
  if (!simdSupported()) throw new Error('fast MLP kernels: this engine has no WebAssembly SIMD');
  const requested = options.variant ?? 'auto';
  const variant: KernelVariant = requested === 'auto' ? (relaxedSimdSupported() ? 'relaxed' : 'simd') : requested;
  if (variant === 'relaxed' && !relaxedSimdSupported()) throw new Error('fast MLP kernels: this engine has no relaxed SIMD');
  const module = await compileBuild(variant, options.sources?.[variant]);
  let shared: SharedKernels | undefined;
  if (options.threads && sharedMemorySupported()) {
    const key: SourceKey = variant === 'relaxed' ? 'relaxed-shared' : 'simd-shared';
    const sharedModule = await compileBuild(key, options.sources?.[key]);
    shared = {
      module: sharedModule,
      instantiate() {
        const memory = new WebAssembly.Memory({ initial: 1, maximum: SHARED_MAX_PAGES, shared: true });
        const instance = new WebAssembly.Instance(sharedModule, { env: { memory, ...abortImport } });
        return { exports: instance.exports as unknown as KernelExports, memory };
      },
    };
  }
  return {
    variant,
    shared,
    instantiate() {
      const instance = new WebAssembly.Instance(module, { env: abortImport });
      return instance.exports as unknown as KernelExports;
    },
  };
}
