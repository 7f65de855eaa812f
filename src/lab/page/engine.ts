import type { Family } from '../../models/types';
import type { FromWorker, ToWorker, ViewState } from '../shared/protocol';
import type { Values } from '../shared/settings';
import { DEFAULT_TIMEOUTS, Watchdog, type WatchdogTimeouts } from './watchdog';

/**
 * A worker message (pongs stay inside the engine), or the page's own report that the worker died
 * ('crash') or went silent ('timeout': it did not load, or stopped answering; see watchdog.ts).
 */
export type EngineEvent =
  | Exclude<FromWorker, { type: 'pong' }>
  | { type: 'crash'; message: string }
  | { type: 'timeout'; stage: 'load' | 'heartbeat'; seconds: number };

/**
 * The page's handle on one training worker. The worker (and with it tfjs and the .wasm binary)
 * is created on the first `start`, i.e. when the reader first presses Train, Step or Sample; until
 * then this object costs nothing. A crash (an uncaught error in the worker, or a message that
 * cannot be decoded) and a silence the watchdog notices end the worker and become one event,
 * never left to the console; `start` after that creates a new worker.
 */
export class Engine {
  private worker: Worker | null = null;
  private watchdog: Watchdog | null = null;
  private timer = 0;

  constructor(
    private readonly family: Family,
    private readonly listener: (e: EngineEvent) => void,
    /** Read when a worker is created, so a test can shorten them on a hydrated widget. */
    private readonly timeouts: () => WatchdogTimeouts = () => DEFAULT_TIMEOUTS,
  ) {}

  get started(): boolean {
    return this.worker !== null;
  }

  /** Create the worker (if needed) and build a model with these settings. */
  start(values: Values, view: ViewState): void {
    if (!this.worker) {
      const worker = new Worker(new URL('../worker/worker.ts', import.meta.url), { type: 'module', name: `lab-${this.family}` });
      worker.addEventListener('message', (e: MessageEvent<FromWorker>) => this.onMessage(worker, e.data));
      worker.addEventListener('error', (e: Event) => {
        // A script that fails to load fires a plain Event; an uncaught error in the worker an ErrorEvent.
        e.preventDefault();
        const message = e instanceof ErrorEvent && e.message ? e.message : 'the worker script failed to load';
        this.fail(worker, { type: 'crash', message });
      });
      worker.addEventListener('messageerror', () => this.fail(worker, { type: 'crash', message: 'a message from the worker could not be read' }));
      this.worker = worker;
      const watchdog = new Watchdog(this.timeouts(), performance.now());
      this.watchdog = watchdog;
      this.timer = window.setInterval(() => this.check(worker), watchdog.interval);
    }
    this.watchdog?.requestedReady(performance.now());
    this.send({ type: 'init', family: this.family, values, view });
  }

  send(msg: ToWorker): void {
    if (msg.type === 'reset') this.watchdog?.requestedReady(performance.now());
    this.worker?.postMessage(msg);
  }

  /** Terminate the worker (after a crash, or when the widget goes away). */
  stop(): void {
    clearInterval(this.timer);
    this.timer = 0;
    this.watchdog = null;
    this.worker?.terminate();
    this.worker = null;
  }

  private onMessage(worker: Worker, msg: FromWorker): void {
    // A message already on its way from a worker this engine has since ended.
    if (worker !== this.worker) return;
    this.watchdog?.heardFrom(performance.now(), msg.type === 'ready' || msg.type === 'pong' ? msg.type : 'other');
    if (msg.type !== 'pong') this.listener(msg);
  }

  private check(worker: Worker): void {
    if (worker !== this.worker || !this.watchdog) return;
    const now = performance.now();
    const verdict = this.watchdog.check(now);
    if (verdict.kind === 'ping') {
      this.watchdog.pinged(now);
      worker.postMessage({ type: 'ping' } satisfies ToWorker);
    } else if (verdict.kind !== 'ok') {
      this.fail(worker, { type: 'timeout', stage: verdict.kind === 'load-timeout' ? 'load' : 'heartbeat', seconds: verdict.seconds });
    }
  }

  private fail(worker: Worker, event: EngineEvent): void {
    if (worker !== this.worker) return;
    this.stop();
    this.listener(event);
  }
}
