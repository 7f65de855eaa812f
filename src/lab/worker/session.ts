import * as tf from '@tensorflow/tfjs-core';
import { drawnDataset, getDataset, type Dataset } from '../../data/datasets';
import { createRng, type Rng } from '../../data/random';
import { energyDistance } from '../../metrics/energy-distance';
import { noiseFloor } from '../../metrics/noise-floor';
import { createModel } from '../../models/index';
import type { FastKernels } from '../../models/fast/kernels';
import type { Family, ModelRuntime, ToyModel } from '../../models/types';
import { fieldsOf } from './fields/index';
import { sampleArray } from './fields/common';
import type { FieldContext } from './fields/types';
import type { Fields, FromWorker, ViewState } from '../shared/protocol';
import { modelConfig } from '../shared/model-config';
import { pointsOf, speedLimits, type Values } from '../shared/settings';

/**
 * One training run in the worker: the model, its data stream, the step counter and the schedule
 * of what gets reported when. No messaging and no DOM: the worker (worker.ts) drives it, and a
 * Node test can too. Everything the page sees goes out through `post`.
 *
 * Schedule while running (each measured, so a slow model reports less often rather than stalling):
 * progress (step, losses, steps/s) 8 times a second; display samples about 3 times a second;
 * the energy distance against fresh data about once a second; the family's fields (heat maps,
 * grids) under twice a second. Each periodic job is kept under ~10% of the worker's time.
 */

/**
 * Points used for the energy distance (model samples vs fresh data, both this many; the noise
 * floor uses the same number, since the statistic's bias depends on it). Diffusion draws its
 * samples through all T network evaluations, so it uses half as many to keep the measurement
 * under ~10% of the worker's time.
 */
export function edPoints(family: Family): number {
  return family === 'diffusion' ? 500 : 1000;
}
/** Model samples drawn for display. */
const DISPLAY_SAMPLES = 500;
/** Data points kept for display and for the latent/base views. */
const DISPLAY_DATA = 600;

export type Post = (msg: FromWorker) => void;
/** The fused training kernels (src/models/fast) once loaded, or why they are not there. */
export type FastState = { kernels: FastKernels; threads: 1 | 2 } | { unavailable: string };

interface Job {
  /** Earliest time (ms) it may run again. */
  next: number;
  /** Least interval between runs (ms). */
  every: number;
}

export class Session {
  private model: ToyModel | null = null;
  private dataset: Dataset;
  private dataRng: Rng;
  private step = 0;
  private running = false;
  private values: Values;
  private view: ViewState;
  private displayData: Float32Array;
  private samples: Float32Array | null = null;
  private floor = 0;
  /** Noise floors at other sample sizes (the flow-matching strip's), per dataset; cleared at each build. */
  private floors = new Map<number, number>();
  private lastLosses: Record<string, number> | undefined;
  private chunk = 1;
  private rate = { steps: 0, since: 0, value: 0 };
  private runStart = { time: 0, step: 0 };
  private jobs = {
    progress: { next: 0, every: 125 },
    samples: { next: 0, every: 300 },
    energy: { next: 0, every: 1000 },
    fields: { next: 0, every: 600 },
  } satisfies Record<string, Job>;

  constructor(
    readonly family: Family,
    values: Values,
    view: ViewState,
    private readonly post: Post,
    private readonly now: () => number = () => performance.now(),
    /** The fused kernels, or why they could not be loaded (then every family trains with tfjs); read at each build. */
    private readonly fastKernels: () => FastState = () => ({ unavailable: 'not loaded' }),
  ) {
    this.values = values;
    this.view = view;
    this.dataset = this.makeDataset();
    this.dataRng = createRng(this.seed() ^ 0x5eed);
    this.displayData = this.dataset.sample(DISPLAY_DATA, createRng(1));
  }

  get isRunning(): boolean {
    return this.running;
  }

  private seed(): number {
    return Number(this.values.seed) >>> 0;
  }

  private makeDataset(): Dataset {
    if (this.values.dataset === 'drawn') {
      const pts = pointsOf(this.values);
      // An empty drawing trains on a single point at the origin rather than failing.
      return drawnDataset(pts.length >= 2 ? pts : new Float32Array([0, 0]));
    }
    return getDataset(String(this.values.dataset));
  }

