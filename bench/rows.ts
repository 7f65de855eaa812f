/**
 * One row of the benchmark report, whatever produced it: the Node half (bench/node-bench.ts),
 * PyTorch (bench_torch.py via bench/run.mjs), or the browser half (bench/browser.mjs).
 */
export interface BenchRow {
  where: 'node' | 'browser' | 'torch';
  backend: string;
  /** 'W-diffusion', 'W-gan' (reference workloads) or 'family:<name>'. */
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
  note?: string;
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
