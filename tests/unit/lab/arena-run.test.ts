import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFastKernels, type FastKernels } from '../../../src/models/fast/kernels';
import { families } from '../../../src/models/types';
import { defaultValues } from '../../../src/lab/shared/settings';
import { ArenaRun, runArena, ARENA_CHECKPOINTS, type ArenaResult } from '../../../src/lab/worker/arena-run';
import { createRng } from '../../../src/data/random';

/** The arena's run of each family, on the fused kernels as the page runs it, with short budgets. */
let fastKernels: FastKernels;
beforeAll(async () => {
  await tf.setBackend('cpu');
  fastKernels = await loadFastKernels({ variant: 'simd' });
});

/**
 * A clock that advances 10 ms per reading. The run reads it before and after each chunk of steps
 * and sizes chunks to about 10 ms, so chunks stay one step long: each step costs 10 ms of budget,
 * whatever the machine's load, and runs are reproducible.
 */
function stepClock(): () => number {
  let t = 0;
  return () => (t += 10);
}

const values = (family: (typeof families)[number], extra: Record<string, string | number | Float32Array> = {}) => ({
  ...defaultValues(family),
  dataset: 'eight-gaussians',
  seed: 1,
  ...extra,
});

describe('arena run', () => {
  const results = new Map<string, ArenaResult>();
  for (const family of families) {
    it(`${family}: trains on 8 Gaussians until the budget and reports finite measurements`, () => {
      const result = runArena({ family, values: values(family), runtime: { fastKernels }, budgetMs: 1000, now: stepClock() });
      results.set(family, result);
      expect(result.diverged).toBeNull();
      expect(result.steps).toBeGreaterThan(0);
      expect(result.trainingMs).toBeGreaterThanOrEqual(400);
      expect(result.msPerStep).toBeGreaterThan(0);
      expect(Number.isFinite(result.msPer1000Samples)).toBe(true);
      expect(Number.isFinite(result.energyDistance)).toBe(true);
      expect(result.noiseFloor).toBeGreaterThan(0);
      expect(result.energyDistance).toBeGreaterThan(0);
      // Step 0, about one per tenth of the budget, and the end.
      expect(result.checkpoints[0].step).toBe(0);
      expect(result.checkpoints.length).toBeGreaterThanOrEqual(ARENA_CHECKPOINTS / 2);
      expect(result.checkpoints.length).toBeLessThanOrEqual(ARENA_CHECKPOINTS + 2);
      expect(result.checkpoints.at(-1)?.step).toBe(result.steps);
      for (let i = 1; i < result.checkpoints.length; i++) expect(result.checkpoints[i].seconds).toBeGreaterThan(result.checkpoints[i - 1].seconds);
      expect(result.entropy).toBeGreaterThan(0);
      if (family === 'gan') {
        expect(result.likelihood).toBe('none');
        expect(result.nll).toBeNull();
      } else {
        expect(result.nll).not.toBeNull();
        expect(Number.isNaN(result.nll)).toBe(false);
      }
      if (result.likelihood === 'exact') expect(result.nll ?? -Infinity).toBeGreaterThan((result.entropy ?? 0) - 0.05);
    }, 120_000);
  }

  it('training beats the untrained model: the energy distance falls from step 0 for the flow', () => {
    const r = runArena({ family: 'flow', values: values('flow'), runtime: { fastKernels }, budgetMs: 3000, now: stepClock() });
    expect(r.energyDistance).toBeLessThan(r.checkpoints[0].energyDistance / 2);
  }, 60_000);

  it('the same seed gives the same run; another seed another', () => {
    const a = runArena({ family: 'vae', values: values('vae'), runtime: { fastKernels }, budgetMs: 100, now: stepClock() });
    const b = runArena({ family: 'vae', values: values('vae'), runtime: { fastKernels }, budgetMs: 100, now: stepClock() });
    const c = runArena({ family: 'vae', values: values('vae', { seed: 7 }), runtime: { fastKernels }, budgetMs: 100, now: stepClock() });
    expect(b.energyDistance).toBe(a.energyDistance);
    expect(b.nll).toBe(a.nll);
    expect(c.energyDistance).not.toBe(a.energyDistance);
  }, 60_000);

  it('trains on drawn points (no known entropy)', () => {
    const rng = createRng(3);
    const points = new Float32Array(80);
    for (let i = 0; i < 80; i++) points[i] = rng.normal();
    const r = runArena({ family: 'flow', values: values('flow', { dataset: 'drawn', points }), runtime: { fastKernels }, budgetMs: 100, now: stepClock() });
    expect(r.entropy === null || r.entropy > 0).toBe(true);
    expect(Number.isFinite(r.energyDistance)).toBe(true);
  }, 60_000);

  it.each(['flow'] as const)('%s: a step that refuses the data ends the run with its message', (family) => {
    // Points at ±10: beyond the flow's spline bound, which its step refuses with a ConfigError.
    const points = Float32Array.from([10, -10, -10, 10, 10, 10]);
    const run = new ArenaRun({ family, values: values(family, { dataset: 'drawn', points }), runtime: { fastKernels }, budgetMs: 5000, now: stepClock() });
    while (!run.done) run.advance(1000);
    const r = run.finish();
    run.dispose();
    expect(r.diverged ?? '').toMatch(/bound/);
    expect(r.steps).toBe(0);
    expect(r.trainingMs).toBeLessThan(5000);
  }, 60_000);
});
