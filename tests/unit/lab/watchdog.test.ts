import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUTS, Watchdog, timeoutsFrom, type WatchdogVerdict } from '../../../src/lab/page/watchdog';

const timeouts = { loadMs: 8_000, heartbeatMs: 4_000 };

/**
 * Drive a watchdog as the engine does: a check every `interval` ms from `from` to `to` (`from`
 * one interval after the previous check, or the watchdog takes it for a sleeping page clock), answering
 * each ping after `answerAfter` ms (null = never). Returns the first verdict that is not ok or ping,
 * with the time it came, or null.
 */
function run(
  dog: Watchdog,
  from: number,
  to: number,
  answerAfter: number | null,
): { verdict: WatchdogVerdict; at: number } | null {
  let pongAt: number | null = null;
  for (let now = from; now <= to; now += dog.interval) {
    if (pongAt !== null && now >= pongAt) {
      dog.heardFrom(pongAt, 'pong');
      pongAt = null;
    }
    const verdict = dog.check(now);
    if (verdict.kind === 'ping') {
      dog.pinged(now);
      if (answerAfter !== null) pongAt = now + answerAfter;
    } else if (verdict.kind !== 'ok') return { verdict, at: now };
  }
  return null;
}

describe('the worker watchdog', () => {
  it('a worker script that never arrives: a load timeout after loadMs, and no earlier', () => {
    const dog = new Watchdog(timeouts, 0);
    expect(run(dog, dog.interval, timeouts.loadMs - 1, null)).toBeNull();
    const out = run(dog, timeouts.loadMs, timeouts.loadMs + dog.interval, null);
    expect(out?.verdict).toEqual({ kind: 'load-timeout', seconds: 8 });
  });

  it('nobody is pinged before the worker has spoken', () => {
    const dog = new Watchdog(timeouts, 0);
    for (let now = dog.interval; now < timeouts.loadMs; now += dog.interval) expect(dog.check(now).kind).toBe('ok');
  });

  it('each loading stage gets loadMs; a worker that answers pings but never becomes ready still times out', () => {
    const dog = new Watchdog(timeouts, 0);
    expect(run(dog, dog.interval, 7_000, 10)).toBeNull();
    // The backend came up at 7 s: the model has another loadMs from there, pongs or not.
    dog.heardFrom(7_000, 'other');
    expect(run(dog, 7_000 + dog.interval, 7_000 + timeouts.loadMs - 1, 10)).toBeNull();
    const out = run(dog, 7_000 + timeouts.loadMs, 7_000 + timeouts.loadMs + 2 * dog.interval, 10);
    expect(out).toEqual({ verdict: { kind: 'load-timeout', seconds: 8 }, at: 7_000 + timeouts.loadMs });
  });

  it('a ready worker that trains is never pinged while progress flows, and never times out', () => {
    const dog = new Watchdog(timeouts, 0);
    dog.heardFrom(500, 'ready');
    let pings = 0;
    for (let now = 1_000; now < 120_000; now += 125) {
      dog.heardFrom(now, 'other');
      if (now % dog.interval === 0) {
        const v = dog.check(now);
        if (v.kind === 'ping') pings++;
        expect(v.kind === 'ok' || v.kind === 'ping').toBe(true);
      }
    }
    expect(pings).toBe(0);
  });

  it('a paused (quiet) worker is pinged, and answering keeps it alive for as long as it answers', () => {
    const dog = new Watchdog(timeouts, 0);
    dog.heardFrom(500, 'ready');
    expect(run(dog, dog.interval, 300_000, 50)).toBeNull();
  });

  it('a slow step that answers a ping within the heartbeat is not a stall', () => {
    const dog = new Watchdog(timeouts, 0);
    dog.heardFrom(0, 'ready');
    // The worker's event loop is busy for 2.5 s at a time (under heartbeatMs): pongs come late but come.
    expect(run(dog, dog.interval, 60_000, 2_500)).toBeNull();
  });

  it('a worker that closed itself: a heartbeat timeout within heartbeatMs of its last word', () => {
    const dog = new Watchdog(timeouts, 0);
    dog.heardFrom(1_000, 'ready');
    // Training: progress every 125 ms until 3 s, then nothing.
    for (let now = 1_000; now <= 3_000; now += 125) {
      dog.heardFrom(now, 'other');
      if (now % dog.interval === 0) expect(dog.check(now).kind).toBe('ok');
    }
    const out = run(dog, 3_000 + dog.interval, 60_000, null);
    expect(out?.verdict).toEqual({ kind: 'heartbeat-timeout', seconds: 4 });
    expect(out?.at).toBeGreaterThanOrEqual(3_000 + timeouts.heartbeatMs);
    expect(out?.at).toBeLessThanOrEqual(3_000 + timeouts.heartbeatMs + dog.interval);
  });

  it('a reset to a dead worker: no ready, no pong, a timeout; not "New model built" forever', () => {
    const dog = new Watchdog(timeouts, 0);
    dog.heardFrom(dog.interval, 'ready');
    expect(dog.check(dog.interval).kind).toBe('ok');
    dog.requestedReady(dog.interval + 100);
    const out = run(dog, 2 * dog.interval, 60_000, null);
    expect(out?.verdict.kind).toBe('heartbeat-timeout');
    expect(out?.at).toBeLessThanOrEqual(dog.interval + timeouts.heartbeatMs + dog.interval);
  });

  it('the page’s own timers sleeping (a hidden or frozen tab) restart the waits instead of blaming the worker', () => {
    const dog = new Watchdog(timeouts, 0);
    dog.heardFrom(1_000, 'ready');
    expect(dog.check(dog.interval).kind).toBe('ok');
    // The next check comes a minute late; the worker's pong may still be on its way.
    expect(dog.check(61_000).kind).toBe('ok');
    expect(dog.check(61_000 + dog.interval).kind).toBe('ping');
  });

  it('timeouts: defaults, or a test’s from the widget’s data-watchdog attribute, never garbage', () => {
    expect(timeoutsFrom(undefined)).toEqual(DEFAULT_TIMEOUTS);
    expect(timeoutsFrom('{"loadMs":3000,"heartbeatMs":2000}')).toEqual({ loadMs: 3000, heartbeatMs: 2000 });
    expect(timeoutsFrom('{"loadMs":-1,"heartbeatMs":"x"}')).toEqual(DEFAULT_TIMEOUTS);
    expect(timeoutsFrom('not json')).toEqual(DEFAULT_TIMEOUTS);
    expect(timeoutsFrom('null')).toEqual(DEFAULT_TIMEOUTS);
    // The defaults leave a slow machine room: a minute to load, a minute of silence.
    expect(DEFAULT_TIMEOUTS.loadMs).toBeGreaterThanOrEqual(60_000);
    expect(DEFAULT_TIMEOUTS.heartbeatMs).toBeGreaterThanOrEqual(60_000);
  });
});
