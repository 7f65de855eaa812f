import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone ships the gradient functions but does not register them (the '@tensorflow/tfjs'
// union package does); training needs them, so every model that trains registers them here.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { Losses, StepResult } from './types';

/** Named scalar loss terms computed inside the gradient closure; `loss` is what is minimised. */
export type LossTerms = { loss: tf.Scalar } & Record<string, tf.Scalar>;

/**
 * One optimiser step shared by the likelihood-based families (autoregressive, VAE, flow).
 *
 * The loss terms and the gradient's L1 norm (NaN or Infinity if any element is) are read back in
 * a single dataSync.
 * The update is applied only if all of them are finite, so a diverging run never writes NaN or
 * Infinity into the weights: trainStep reports `non-finite-loss` and the weights stay as they were
 * before the bad step (the caller may lower the learning rate and continue, or reset).
 */
export function adamStep(
  optimizer: tf.Optimizer,
  variables: tf.Variable[],
  computeTerms: () => LossTerms,
  learningRate: number,
): StepResult {
  let names: string[] = [];
  const kept: { terms?: tf.Tensor1D } = {};
  const { grads, readout } = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => {
      const terms = computeTerms();
      names = Object.keys(terms);
      // Kept past the gradient scope so the terms are read back with the gradient norm, in one sync.
      kept.terms = tf.keep(tf.stack(names.map((n) => terms[n])) as tf.Tensor1D);
      return terms.loss;
    }, variables);
    value.dispose();
    const gradSums = Object.values(grads).map((g) => tf.sum(tf.abs(g)));
    const gradNorm = gradSums.length > 0 ? tf.addN(gradSums) : tf.scalar(0);
    const readout = tf.concat([kept.terms as tf.Tensor1D, tf.reshape(gradNorm, [1])]);
    return { grads, readout };
  });
  kept.terms?.dispose();
  const values = readout.dataSync();
  readout.dispose();

  const losses: Record<string, number> = {};
  names.forEach((n, i) => (losses[n] = values[i]));
  const gradFinite = Number.isFinite(values[names.length]);
  const lossFinite = names.every((n) => Number.isFinite(losses[n]));

  if (!lossFinite || !gradFinite) {
    tf.dispose(Object.values(grads));
    return skippedStep(losses, lossFinite, learningRate);
  }
  optimizer.applyGradients(grads);
  tf.dispose(Object.values(grads));
  return { ok: true, losses: losses as Losses };
}

/** The result of a step whose loss (or else gradient) was not finite, so its update was skipped. */
export function skippedStep(losses: Record<string, number>, lossFinite: boolean, learningRate: number): StepResult {
  return { ok: false, reason: 'non-finite-loss', losses, message: nonFiniteMessage(lossFinite, learningRate) };
}

export function nonFiniteMessage(lossFinite: boolean, learningRate: number): string {
  return (
    `${lossFinite ? 'The gradient' : 'The loss'} became non-finite (NaN or Infinity) at learning rate ` +
    `${learningRate}; the learning rate is probably too high. The update was skipped, ` +
    'so the weights are those of the last finite step: lower the learning rate or reset the model.'
  );
}
