import type { FastAdam } from './fast-adam';
import type { FastMlp } from './fast-mlp';
import type { FastStepResult } from './mse-step';

export interface CdStepResult extends FastStepResult {
  /** Mean energy of the data batch and of the negative samples. */
  positiveEnergy: number;
  negativeEnergy: number;
}

/**
 * One contrastive-divergence update of an energy network (src/models/ebm.ts; Du & Mordatch 2019, §3.3):
 *   L = mean E(x⁺) − mean E(x⁻) + α (mean E(x⁺)² + mean E(x⁻)²),
 * so dL/dE(x⁺ᵢ) = (1 + 2α E(x⁺ᵢ))/n and dL/dE(x⁻ᵢ) = (−1 + 2α E(x⁻ᵢ))/n. The n data points and the n
 * negative samples (interleaved, the network's input width) go through as one batch of 2n rows;
 * the update is skipped when a loss term or a gradient is not finite.
 */
export function cdStep(net: FastMlp, positive: Float32Array, negative: Float32Array, alpha: number, adam: FastAdam): CdStepResult {
  if (positive.length !== negative.length) throw new Error('cdStep: the data batch and the negative samples must have the same size');
  const n = positive.length / net.sizes[0];
  net.forwardStacked(positive, negative);
  const energy = net.outputBuffer();
  const dOut = net.outputGradBuffer();
  const os = energy.stride;
  const sums = [0, 0];
  const squares = [0, 0];
  for (let i = 0; i < 2 * n; i++) {
    const e = energy.data[i * os];
    const side = i < n ? 0 : 1;
    sums[side] += e;
    squares[side] += e * e;
    dOut.data[i * os] = ((side === 0 ? 1 : -1) + 2 * alpha * e) / n;
  }
  const positiveEnergy = sums[0] / n;
  const negativeEnergy = sums[1] / n;
  const loss = positiveEnergy - negativeEnergy + alpha * ((squares[0] + squares[1]) / n);
  const terms = { loss, positiveEnergy, negativeEnergy };
  if (![loss, positiveEnergy, negativeEnergy].every(Number.isFinite)) return { ok: false, lossFinite: false, ...terms };
  net.backward(null);
  return { ok: adam.step(net), lossFinite: true, ...terms };
}
