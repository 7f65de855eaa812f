import type { Family } from '../../models/types';
import type { FromWorker, ToWorker, ViewState } from '../shared/protocol';
import type { Values } from '../shared/settings';

/** A worker message, or the page's own report that the worker died. */
export type EngineEvent = FromWorker | { type: 'crash'; message: string };

/**
 * The page's handle on one training worker. The worker (and with it tfjs and the .wasm binary)
 * is created on the first `start`, i.e. when the reader first presses Train, Step or Sample; until
 * then this object costs nothing. A crash (an uncaught error in the worker, or a message that
 * cannot be decoded) is turned into a 'crash' event, never left to the console.
 */
export class Engine {
  private worker: Worker | null = null;

  constructor(
    private readonly family: Family,
    private readonly listener: (e: EngineEvent) => void,
  ) {}

  get started(): boolean {
    return this.worker !== null;
  }

  /** Create the worker (if needed) and build a model with these settings. */
  start(values: Values, view: ViewState): void {
    if (!this.worker) {
      const worker = new Worker(new URL('../worker/worker.ts', import.meta.url), { type: 'module', name: `lab-${this.family}` });
      worker.onmessage = (e: MessageEvent<FromWorker>) => this.listener(e.data);
      worker.onerror = (e: ErrorEvent) => {
        e.preventDefault();
        this.stop();
        this.listener({ type: 'crash', message: e.message || 'the worker script failed to load' });
      };
      worker.onmessageerror = () => this.listener({ type: 'crash', message: 'a message from the worker could not be read' });
      this.worker = worker;
    }
    this.send({ type: 'init', family: this.family, values, view });
  }

  send(msg: ToWorker): void {
    this.worker?.postMessage(msg);
  }

  /** Terminate the worker (after a crash, or when the widget goes away). */
  stop(): void {
    this.worker?.terminate();
    this.worker = null;
  }
}
