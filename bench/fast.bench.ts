/**
 * The fused fast path (src/models/fast) on the two reference workloads, in Node: steps/s of
 * FastDdpmTrainer and FastGanTrainer with each kernel build (plain SIMD, relaxed SIMD) on one
 * thread, and with the best build on two threads (shared memory, a helper thread per network),
 * the median over runs, plus the GFLOP/s of the kernels' main matrix product.
 */
import { loadFastKernels, type FastKernels } from '../src/models/fast/kernels';
import { fastLabel, fastWorkloads, kernelVariants } from './fast-workloads';
import type { BenchRow } from './rows';
import { median, stepsPerSecond } from './timing';

export interface FastBenchOptions {
  runs?: number;
  seconds?: number;
  log?: (...xs: unknown[]) => void;
}

/** GFLOP/s of one 512×128 · 128×128 product (the hidden layers' forward), best of many short runs. */
export function matmulGflops(kernels: FastKernels): number {
  const k = kernels.instantiate();
  const [m, n, kk] = [512, 128, 128];
  const a = 1024;
  const b = a + m * kk * 4;
  const c = b + kk * n * 4;
  k.memory.grow(Math.ceil((c + m * n * 4) / 65536));
  const f = new Float32Array(k.memory.buffer);
  for (let i = 0; i < f.length; i++) f[i] = Math.sin(i) * 0.5;
  for (let i = 0; i < 20; i++) k.gemm(a, b, c, m, kk, n, 0, 0, 0, 0, 0);
  let best = Infinity;
  for (let r = 0; r < 50; r++) {
    const t0 = performance.now();
    for (let i = 0; i < 10; i++) k.gemm(a, b, c, m, kk, n, 0, 0, 0, 0, 0);
    best = Math.min(best, (performance.now() - t0) / 10);
  }
  return (2 * m * n * kk) / (best * 1e6);
}

export async function runFastBench(options: FastBenchOptions = {}): Promise<BenchRow[]> {
  const runs = options.runs ?? 3;
  const seconds = options.seconds ?? 3;
  const log = options.log ?? (() => {});
  const rows: BenchRow[] = [];
  const variants = kernelVariants();
  const configs = [...variants.map((variant) => ({ variant, threads: 1 as const })), { variant: variants[variants.length - 1], threads: 2 as const }];
  for (const { variant, threads } of configs) {
    const kernels = await loadFastKernels({ variant, threads: threads === 2 });
    if (threads === 2 && !kernels.shared) continue;
    const gflops = matmulGflops(kernels);
    const label = fastLabel(variant, threads);
    for (const w of fastWorkloads(kernels, threads)) {
      const rates: number[] = [];
      let loss = NaN;
      for (let r = 0; r < runs; r++) {
        const trainer = await w.make(r);
        let last: { loss?: number; lossG?: number } = {};
        rates.push(stepsPerSecond(() => (last = trainer.step()), () => {}, 50, 50, seconds));
        loss = last.loss ?? last.lossG ?? NaN;
        trainer.dispose();
      }
      log(label, w.name, rates.map((x) => x.toFixed(1)).join(' '), 'steps/s');
      rows.push({
        where: 'node',
        backend: label,
        workload: w.name,
        stepsPerSec: median(rates),
        stepsPerSecRuns: rates,
        finalLoss: loss,
        note: `512×128×128 product: ${gflops.toFixed(1)} GFLOP/s (one thread)`,
      });
    }
  }
  return rows;
}
