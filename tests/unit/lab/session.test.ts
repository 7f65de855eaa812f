import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FromWorker } from '../../../src/lab/shared/protocol';
import { transferables } from '../../../src/lab/shared/protocol';
import { Session } from '../../../src/lab/worker/session';
import { defaultValues } from '../../../src/lab/shared/settings';

/** The worker's training loop without the worker: a Session driven by hand on the cpu backend. */
beforeAll(async () => {
  await tf.setBackend('cpu');
});

function run(family: Parameters<typeof defaultValues>[0], overrides: Record<string, unknown>) {
  const messages: FromWorker[] = [];
  const values = { ...defaultValues(family), width: 16, ...overrides };
  const session = new Session(family, values, { slice: 0, z: [0, 0], t: 10 }, (m) => messages.push(m));
  /** Drive the loop as the worker does, for at most `ms` of real time, until it stops or `done` holds. */
  const drive = (ms: number, done: () => boolean = () => false) => {
    const end = performance.now() + ms;
    while (session.isRunning && !done() && performance.now() < end) session.tick(10);
  };
  return { session, messages, drive };
}

describe('lab session (the worker’s training loop)', () => {
  it('reports ready, step 0 with an energy distance and fields, then progress while training', () => {
    const { session, messages, drive } = run('autoregressive', {});
    session.build();
    expect(messages[0]).toMatchObject({ type: 'ready', backend: 'cpu' });
    const first = messages[1];
    expect(first.type).toBe('progress');
    if (first.type !== 'progress') return;
    expect(first.step).toBe(0);
    expect(first.energyDistance).toBeGreaterThan(0);
    expect(first.noiseFloor).toBeGreaterThan(0);
    expect(first.samples?.length).toBe(1000);
    expect(first.fields?.density?.values.length).toBe(48 * 48);
    expect(first.fields?.marginal?.values.length).toBeGreaterThan(10);

    session.start();
    // Until the counter passes 10 (a time limit only so that a stuck loop fails rather than hangs).
    const lastStep = () => (messages.filter((m) => m.type === 'progress').pop() as { step: number }).step;
    drive(30_000, () => lastStep() > 10);
    const last = messages.filter((m) => m.type === 'progress').pop();
    expect(last && last.type === 'progress' && last.step).toBeGreaterThan(10);
    session.pause();
    const steps = (messages.filter((m) => m.type === 'progress').pop() as { step: number }).step;
    session.tick();
    expect((messages.filter((m) => m.type === 'progress').pop() as { step: number }).step).toBe(steps);
    session.dispose();
  });

  it('a single step advances the counter by one; sample sends the coordinate-wise steps', () => {
    const { session, messages } = run('autoregressive', {});
    session.build();
    session.stepOnce();
    expect((messages.filter((m) => m.type === 'progress').pop() as { step: number }).step).toBe(1);
    session.sampleNow();
    const m = messages[messages.length - 1];
    expect(m.type === 'progress' && m.fields?.coordinateSteps?.length).toBe(2);
    session.dispose();
  });

  it('a learning rate of 100 ends in a "diverged" message and stops training', () => {
    const { session, messages, drive } = run('autoregressive', { lr: 100 });
    session.build();
    session.start();
    drive(20_000);
    expect(session.isRunning).toBe(false);
    const diverged = messages.find((m) => m.type === 'diverged');
    expect(diverged).toBeDefined();
    expect(['non-finite', 'runaway']).toContain(diverged && diverged.type === 'diverged' && diverged.reason);
    session.dispose();
  });

  it('a GAN at learning rate 100 is stopped as a runaway within its first 100 steps (its losses explode at once)', () => {
    const { session, messages, drive } = run('gan', { lr: 100 });
    session.build();
    session.start();
    drive(60_000);
    expect(session.isRunning).toBe(false);
    const diverged = messages.find((m) => m.type === 'diverged');
    expect(diverged && diverged.type === 'diverged' && diverged.reason).toBe('runaway');
    expect(diverged && diverged.type === 'diverged' && diverged.step).toBeLessThan(100);
    session.dispose();
  });

  it('a GAN at its default learning rate runs 300 steps without a runaway message', () => {
    const { session, messages } = run('gan', {});
    session.build();
    session.start();
    while (session.isRunning && (messages.filter((m) => m.type === 'progress').pop() as { step: number }).step < 300) session.tick(10);
    expect(messages.find((m) => m.type === 'diverged')).toBeUndefined();
    session.dispose();
  });

  it('an untrained diffusion model starts at a finite, modest energy distance (its sampler clips), so a runaway can be seen', () => {
    const { session, messages } = run('diffusion', { lr: 1e-5 });
    session.build();
    const first = messages[1];
    if (first.type !== 'progress') throw new Error('expected progress');
    // Clipped x̂_0 keeps the draws in the box: of the data's size, not 1e5–1e9 times the floor.
    expect(first.energyDistance).toBeLessThan(10);
    expect(first.energyDistance! / first.noiseFloor!).toBeLessThan(5000);
    session.dispose();
  });

  it('view changes answer with the view’s fields, even while paused', () => {
    const { session, messages } = run('diffusion', { T: 20 });
    session.build();
    session.configure(undefined, { t: 15 });
    const m = messages[messages.length - 1];
    expect(m.type === 'progress' && m.fields?.noised?.t).toBe(15);
    expect(m.type === 'progress' && m.fields?.score?.vectors.length).toBe(17 * 17 * 2);
    session.dispose();
  });

  it('the Sample button shows DDIM paths when the sampler is DDIM: one frame per DDIM step', () => {
    const { session, messages } = run('diffusion', { T: 20, sampler: 'ddim', ddimSteps: 5 });
    session.build();
    session.sampleNow();
    const m = messages[messages.length - 1];
    if (m.type !== 'progress') throw new Error('expected progress');
    expect(m.fields?.trajectories?.frames).toBe(6);
    expect(m.fields?.trajectories?.points.every(Number.isFinite)).toBe(true);
    session.dispose();
  });

  it('lists every ArrayBuffer of a message for transfer, once', () => {
    const a = new Float32Array(4);
    const msg: FromWorker = { type: 'progress', step: 1, running: true, stepsPerSecond: 0, threads: 1, samples: a, fields: { flowSamples: [a, new Float32Array(2)] } };
    expect(transferables(msg)).toHaveLength(2);
  });
});
