import { Watchdog, type WatchdogTimeouts } from './watchdog';

/** The page's own report that a worker died ('crash') or went silent ('timeout', see watchdog.ts). */
export type WorkerFault = { type: 'crash'; message: string } | { type: 'timeout'; stage: 'load' | 'heartbeat'; seconds: number };

/**
 * The message convention both the lab's and the arena's protocols follow: messages are tagged by
 * `type`; the page may send `{ type: 'ping' }` and the worker answers `{ type: 'pong' }`; a worker
 * says `{ type: 'ready', … }` when it has loaded (or rebuilt) what a request asked for.
 */
type Tagged = { type: string };
const PING = { type: 'ping' } as const;

export interface WatchedWorkerOptions<Out extends Tagged> {
  create: () => Worker;
  timeouts: WatchdogTimeouts;
  /** Every message but pongs. */
  onMessage: (msg: Exclude<Out, { type: 'pong' }>) => void;
  /** Once, after which the worker is ended. */
  onFault: (fault: WorkerFault) => void;
}

const notPong = <Out extends Tagged>(msg: Out): msg is Exclude<Out, { type: 'pong' }> => msg.type !== 'pong';

/**
 * One Web Worker under the page's watchdog (the lab's engine and the arena share it): an uncaught
 * error in the worker, a message that cannot be decoded, a worker that never loads and one that
 * stops answering pings each end the worker and become one fault, never left to the console.
 */
export class WatchedWorker<In extends Tagged, Out extends Tagged> {
  private worker: Worker | null;
  private readonly watchdog: Watchdog;
  private readonly timer: number;

  constructor(private readonly options: WatchedWorkerOptions<Out>) {
    const worker = options.create();
    this.worker = worker;
    worker.addEventListener('message', (e: MessageEvent<Out>) => {
      // A message already on its way from a worker since ended.
      if (this.worker !== worker) return;
      const msg = e.data;
      if (!notPong(msg)) {
        this.watchdog.heardFrom(performance.now(), 'pong');
        return;
      }
      this.watchdog.heardFrom(performance.now(), msg.type === 'ready' ? 'ready' : 'other');
      options.onMessage(msg);
    });
    worker.addEventListener('error', (e: Event) => {
      // A script that fails to load fires a plain Event; an uncaught error in the worker an ErrorEvent.
      e.preventDefault();
      this.fail({ type: 'crash', message: e instanceof ErrorEvent && e.message ? e.message : 'the worker script failed to load' });
    });
    worker.addEventListener('messageerror', () => this.fail({ type: 'crash', message: 'a message from the worker could not be read' }));
    this.watchdog = new Watchdog(options.timeouts, performance.now());
    this.timer = window.setInterval(() => this.check(), this.watchdog.interval);
  }

  get alive(): boolean {
    return this.worker !== null;
  }

  /** Send a message; `expectsReady` when the worker answers it with its 'ready' (a load or a rebuild). */
  post(msg: In, expectsReady = false): void {
    if (expectsReady) this.watchdog.requestedReady(performance.now());
    this.worker?.postMessage(msg);
  }

  terminate(): void {
    clearInterval(this.timer);
    this.worker?.terminate();
    this.worker = null;
  }

  private check(): void {
    if (!this.worker) return;
    const now = performance.now();
    const verdict = this.watchdog.check(now);
    if (verdict.kind === 'ping') {
      this.watchdog.pinged(now);
      this.worker.postMessage(PING);
    } else if (verdict.kind !== 'ok') {
      this.fail({ type: 'timeout', stage: verdict.kind === 'load-timeout' ? 'load' : 'heartbeat', seconds: verdict.seconds });
    }
  }

  private fail(fault: WorkerFault): void {
    if (!this.worker) return;
    this.terminate();
    this.options.onFault(fault);
  }
}