  /** Build the model for the current values and report step 0: the noise floor, first samples, energy distance and fields. */
  build(): void {
    this.model?.dispose();
    this.model = null;
    this.dataset = this.makeDataset();
    this.dataRng = createRng(this.seed() ^ 0x5eed);
    this.displayData = this.dataset.sample(DISPLAY_DATA, createRng(1));
    this.floor = noiseFloor(this.dataset, edPoints(this.family), 3, createRng(12345)).mean;
    this.floors = new Map([[edPoints(this.family), this.floor]]);
    const wantFused = this.values.trainer === 'fused';
    const fast = this.fastKernels();
    // The tfjs path is asked for by name, so a family never picks the kernels up on its own.
    const runtime: ModelRuntime = wantFused && 'kernels' in fast ? { fastKernels: fast.kernels, threads: fast.threads } : { trainingPath: 'tfjs' };
    this.model = createModel(this.family, modelConfig(this.family, this.values), runtime);
    this.step = 0;
    this.lastLosses = undefined;
    this.chunk = 1;
    const backend = tf.getBackend() as 'wasm' | 'webgl' | 'cpu';
    const trainingPath = this.model.trainingPath;
    const fusedUnavailable = !wantFused || trainingPath === 'fused'
      ? undefined
      : 'unavailable' in fast ? fast.unavailable : 'this loss needs TensorFlow.js (a second derivative)';
    this.post({ type: 'ready', backend, trainingPath, fusedUnavailable, noiseFloor: this.floor });
    this.report({ samples: true, energy: true, fields: true });
  }

  /** Apply live settings and view state (no rebuild), and send what they change: the view's fields, new samples. */
  configure(values: Values | undefined, view: ViewState | undefined): void {
    const before = this.values;
    if (values) this.values = { ...this.values, ...values };
    if (view) {
      this.view = { ...this.view, ...view };
      const fields = this.fieldsFor('view');
      if (fields) this.post({ ...this.progressBase(), fields });
    }
    if (this.values.speed !== before.speed) this.runStart = { time: this.now(), step: this.step };
    // Every other live setting changes how samples are drawn (diffusion's sampler, flow matching's solver).
    const resampled = Object.keys(values ?? {}).some((k) => k !== 'speed' && this.values[k] !== before[k]);
    if (resampled) this.report({ samples: true, energy: true, fields: true });
  }

  /** A family's own action (flow matching's reflow), then its fields at once. */
  act(name: string): void {
    const model = this.model;
    const action = fieldsOf(this.family).actions?.[name];
    if (!model || !action) return;
    action(model);
    this.report({ samples: true, energy: true, fields: true });
  }

  setValues(values: Values): void {
    this.values = values;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.runStart = { time: this.now(), step: this.step };
    this.rate = { steps: 0, since: this.now(), value: this.rate.value };
  }

  /** Stop without reporting (before a rebuild). */
  stop(): void {
    this.running = false;
  }

  pause(): void {
    if (!this.running) return;
    this.running = false;
    this.report({ samples: true, energy: true, fields: true });
  }

  /** Single steps, while paused. */
  stepOnce(count = 1): void {
    this.running = false;
    const ok = this.train(Math.max(1, Math.min(1000, count)));
    if (ok) this.report({ samples: true, energy: true, fields: true });
  }

  /** Fresh samples with the family's animation (trajectories, chains, coordinate-wise steps). */
  sampleNow(): void {
    if (!this.model) return;
    const fam = fieldsOf(this.family);
    if (fam.sample) {
      const { samples, fields } = fam.sample(this.model, this.context(), 300);
      this.samples = samples;
      this.post({ ...this.progressBase(), samples, fields });
    } else {
      this.report({ samples: true });
    }
  }

  /**
   * One slice of the run loop: train for about `budgetMs` (fewer steps if the speed setting
   * throttles), then do whichever periodic reports are due. Returns the ms to wait before the next
   * tick (0 = at once).
   */
  tick(budgetMs = 25): number {
    if (!this.running || !this.model) return 50;
    const t0 = this.now();
    const limit = speedLimits[String(this.values.speed)] ?? Infinity;
    let allowed = this.chunk;
    if (Number.isFinite(limit)) {
      const due = Math.floor(((t0 - this.runStart.time) / 1000) * limit) - (this.step - this.runStart.step);
      if (due <= 0) {
        this.maybeReport(t0);
        return Math.max(1, Math.ceil(1000 / limit - (t0 - this.runStart.time) % (1000 / limit)));
      }
      allowed = Math.min(allowed, due);
    }
    const ok = this.train(allowed);
    if (!ok) return 50;
    const spent = this.now() - t0;
    // Adapt the chunk so one chunk takes about budgetMs (between 1 and 500 steps).
    const perStep = spent / allowed;
    if (allowed === this.chunk) this.chunk = Math.max(1, Math.min(500, Math.round(budgetMs / Math.max(perStep, 0.01))));
    this.maybeReport(this.now());
    return 0;
  }

