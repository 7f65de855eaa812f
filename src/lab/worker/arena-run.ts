import * as tf from '@tensorflow/tfjs-core';
import { drawnDataset, getDataset, type Dataset } from '../../data/datasets';
import { createRng, type Rng } from '../../data/random';
import { energyDistance } from '../../metrics/energy-distance';
import { heldOutNll } from '../../metrics/likelihood';
import { noiseFloor } from '../../metrics/noise-floor';
import { commonDefaults } from '../../models/config';
import { createModel } from '../../models/index';
import type { Family, Likelihood, ModelRuntime, ToyModel } from '../../models/types';
import { modelConfig } from '../shared/model-config';
import { pointsOf, type Values } from '../shared/settings';
import { sampleArray } from './fields/common';

/**
 * One family's turn in the arena (issue 16): the model the lab builds from the same settings,
 * trained until a budget of TRAINING time is spent, then measured. Evaluation (energy distances at
 * checkpoints, sampling, NLL) is timed apart and never counted against the budget, so every family
 * gets the same time to learn. No messaging and no DOM: the arena's worker drives it slice by slice
 * (to post live samples and to hear Stop), and a Node test runs it whole (`runArena`).
 */

/** Points on each side of every energy distance, and of its noise floor (the statistic's bias depends on n). */
export const ARENA_ED_POINTS = 1000;
/** Held-out points for the NLL: fresh draws of the true distribution, never trained on. */
export const ARENA_HELD_OUT = 2000;
/** Samples timed for the sampling-cost column. */
export const ARENA_TIMED_SAMPLES = 1000;
/** Checkpoints per run (the energy distance against training time), plus the one at step 0. */
export const ARENA_CHECKPOINTS = 10;

export interface ArenaSetup {
  family: Family;
  /** The lab's values for this family (defaultValues), with the arena's dataset, drawn points and seed. */
  values: Values;
  runtime: ModelRuntime;
  /** Training time to spend, in ms. */
  budgetMs: number;
  now?: () => number;
}

export interface ArenaCheckpoint {
  /** Training time spent so far, in seconds (evaluation excluded). */
  seconds: number;
  step: number;
  energyDistance: number;
}

export interface ArenaResult {
  family: Family;
  trainingPath: ToyModel['trainingPath'];
  steps: number;
  /** Training time actually spent, in ms (the budget plus at most one slice). */
  trainingMs: number;
  msPerStep: number;
  msPer1000Samples: number;
  likelihood: Likelihood;
  /** Held-out NLL in nats per point; null for a family with no likelihood (the GAN). +∞ when a point falls outside the model's support. */
  nll: number | null;
  /** The true distribution's entropy in nats, the floor of any NLL, where it is known. */
  entropy: number | null;
  entropyMethod: 'exact' | 'numerical' | 'monte-carlo' | null;
  energyDistance: number;
  noiseFloor: number;
  checkpoints: ArenaCheckpoint[];
  /** Why the run ended early: a non-finite step's message (the family's row shows it). */
  diverged: string | null;
}

export interface ArenaProgress {
  step: number;
  trainingMs: number;
  done: boolean;
  /** A checkpoint taken during this slice. */
  checkpoint?: ArenaCheckpoint;
}

/** The arena's data: one of the seven toy sets, or the reader's drawn (or loaded) points. */
export function arenaDataset(values: Values): Dataset {
  if (values.dataset === 'drawn') return drawnDataset(pointsOf(values));
  return getDataset(String(values.dataset));
}

export class ArenaRun {
  readonly family: Family;
  readonly model: ToyModel;
  readonly dataset: Dataset;
  readonly noiseFloor: number;
  private readonly budgetMs: number;
  private readonly now: () => number;
  private readonly dataRng: Rng;
  private readonly evalRng: Rng;
  private readonly batchSize: number;
  private step = 0;
  private trainingMs = 0;
  private chunk = 1;
  private nextCheckpoint = 1;
  private lastEnergy = NaN;
  private diverged: string | null = null;
  readonly checkpoints: ArenaCheckpoint[] = [];

  constructor(setup: ArenaSetup) {
    this.family = setup.family;
    this.budgetMs = setup.budgetMs;
    this.now = setup.now ?? (() => performance.now());
    this.dataset = arenaDataset(setup.values);
    const seed = Number(setup.values.seed) >>> 0;
    // The same streams as the lab's session (session.ts), so a family trains here as it does there.
    this.dataRng = createRng(seed ^ 0x5eed);
    this.evalRng = createRng(seed ^ 0xa4e4a);
    // Averaged over 10 pairs of data sets: one pair's value varies by about half its mean on 8 Gaussians.
    this.noiseFloor = noiseFloor(this.dataset, ARENA_ED_POINTS, 10, createRng(12345)).mean;
    const config = modelConfig(setup.family, setup.values);
    this.model = createModel(setup.family, config, setup.runtime);
    const batch = 'batchSize' in config ? Number(config.batchSize) : NaN;
    this.batchSize = Number.isInteger(batch) && batch > 0 ? batch : commonDefaults.batchSize;
    this.checkpoint();
  }

