import type { Rng } from '../../data/random';
import type { ModelRuntime } from '../types';
import { FusedNetwork, isFastActivation } from './fused-network';
import type { Network, NetworkBackend, NetworkSpec } from './network';
import { TfjsNetwork } from './tfjs-network';

export { applyUpdates, type BackwardOptions, type Network, type NetworkBackend, type NetworkParams, type NetworkSpec, type Weights } from './network';
export { ParameterVector } from './parameter-vector';
export { FusedNetwork, TfjsNetwork };

/**
 * The backend a family's networks take: fused when the kernels are loaded (and the caller did not
 * ask for tfjs, and the activation has a kernel), else tfjs. `needsTfjs`: the objective
 * differentiates twice through the network (WGAN-GP, score matching), which only tfjs can.
 */
export function networkBackend(runtime: ModelRuntime, activation: NetworkSpec['activation'], needsTfjs = false): NetworkBackend {
  if (needsTfjs || runtime.trainingPath === 'tfjs' || !runtime.fastKernels || !isFastActivation(activation)) return 'tfjs';
  return 'fused';
}

/** A network on the given backend; weights drawn from `rng` identically on both. */
export function createNetwork(spec: NetworkSpec, rng: Rng, runtime: ModelRuntime, backend: NetworkBackend = networkBackend(runtime, spec.activation)): Network {
  if (backend === 'fused') {
    if (!runtime.fastKernels) throw new Error(`${spec.name}: the fused backend needs the kernels (runtime.fastKernels)`);
    return new FusedNetwork(runtime.fastKernels, spec, rng, runtime.threads ?? 1);
  }
  return new TfjsNetwork(spec, rng);
}