  /** Run n optimisation steps; false (and a 'diverged' message) if a step was non-finite. */
  private train(n: number): boolean {
    const model = this.model;
    if (!model) return false;
    const batchSize = Number((model as unknown as { config?: { batchSize?: number } }).config?.batchSize ?? 256);
    for (let i = 0; i < n; i++) {
      const batch = tf.tensor2d(this.dataset.sample(batchSize, this.dataRng), [batchSize, 2]);
      let result;
      try {
        result = model.trainStep(batch);
      } finally {
        batch.dispose();
      }
      if (!result.ok) {
        this.running = false;
        this.post({
          type: 'diverged',
          step: this.step,
          losses: result.losses,
          reason: 'non-finite',
          message: result.message,
        });
        return false;
      }
      this.step++;
      this.rate.steps++;
      this.lastLosses = result.losses;
      if (this.checkExplodingLosses(result.losses)) return false;
    }
    return true;
  }

  private maybeReport(now: number): void {
    const due = (job: Job): boolean => now >= job.next;
    const want = {
      samples: due(this.jobs.samples),
      energy: due(this.jobs.energy),
      fields: due(this.jobs.fields),
    };
    if (due(this.jobs.progress) || want.samples || want.energy || want.fields) this.report(want);
  }

  private progressBase(): Extract<FromWorker, { type: 'progress' }> {
    const now = this.now();
    const dt = now - this.rate.since;
    if (dt >= 400) {
      this.rate = { steps: 0, since: now, value: (1000 * this.rate.steps) / dt };
    }
    return {
      type: 'progress',
      step: this.step,
      running: this.running,
      losses: this.lastLosses,
      stepsPerSecond: this.running ? this.rate.value : 0,
      threads: this.model?.threads ?? 1,
      tensors: tf.memory().numTensors,
    };
  }

  /** Send a progress message, with samples / energy distance / fields when asked; each job reschedules itself by its cost. */
  private report(want: { samples?: boolean; energy?: boolean; fields?: boolean }): void {
    const msg = this.progressBase();
    const slow = this.view.reducedMotion ? 2 : 1;
    const timed = <T>(job: Job, f: () => T): T => {
      const t0 = this.now();
      const out = f();
      const cost = this.now() - t0;
      // Keep each job under ~10% of the worker's time: wait at least 10× its cost before running it again.
      job.next = this.now() + Math.max(job.every * slow, 10 * cost);
      return out;
    };
    if (this.model) {
      if (want.energy) {
        const edSamples = timed(this.jobs.energy, () => {
          const n = edPoints(this.family);
          const s = this.drawSamples(n);
          msg.energyDistance = energyDistance(s, this.dataset.sample(n, this.dataRng));
          msg.noiseFloor = this.floor;
          return s;
        });
        this.samples = edSamples.slice(0, 2 * DISPLAY_SAMPLES);
        msg.samples = this.samples;
        this.jobs.samples.next = this.now() + this.jobs.samples.every * slow;
        this.checkCollapse(edSamples);
        this.checkRunaway(msg.energyDistance ?? NaN);
      } else if (want.samples) {
        this.samples = timed(this.jobs.samples, () => this.drawSamples(DISPLAY_SAMPLES));
        msg.samples = this.samples;
      }
      if (want.fields) {
        const fields = timed(this.jobs.fields, () => this.fieldsFor('periodic'));
        if (fields) msg.fields = fields;
      }
    }
    this.jobs.progress.next = this.now() + this.jobs.progress.every;
    this.post(msg);
  }

  private drawSamples(n: number): Float32Array {
    const model = this.model;
    if (!model) return new Float32Array(0);
    const fam = fieldsOf(this.family);
    return fam.draw ? fam.draw(model, this.values, n) : sampleArray(model, n);
  }

  private context(): FieldContext {
    return {
      data: this.displayData,
      samples: this.samples,
      view: this.view,
      values: this.values,
      noiseFloor: (n) => this.noiseFloorAt(n),
      dataSample: (n) => this.dataset.sample(n, this.dataRng),
    };
  }

  private noiseFloorAt(n: number): number {
    let floor = this.floors.get(n);
    if (floor === undefined) {
      floor = noiseFloor(this.dataset, n, 3, createRng(12345)).mean;
      this.floors.set(n, floor);
    }
    return floor;
  }

  /** The family's fields: all of them ('periodic'), or only those the reader's view depends on. */
  private fieldsFor(kind: 'periodic' | 'view'): Fields | undefined {
    const model = this.model;
    if (!model) return undefined;
    const fam = fieldsOf(this.family);
    const f = kind === 'view' ? fam.view : fam.periodic;
    return f ? f.call(fam, model, this.context()) : undefined;
  }

