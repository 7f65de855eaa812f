/**
 * One row of the benchmark report, whatever produced it: the Node half (bench/node-bench.ts),
 * PyTorch (bench_torch.py via bench/run.mjs), or the browser half (bench/browser.mjs).
 */
export interface BenchRow {
  where: 'node' | 'browser' | 'torch';
  backend: string;
  /** 'W-diffusion', 'W-gan' (reference workloads), 'family:<name>' or 'throughput:<name>' (quality-bench.ts: the model alone, lab defaults). */
  workload: string;
  stepsPerSec: number;
  stepsPerSecRuns?: number[];
  finalLoss?: number;
  /** Time to quality: training seconds until energy distance < 3× the noise floor. */
  quality?: {
    reached: boolean;
    trainSeconds: number;
    wallSeconds: number;
    steps: number;
    energyDistance: number;
    noiseFloor: number;
    threshold: number;
  };
  /** The model's training path ('fused' or 'tfjs'), where the row measured a model. */
  trainingPath?: string;
  note?: string;
}

/**
 * One cell of issue 13's quality table (bench/quality-bench.ts): a family with the lab's defaults
 * on one toy dataset. The first five fields are the issue's; the rest say what was reached.
 */
export interface QualityRow {
  workload: `quality:${string}:${string}`;
  where: 'browser' | 'node';
  /** Whether the energy distance fell under 3× the noise floor within the budget. */
  reached: boolean;
  /** Training seconds (evaluation excluded) at the check that reached the bar, else at the last check. */
  trainSeconds: number;
  /** Training steps ÷ training seconds over the run. */
  stepsPerSec: number;
  steps: number;
  budgetSeconds: number;
  /** Energy distance at the last check, the noise floor, their ratio, and the lowest ratio of any check. */
  energyDistance: number;
  noiseFloor: number;
  ratio: number;
  bestRatio: number;
  wallSeconds: number;
  trainingPath?: string;
  note?: string;
}

/**
 * Issue 19's sampling table (bench/ode-steps-bench.ts): flow matching's energy distance ÷ noise
 * floor (2,000 samples) after each number of ODE steps of one solver, before and after one reflow.
 */
export interface OdeStepsRow {
  workload: `ode-steps:flow-matching:${string}:${string}`;
  where: 'browser' | 'node';
  solver: string;
  /** Training steps before the reflow, and again after it. */
  trainSteps: number;
  steps: number[];
  before: number[];
  after: number[];
  /** Liu et al.'s straightness S of the ODE's paths (200 noise points), before and after. */
  straightnessBefore: number;
  straightnessAfter: number;
}

/** One sampling-latency row (bench/sampling-bench.ts): wall time of drawing n samples and reading them back. */
export interface SamplingRow {
  where: 'node' | 'browser';
  backend: string;
  /** 'sampling:<family>'. */
  workload: string;
  /** How the samples were drawn, e.g. 'sample()', 'ancestral, T = 100 steps', 'DDIM, 50 steps (η = 0)'. */
  method: string;
  n: number;
  /** Training steps taken before timing. */
  trainSteps: number;
  /** Median wall time in ms, and each timed run (after one warm-up). */
  ms: number;
  msRuns: number[];
  /** Issue 4's target for this family and method, if it has one. */
  targetMs?: number;
  note?: string;
}
