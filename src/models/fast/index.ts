/**
 * The fused fast path for the site's tiny MLPs: WebAssembly SIMD kernels (assembly/mlp-kernels.ts)
 * behind a small TypeScript API, beside the readable tfjs path (src/models/nn.ts) and tested
 * against it (tests/unit/fast/). No tfjs here except in ./tfjs-bridge (import it separately).
 */
export { loadFastKernels, simdSupported, relaxedSimdSupported, sharedMemorySupported, type FastKernels, type FastActivation, type KernelVariant } from './kernels';
export { FastMlp, type FastMlpOptions, type FastMlpCreateOptions, type MlpParams, type BackwardOptions } from './fast-mlp';
export { FastDdpmTrainer, type FastDdpmOptions, type DdpmBatch, type FastStepResult } from './ddpm-step';
export { FastGanTrainer, type FastGanOptions, type GanBatch, type FastGanResult } from './gan-step';
