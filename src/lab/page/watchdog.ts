/**
 * The page's watchdog over one training worker, apart from timers and the Worker itself (the
 * engine, engine.ts, feeds it the clock): it notices a worker that never loads and one that stops
 * answering. Pure: tested in Node (tests/unit/lab/watchdog.test.ts).
 *
 * - Loading: from the worker's creation, and from every request that ends in a 'ready' (init,
 *   reset), some message must arrive within `loadMs`, and the 'ready' itself within `loadMs` of the
 *   last message before it. This catches a worker script or a .wasm that never arrives, whatever
 *   else the worker still answers.
 * - Heartbeat: once the worker has spoken, it must be heard at least every `heartbeatMs`. Progress
 *   messages (8 a second while training) count; when the worker has been quiet for an eighth of
 *   that time (paused, or a slow step) the engine sends a ping, which the worker answers at once
 *   between two steps. A worker that closed itself, or hangs inside one step, answers nothing.
 * - The page's own timers may sleep (a hidden tab's timers run once a minute; a frozen tab runs
 *   none): a check that comes much later than asked restarts the waits instead of blaming the worker.
 */

export interface WatchdogTimeouts {
  /** Longest wait for a worker to load and build its model (each stage of it), ms. */
  loadMs: number;
  /** Longest silence from a loaded worker, pings included, ms. */
  heartbeatMs: number;
}

/**
 * The defaults, a minute each. Loading: the first Train fetches the worker bundle with tfjs and
 * two WebAssembly binaries and compiles them; on a slow phone over a slow mobile connection that
 * takes tens of seconds, and a minute of nothing means the files are not coming. Heartbeat: the
 * worker cannot answer while one synchronous piece of work runs between two yields: a chunk of
 * steps (sized to ~25 ms), or one report or Sample, which draws samples through the whole sampler
 * (the EBM's Langevin chains, diffusion's T network calls). At the largest settings (diffusion
 * T = 1000, width 256; the EBM with 200 Langevin steps, width 256) such a piece took up to 6.4 s
 * in Chromium on the loaded 2-core build machine (tests/e2e/lab/faults.test.ts logs how a silent
 * worker is noticed); a slow phone is several times slower, so a minute keeps a wide margin.
 */
export const DEFAULT_TIMEOUTS: WatchdogTimeouts = { loadMs: 60_000, heartbeatMs: 60_000 };

/**
 * Timeouts from a widget's `data-watchdog` attribute (JSON `{"loadMs": n, "heartbeatMs": n}`, for
 * tests that cannot wait a minute); anything missing or not a positive number keeps its default.
 */
export function timeoutsFrom(attribute: string | undefined): WatchdogTimeouts {
  if (!attribute) return DEFAULT_TIMEOUTS;
  let parsed: unknown;
  try {
    parsed = JSON.parse(attribute);
  } catch {
    return DEFAULT_TIMEOUTS;
  }
  const pick = (key: keyof WatchdogTimeouts): number => {
    const v = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)[key] : undefined;
    return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : DEFAULT_TIMEOUTS[key];
  };
  return { loadMs: pick('loadMs'), heartbeatMs: pick('heartbeatMs') };
}

/** What the engine should do after a check. */
export type WatchdogVerdict = { kind: 'ok' } | { kind: 'ping' } | { kind: 'load-timeout' | 'heartbeat-timeout'; seconds: number };

export class Watchdog {
  /** When the worker was last heard from (any message, pongs included); null before its first message. */
  private heard: number | null = null;
  /** When the last message other than a pong arrived, or the last request for a 'ready' was sent. */
  private loadProgress: number;
  /** A 'ready' is awaited (after the worker's creation, an init or a reset). */
  private awaitingReady = true;
  /** When the ping now unanswered was sent; null when none is out. */
  private pingSent: number | null = null;
  private lastCheck: number;

  constructor(
    readonly timeouts: WatchdogTimeouts,
    now: number,
  ) {
    this.loadProgress = now;
    this.lastCheck = now;
  }

  /** How often the engine should call `check`, ms; also how long a silence goes before a ping. */
  get interval(): number {
    return Math.max(1, Math.min(this.timeouts.loadMs, this.timeouts.heartbeatMs) / 8);
  }

  /** A request that the worker answers with 'ready' (init, reset) went out. */
  requestedReady(now: number): void {
    this.awaitingReady = true;
    this.loadProgress = now;
  }

  /** A message arrived from the worker; `pong` when it was only the answer to a ping. */
  heardFrom(now: number, kind: 'ready' | 'pong' | 'other'): void {
    this.heard = now;
    this.pingSent = null;
    if (kind === 'pong') return;
    this.loadProgress = now;
    if (kind === 'ready') this.awaitingReady = false;
  }

  /** A ping went out now. */
  pinged(now: number): void {
    this.pingSent = now;
  }

  check(now: number): WatchdogVerdict {
    const late = now - this.lastCheck - this.interval;
    this.lastCheck = now;
    if (late > this.interval) {
      // The page's own clock slept: start every wait again from now rather than blame the worker.
      this.loadProgress = now;
      if (this.heard !== null) this.heard = now;
      this.pingSent = null;
      return { kind: 'ok' };
    }
    const { loadMs, heartbeatMs } = this.timeouts;
    if ((this.awaitingReady || this.heard === null) && now - this.loadProgress >= loadMs) {
      return { kind: 'load-timeout', seconds: Math.round(loadMs / 1000) };
    }
    // Before the worker's first message there is nobody to ping: its script may still be loading.
    if (this.heard === null) return { kind: 'ok' };
    // A ping goes out an eighth of the way into a silence, so it has had the rest to be answered.
    if (this.pingSent !== null) {
      return now - this.heard >= heartbeatMs ? { kind: 'heartbeat-timeout', seconds: Math.round(heartbeatMs / 1000) } : { kind: 'ok' };
    }
    if (now - this.heard >= this.interval) return { kind: 'ping' };
    return { kind: 'ok' };
  }
}
