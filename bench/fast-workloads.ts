import { FastDdpmTrainer } from './fast-trainers/ddpm-trainer';
import { FastGanTrainer } from './fast-trainers/gan-trainer';
import { relaxedSimdSupported, type FastKernels, type KernelVariant } from '../src/models/fast/kernels';

/**
 * The reference workloads on the fused path, as the Node bench (fast.bench.ts) and the Chromium
 * page (browser-fast/worker.ts) both time them. No Node or DOM imports.
 */

/** The kernel builds this engine runs, plain SIMD first (the last is the fastest). */
export function kernelVariants(): KernelVariant[] {
  return relaxedSimdSupported() ? ['simd', 'relaxed'] : ['simd'];
}

/** The row label of one build on 1 or 2 threads. */
export function fastLabel(variant: KernelVariant, threads: 1 | 2): string {
  return `fast wasm ${variant === 'relaxed' ? 'relaxed SIMD (FMA)' : 'SIMD'}, ${threads} thread${threads > 1 ? 's' : ''}`;
}

export interface FastWorkload {
  name: 'W-diffusion' | 'W-gan';
  make(seed: number): Promise<{ step(): { loss?: number; lossG?: number }; dispose(): void }>;
}

/**
 * The workloads worth timing on `threads` threads: two threads split only the diffusion
 * network's batches (34 Mflop per pass); the GAN's are too small (see FastMlp's minSplitFlops).
 */
export function fastWorkloads(kernels: FastKernels, threads: 1 | 2): FastWorkload[] {
  const all: FastWorkload[] = [
    { name: 'W-diffusion', make: (seed) => FastDdpmTrainer.create(kernels, { seed, threads }) },
    { name: 'W-gan', make: (seed) => FastGanTrainer.create(kernels, { seed, threads }) },
  ];
  return threads === 2 ? all.slice(0, 1) : all;
}
