import type { KernelExports } from './kernels';

/**
 * A second thread for a FastMlp: a Web Worker (browser) or worker_threads Worker (Node) that
 * instantiates the same shared-memory kernels on the same WebAssembly.Memory and runs the kernel
 * calls of its half of the batch while the owning thread runs the other half.
 *
 * Protocol, all in the shared memory (no messages after start-up, so no event-loop latency):
 *   plan  Float64 [count, (function id, 11 arguments) × count]: the kernel calls to run, recorded
 *         by PlanRecorder on the owning thread;
 *   ctrl  Int32 [requested, done, command, failed]: the owner bumps `requested` and notifies; the
 *         helper runs the plan, stores `done` = requested and notifies back.
 * Both sides spin for up to SPIN_MS before blocking in Atomics.wait. A wake-up from Atomics.wait
 * cost 60–190 µs per pass on this 2-core VM, against 400–800 µs for a half pass of the reference
 * diffusion network, and between two passes the owner works alone for about 200 µs (loss, Adam,
 * the next batch). Spinning 2,000 loads (about 20 µs) slept through every such gap. Reference
 * diffusion workload on two threads, spinning 20 µs → up to 1 ms: Node 614–662 → 732–749 steps/s,
 * headless Chromium 406–532 → 588–760 (one thread: 430–436). Spinning 3 ms was slower in Chromium
 * (578–601): a thread that never yields competes with the browser's own threads for the 2 cores.
 * The spin ends as soon as work arrives, so it costs a core only while training runs. Atomics.wait is
 * not allowed on a browser's main thread, so a threaded FastMlp belongs in a Web Worker there
 * (the owner then only spins).
 */

/** The kernel functions a plan may call, in the order of their ids. */
export const PLAN_FUNCTIONS = ['gemm', 'gemmTN', 'columnSums', 'activate', 'mulActivationGrad'] as const;
export type RowKernels = Pick<KernelExports, (typeof PLAN_FUNCTIONS)[number]>;

const SLOTS = 12; // function id + 11 arguments (gemm has 11)
export const PLAN_CALLS = 64;
/** Bytes the owner reserves for the control block and the plan. */
export const CONTROL_BYTES = 64 + 8 * (1 + PLAN_CALLS * SLOTS);

const REQUESTED = 0;
const DONE = 1;
const COMMAND = 2;
const FAILED = 3;
const COMMAND_RUN = 1;
const COMMAND_EXIT = 2;
/** How long either side spins before it sleeps in Atomics.wait (see above). */
const SPIN_MS = 1;
/** Atomics.load calls between two clock reads while spinning (a load costs about 10 ns, a clock read 40–80 ns). */
const SPINS_PER_CLOCK_READ = 64;

/** Records kernel calls into the shared plan instead of running them. */
export class PlanRecorder implements RowKernels {
  private count = 0;

  constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly planPtr: number,
  ) {}

  reset(): void {
    this.count = 0;
    new Float64Array(this.memory.buffer, this.planPtr, 1)[0] = 0;
  }

  private push(id: number, args: number[]): void {
    if (this.count >= PLAN_CALLS) throw new Error('helper thread: plan too long');
    const f = new Float64Array(this.memory.buffer, this.planPtr, 1 + PLAN_CALLS * SLOTS);
    const o = 1 + this.count * SLOTS;
    f[o] = id;
    for (let i = 0; i < args.length; i++) f[o + 1 + i] = args[i];
    f[0] = ++this.count;
  }

  gemm(...args: Parameters<RowKernels['gemm']>): void {
    this.push(0, args);
  }
  gemmTN(...args: Parameters<RowKernels['gemmTN']>): void {
    this.push(1, args);
  }
  columnSums(...args: Parameters<RowKernels['columnSums']>): void {
    this.push(2, args);
  }
  activate(...args: Parameters<RowKernels['activate']>): void {
    this.push(3, args);
  }
  mulActivationGrad(...args: Parameters<RowKernels['mulActivationGrad']>): void {
    this.push(4, args);
  }
}

/**
 * The helper's whole program, as a self-contained function: it is sent to the worker as source
 * text (a Blob URL in browsers, `eval` in Node), so it may use nothing from this module's scope.
 */
type NodeRequire = (id: string) => { parentPort: { on(ev: string, f: (d: unknown) => void): void; postMessage(m: unknown): void } };

