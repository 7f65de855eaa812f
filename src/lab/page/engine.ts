import type { Family } from '../../models/types';
import type { FromWorker, ToWorker, ViewState } from '../shared/protocol';
import type { Values } from '../shared/settings';
import { DEFAULT_TIMEOUTS, type WatchdogTimeouts } from './watchdog';
import { WatchedWorker, type WorkerFault } from './watched-worker';

/**
 * A worker message (pongs stay inside the engine), or the page's own report that the worker died
 * ('crash') or went silent ('timeout': it did not load, or stopped answering; see watchdog.ts).
 */
export type EngineEvent = Exclude<FromWorker, { type: 'pong' }> | WorkerFault;

/**
 * The page's handle on one training worker. The worker (and with it tfjs and the .wasm binary)
 * is created on the first `start`, i.e. when the reader first presses Train, Step or Sample; until
 * then this object costs nothing. A crash or a silence ends the worker and becomes one event
 * (watched-worker.ts); `start` after that creates a new worker.
 */
export class Engine {
  private worker: WatchedWorker<ToWorker, FromWorker> | null = null;

  constructor(
    private readonly family: Family,
    private readonly listener: (e: EngineEvent) => void,
    /** Read when a worker is created, so a test can shorten them on a hydrated widget. */
    private readonly timeouts: () => WatchdogTimeouts = () => DEFAULT_TIMEOUTS,
  ) {}

  get started(): boolean {
    return this.worker?.alive === true;
  }

  /** Create the worker (if needed) and build a model with these settings. */
  start(values: Values, view: ViewState): void {
    if (!this.worker?.alive) {
      this.worker = new WatchedWorker<ToWorker, FromWorker>({
        create: () => new Worker(new URL('../worker/worker.ts', import.meta.url), { type: 'module', name: `lab-${this.family}` }),
        timeouts: this.timeouts(),
        onMessage: (msg) => this.listener(msg),
        onFault: (fault) => this.listener(fault),
      });
    }
    this.worker.post({ type: 'init', family: this.family, values, view }, true);
  }

  send(msg: ToWorker): void {
    this.worker?.post(msg, msg.type === 'reset');
  }

  /** Terminate the worker (after a crash, or when the widget goes away). */
  stop(): void {
    this.worker?.terminate();
    this.worker = null;
  }
}
