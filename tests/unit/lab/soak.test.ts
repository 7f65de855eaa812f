import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FromWorker, ProgressMessage, ViewState } from '../../../src/lab/shared/protocol';
import { defaultValues } from '../../../src/lab/shared/settings';
import { Session } from '../../../src/lab/worker/session';
import { initBackend } from '../../../src/models/backend';
import { loadFastKernels, type FastKernels } from '../../../src/models/fast/kernels';
import { families } from '../../../src/models/index';
import type { Family } from '../../../src/models/types';
import { allowHeavyRuns } from '../models/family-checks';

/**
 * The short soak (issue 18): each family's lab session, with the widget's defaults (fused kernels
 * on the wasm backend, as in the browser), trained 2,000 steps through the worker's own loop with
 * every periodic report (samples, energy distance, fields), view changes and the Sample button;
 * then on the readable tfjs path, 600 steps. After a warm-up the tfjs tensor count must stay
 * flat, and the count the worker reports to the page must be the true one. The long run in
 * Chromium is `npm run bench -- --soak` (bench/soak.mjs).
 */
let kernels: FastKernels;

beforeAll(async () => {
  await initBackend('wasm');
  kernels = await loadFastKernels({ variant: 'simd' });
});
allowHeavyRuns();

/** The widget's "Training step" setting: the fused kernels (its default) and the readable tfjs path, where tensors live. */
const TRAINERS = ['fused', 'tfjs'] as const;
type Trainer = (typeof TRAINERS)[number];

/**
 * Steps per path: 2,000 with the widget's default (fused kernels, where tfjs holds only the
 * views' tensors); fewer on the tfjs path, several times slower per step, where a tensor lost per
 * step would show within the first hundred.
 */
const STEPS: Record<Trainer, number> = { fused: 2000, tfjs: 600 };
const WARM_UP = 200;
/** Clock advance per tick (ms): every periodic report comes due every few ticks. */
const TICK_MS = 100;
/** Training budget per tick: with a clock that stands still inside a tick, 20 steps per tick. */
const TICK_BUDGET_MS = 0.2;

const VIEWS: ViewState[] = [
  { slice: 0, z: [0, 0], t: 10 },
  { slice: 1.5, z: [0.8, -0.5], t: 40 },
];

function soak(family: Family, trainer: Trainer) {
  let clock = 0;
  let progress: ProgressMessage | undefined;
  let diverged: string | undefined;
  const reports = { energy: 0, fields: 0 };
  let trainingPath: string | undefined;
  const post = (m: FromWorker): void => {
    if (m.type === 'ready') trainingPath = m.trainingPath;
    else if (m.type === 'progress') {
      progress = m;
      if (m.energyDistance !== undefined) reports.energy++;
      if (m.fields) reports.fields++;
    } else if (m.type === 'diverged' || m.type === 'error') diverged = `${m.type}: ${m.message}`;
  };
  const session = new Session(family, { ...defaultValues(family), trainer }, VIEWS[0], post, () => clock, () => ({ kernels, threads: 1 }));
  /** The worker's loop, tick after tick, until the counter passes `steps` (or the run stops). */
  const trainTo = (steps: number): void => {
    while (session.isRunning && (progress?.step ?? 0) < steps) {
      clock += TICK_MS;
      session.tick(TICK_BUDGET_MS);
    }
  };
  /** What a reader does between steps: move the view, press Sample. */
  const poke = (view: ViewState): void => {
    session.configure(undefined, view);
    session.sampleNow();
  };
  return {
    session,
    trainTo,
    poke,
    last: () => progress,
    diverged: () => diverged,
    reports: () => reports,
    trainingPath: () => trainingPath,
  };
}

describe('soak: a lab session trains without leaving tensors behind', () => {
  for (const trainer of TRAINERS)
  for (const family of families) {
    it(`${family}, ${trainer} path`, () => {
      const before = tf.memory().numTensors;
      const run = soak(family, trainer);
      run.session.build();
      expect(run.trainingPath()).toBe(trainer);
      run.session.start();
      run.trainTo(WARM_UP);
      run.poke(VIEWS[1]);
      run.poke(VIEWS[0]);
      const warm = tf.memory().numTensors;
      let highest = warm;
      const counts: number[] = [];
      for (let target = WARM_UP + 200; target <= STEPS[trainer]; target += 200) {
        run.trainTo(target);
        if (target === WARM_UP + 200) run.poke(VIEWS[1]);
        counts.push(tf.memory().numTensors);
        highest = Math.max(highest, tf.memory().numTensors);
      }
      run.session.pause();
      expect(run.diverged()).toBeUndefined();
      expect(run.session.isRunning).toBe(false);
      const last = run.last();
      expect(last?.step).toBeGreaterThanOrEqual(STEPS[trainer]);
      // The periodic jobs ran all along (energy distance once a second, fields under twice a second, of the session's clock).
      expect(run.reports().energy).toBeGreaterThanOrEqual(STEPS[trainer] / 200);
      expect(run.reports().fields).toBeGreaterThanOrEqual(STEPS[trainer] / 150);
      // Flat after the warm-up: never above it, and where it was at the end (the count the worker reports, too).
      expect({ warm, highest, counts }).toEqual({ warm, highest: warm, counts: counts.map(() => warm) });
      expect(last?.tensors).toBe(warm);
      run.session.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