  /**
   * A GAN whose samples shrink to a small fraction of the data's spread has collapsed (Goodfellow
   * 2016 tutorial §5.1.1): pause and say so. Checked with each energy distance, after a warm-up.
   */
  private collapsedChecks = 0;
  private checkCollapse(samples: Float32Array): void {
    if (this.family !== 'gan' || this.step < 300 || !this.running) return;
    const ratio = meanAndSpread(samples).variance / Math.max(1e-9, meanAndSpread(this.displayData).variance);
    this.collapsedChecks = ratio < 0.02 ? this.collapsedChecks + 1 : 0;
    if (this.collapsedChecks >= 3) {
      this.collapsedChecks = 0;
      this.running = false;
      this.post({
        type: 'diverged',
        step: this.step,
        losses: this.lastLosses ?? {},
        reason: 'mode-collapse',
        message: `The samples' variance is ${(100 * ratio).toFixed(1)}% of the data's.`,
      });
    }
  }

  /**
   * A model whose loss stays finite can still blow up (a mixture or network pushed by a huge step
   * lands its samples far from the data): if the energy distance exceeds ten times a reference
   * (and 1 in absolute terms) at two checks in a row, pause and say so. The reference is the
   * smaller of the step-0 value and the energy distance between the data and a broad Gaussian of
   * the data's own scale (mean, and twice its spread): an untrained model far off the data must
   * not lift the bar out of reach.
   */
  private energyAtStart: number | null = null;
  private runawayReference = Infinity;
  private runawayChecks = 0;
  private checkRunaway(ed: number): void {
    if (this.step === 0) {
      this.energyAtStart = ed;
      this.runawayReference = Math.min(Number.isFinite(ed) ? ed : Infinity, broadReferenceDistance(this.displayData));
      this.runawayChecks = 0;
      return;
    }
    if (!this.running || this.energyAtStart === null) return;
    const runaway = !Number.isFinite(ed) || ed > Math.max(10 * this.runawayReference, 1);
    this.runawayChecks = runaway ? this.runawayChecks + 1 : 0;
    if (this.runawayChecks >= 2) {
      this.runawayChecks = 0;
      this.running = false;
      this.post({
        type: 'diverged',
        step: this.step,
        losses: this.lastLosses ?? {},
        reason: 'runaway',
        message: `Energy distance ${ed.toPrecision(3)}, against ${this.energyAtStart.toPrecision(3)} at step 0.`,
      });
    }
  }

  /**
   * A GAN's losses are a few units while the game is played (softplus of logits, hinge or critic
   * values); a step too large throws the logits to 1e8 and beyond within a few steps, long before
   * the next energy check. Ten steps in a row with a loss beyond 1e4 in size: pause and say so.
   */
  private explodingSteps = 0;
  private checkExplodingLosses(losses: Record<string, number>): boolean {
    if (this.family !== 'gan') return false;
    const worst = Math.max(...Object.values(losses).map(Math.abs));
    this.explodingSteps = worst > 1e4 ? this.explodingSteps + 1 : 0;
    if (this.explodingSteps < 10) return false;
    this.explodingSteps = 0;
    this.running = false;
    this.post({
      type: 'diverged',
      step: this.step,
      losses,
      reason: 'runaway',
      message: `The losses reached ${worst.toPrecision(3)} in size (a few units while the game is played).`,
    });
    return true;
  }

  dispose(): void {
    this.running = false;
    this.model?.dispose();
    this.model = null;
  }
}

/**
 * The energy distance between the data and a broad Gaussian at the data's own scale: its mean and
 * twice its standard deviation (pooled over the coordinates). Finite and of the data's size.
 */
function broadReferenceDistance(data: Float32Array): number {
  const n = data.length / 2;
  const { mx, my, variance } = meanAndSpread(data);
  const sd = 2 * Math.sqrt(variance / 2);
  const rng = createRng(2);
  const broad = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    broad[2 * i] = mx + sd * rng.normal();
    broad[2 * i + 1] = my + sd * rng.normal();
  }
  return energyDistance(broad, data);
}

/** The mean of 2-D points and their variance about it, Σ‖p − mean‖²/n (summed over both coordinates). */
function meanAndSpread(p: Float32Array): { mx: number; my: number; variance: number } {
  const n = p.length / 2;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) {
    mx += p[2 * i];
    my += p[2 * i + 1];
  }
  mx /= n;
  my /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (p[2 * i] - mx) ** 2 + (p[2 * i + 1] - my) ** 2;
  return { mx, my, variance: v / n };
}
