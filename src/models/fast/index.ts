/**
 * The fused fast path for the site's tiny MLPs: WebAssembly SIMD kernels (assembly/mlp-kernels.ts)
 * behind a small TypeScript API, used by the families through src/models/network and tested
 * against tfjs (tests/unit/fast/, tests/unit/network/). The reference-workload trainers of the
 * benchmark live in bench/fast-trainers/.
 */
export { loadFastKernels, simdSupported, relaxedSimdSupported, sharedMemorySupported, type FastKernels, type FastActivation, type KernelVariant } from './kernels';
export { FastMlp, type FastMlpOptions, type FastMlpCreateOptions, type MlpParams, type BackwardOptions } from './fast-mlp';