  get done(): boolean {
    return this.diverged !== null || this.trainingMs >= this.budgetMs;
  }

  /**
   * Train for about `sliceMs` of training time (never past the budget by more than one step's
   * chunk), then take a checkpoint if one is due.
   */
  advance(sliceMs = 50): ArenaProgress {
    const until = Math.min(this.budgetMs, this.trainingMs + sliceMs);
    let checkpoint: ArenaCheckpoint | undefined;
    while (!this.done && this.trainingMs < until) {
      const t0 = this.now();
      const n = this.chunk;
      const ok = this.train(n);
      const spent = this.now() - t0;
      this.trainingMs += spent;
      if (!ok) break;
      // About 10 ms of training per chunk, so the clock is read often but not every step.
      this.chunk = Math.max(1, Math.min(200, Math.round((10 * n) / Math.max(spent, 0.01))));
      const due = (this.nextCheckpoint / ARENA_CHECKPOINTS) * this.budgetMs;
      if (this.trainingMs >= due || this.done) checkpoint = this.checkpoint();
    }
    return { step: this.step, trainingMs: this.trainingMs, done: this.done, checkpoint };
  }

  /** Samples for the live panel (not timed, not counted). */
  samples(n: number): Float32Array {
    return sampleArray(this.model, n);
  }

  /** The run's measurements; call once it is done (or stopped). */
  finish(): ArenaResult {
    const last = this.checkpoints[this.checkpoints.length - 1];
    if (!last || last.step !== this.step) this.checkpoint();
    const t0 = this.now();
    const drawn = sampleArray(this.model, ARENA_TIMED_SAMPLES);
    const msPer1000Samples = ((this.now() - t0) * 1000) / ARENA_TIMED_SAMPLES;
    const finite = drawn.every(Number.isFinite);
    const entropy = this.dataset.entropy ?? null;
    return {
      family: this.family,
      trainingPath: this.model.trainingPath,
      steps: this.step,
      trainingMs: this.trainingMs,
      msPerStep: this.step > 0 ? this.trainingMs / this.step : NaN,
      msPer1000Samples: finite ? msPer1000Samples : NaN,
      likelihood: this.model.likelihood,
      nll: this.heldOutNll(),
      entropy: entropy ? entropy.nats : null,
      entropyMethod: entropy ? entropy.method : null,
      energyDistance: this.lastEnergy,
      noiseFloor: this.noiseFloor,
      checkpoints: this.checkpoints.slice(),
      diverged: this.diverged,
    };
  }

  dispose(): void {
    this.model.dispose();
  }

  private heldOutNll(): number | null {
    if (this.model.likelihood === 'none') return null;
    const points = this.dataset.sample(ARENA_HELD_OUT, this.evalRng);
    return heldOutNll(this.model, points).nats;
  }

  private checkpoint(): ArenaCheckpoint {
    const samples = sampleArray(this.model, ARENA_ED_POINTS);
    const energy = samples.every(Number.isFinite) ? energyDistance(samples, this.dataset.sample(ARENA_ED_POINTS, this.evalRng)) : NaN;
    this.lastEnergy = energy;
    const point = { seconds: this.trainingMs / 1000, step: this.step, energyDistance: energy };
    this.checkpoints.push(point);
    if (this.step > 0) this.nextCheckpoint = Math.floor((this.trainingMs / this.budgetMs) * ARENA_CHECKPOINTS) + 1;
    return point;
  }

  /** n optimisation steps; false (and the step's message kept) at the first non-finite or refused one. */
  private train(n: number): boolean {
    for (let i = 0; i < n; i++) {
      const batch = tf.tensor2d(this.dataset.sample(this.batchSize, this.dataRng), [this.batchSize, 2]);
      let result;
      try {
        result = this.model.trainStep(batch);
      } catch (e) {
        // A model that refuses the data (the flow's spline bound, a ConfigError) ends its turn the same way.
        this.diverged = e instanceof Error ? e.message : String(e);
        return false;
      } finally {
        batch.dispose();
      }
      if (!result.ok) {
        this.diverged = result.message;
        return false;
      }
      this.step++;
    }
    return true;
  }
}

/** A whole run, start to measurements (Node tests and benchmarks; the worker drives ArenaRun itself). */
export function runArena(setup: ArenaSetup): ArenaResult {
  const run = new ArenaRun(setup);
  try {
    while (!run.done) run.advance(1000);
    return run.finish();
  } finally {
    run.dispose();
  }
}
