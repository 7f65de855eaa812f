import { applyUpdates, type Network } from './network';
import { nonFiniteStep, type NonFiniteCause } from './step-result';
import type { StepResult } from './types';

/**
 * The squared-error regression both diffusion (ε_θ onto the noise, Ho et al. eq. 14) and flow
 * matching (v_θ onto the path's velocity, Lipman et al. eq. 9) train with, averaged over rows and
 * coordinates (which only rescales the learning rate against a sum).
 *
 * Returns mean (pred − target)² and writes its gradient dL/dpred = 2(pred − target)/len into dOut.
 */
export function meanSquaredError(pred: Float32Array, target: Float32Array, dOut: Float32Array): number {
  const len = target.length;
  const scale = 2 / len;
  let sum = 0;
  for (let k = 0; k < len; k++) {
    const r = pred[k] - target[k];
    sum += r * r;
    dOut[k] = scale * r;
  }
  return sum / len;
}

/**
 * One optimisation step of a network regressed onto targets: forward on n input rows, the mean
 * squared error against `target`, backward, Adam. A non-finite loss or gradient skips the update
 * and says so (step-result.ts), naming `cause.where`.
 */
export function regressionStep(net: Network, input: Float32Array, target: Float32Array, n: number, cause: Omit<NonFiniteCause, 'what' | 'term'>): StepResult {
  const dOut = new Float32Array(target.length);
  const loss = meanSquaredError(net.forward(input, n), target, dOut);
  if (!Number.isFinite(loss)) return nonFiniteStep({ loss }, { what: 'loss', term: 'loss', ...cause });
  net.backward(dOut);
  if (!applyUpdates([net])) return nonFiniteStep({ loss }, { what: 'gradient', ...cause });
  return { ok: true, losses: { loss } };
}