function helperProgram(nodeRequire: NodeRequire | undefined): void {
  const g = globalThis as unknown as {
    onmessage: ((e: { data: unknown }) => void) | null;
    postMessage?: (m: unknown) => void;
  };
  const names = ['gemm', 'gemmTN', 'columnSums', 'activate', 'mulActivationGrad'];
  const start = (data: unknown, reply: (m: unknown) => void) => {
    const { module, memory, ctrlPtr, planPtr, spinMs, spinsPerClockRead } = data as {
      module: WebAssembly.Module;
      memory: WebAssembly.Memory;
      ctrlPtr: number;
      planPtr: number;
      spinMs: number;
      spinsPerClockRead: number;
    };
    const exports = new WebAssembly.Instance(module, {
      env: {
        memory,
        abort() {
          throw new Error('abort');
        },
      },
    }).exports as Record<string, (...a: number[]) => void>;
    const fns = names.map((n) => exports[n]);
    const ctrl = new Int32Array(memory.buffer, ctrlPtr, 4);
    reply('ready');
    let seen = 0;
    for (;;) {
      const spinUntil = performance.now() + spinMs;
      let spin = 0;
      while (Atomics.load(ctrl, 0) === seen) {
        if (++spin % spinsPerClockRead === 0 && performance.now() > spinUntil) Atomics.wait(ctrl, 0, seen);
      }
      seen = Atomics.load(ctrl, 0);
      if (Atomics.load(ctrl, 2) === 2) break;
      try {
        // The memory may have grown since the last plan: take a fresh view each time.
        const f = new Float64Array(memory.buffer, planPtr, 1 + 64 * 12);
        const count = f[0];
        for (let c = 0; c < count; c++) {
          const o = 1 + c * 12;
          fns[f[o]](f[o + 1], f[o + 2], f[o + 3], f[o + 4], f[o + 5], f[o + 6], f[o + 7], f[o + 8], f[o + 9], f[o + 10], f[o + 11]);
        }
      } catch {
        Atomics.store(ctrl, 3, 1);
      }
      Atomics.store(ctrl, 1, seen);
      Atomics.notify(ctrl, 1);
    }
  };
  if (nodeRequire) {
    // Node worker_threads, eval mode: CommonJS, `require` in scope.
    const { parentPort } = nodeRequire('node:worker_threads');
    parentPort.on('message', (d) => start(d, (m) => parentPort.postMessage(m)));
  } else {
    g.onmessage = (e) => start(e.data, (m) => g.postMessage!(m));
  }
}

interface WorkerLike {
  postMessage(m: unknown): void;
  terminate(): unknown;
}

export class HelperThread {
  private seq = 0;
  private canWait = true;

  private constructor(
    private readonly worker: WorkerLike,
    private readonly memory: WebAssembly.Memory,
    private readonly ctrlPtr: number,
  ) {}

  private get ctrl(): Int32Array {
    return new Int32Array(this.memory.buffer, this.ctrlPtr, 4);
  }

  /** Starts the helper on `memory` (shared) with the shared kernels `module`; resolves when it is ready. */
  static async start(module: WebAssembly.Module, memory: WebAssembly.Memory, ctrlPtr: number, planPtr: number): Promise<HelperThread> {
    const source = `(${helperProgram.toString()})(typeof require === 'function' ? require : undefined)`;
    let worker: WorkerLike;
    let ready: Promise<void>;
    const isNode = typeof process !== 'undefined' && !!process.versions?.node && typeof (globalThis as { window?: unknown }).window === 'undefined';
    if (isNode) {
      const name = 'node:worker_threads';
      const { Worker } = (await import(/* @vite-ignore */ name)) as typeof import('node:worker_threads');
      const w = new Worker(source, { eval: true });
      w.unref();
      ready = new Promise((resolve, reject) => {
        w.once('message', () => resolve());
        w.once('error', reject);
      });
      worker = w;
    } else {
      const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
      const w = new Worker(url);
      URL.revokeObjectURL(url);
      ready = new Promise((resolve, reject) => {
        w.onmessage = () => resolve();
        w.onerror = (e) => reject(new Error(`helper thread failed to start: ${e.message}`));
      });
      worker = w;
    }
    worker.postMessage({ module, memory, ctrlPtr, planPtr, spinMs: SPIN_MS, spinsPerClockRead: SPINS_PER_CLOCK_READ });
    await ready;
    return new HelperThread(worker, memory, ctrlPtr);
  }

  /** Lets the helper run the plan recorded since the last reset. */
  begin(): void {
    const ctrl = this.ctrl;
    Atomics.store(ctrl, COMMAND, COMMAND_RUN);
    Atomics.store(ctrl, REQUESTED, ++this.seq);
    Atomics.notify(ctrl, REQUESTED);
  }

  /** Blocks until the helper has run the plan. */
  join(): void {
    const ctrl = this.ctrl;
    const spinUntil = performance.now() + SPIN_MS;
    let spin = 0;
    while (Atomics.load(ctrl, DONE) !== this.seq) {
      if (++spin % SPINS_PER_CLOCK_READ === 0 && this.canWait && performance.now() > spinUntil) {
        try {
          Atomics.wait(ctrl, DONE, Atomics.load(ctrl, DONE), 50);
        } catch {
          this.canWait = false; // a browser's main thread may not block: keep spinning
        }
      }
    }
    if (Atomics.exchange(ctrl, FAILED, 0) !== 0) throw new Error('helper thread: a kernel failed');
  }

  close(): void {
    const ctrl = this.ctrl;
    Atomics.store(ctrl, COMMAND, COMMAND_EXIT);
    Atomics.store(ctrl, REQUESTED, ++this.seq);
    Atomics.notify(ctrl, REQUESTED);
    void this.worker.terminate();
  }
}
