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
