import * as tf from '@tensorflow/tfjs-core';

/**
 * An exponential moving average of a list of variables, the "EMA weights" that DDPM samples with
 * (Ho et al. 2020, appendix B: decay 0.9999). Short toy runs need a short memory, so the decay starts
 * small and grows, min(decay, (1 + k)/(10 + k)) after k updates (the rule of TensorFlow's
 * ExponentialMovingAverage with num_updates), so the average is not dragged towards the initial weights.
 */
/** The decay used at the k-th update (k ≥ 1): min(decay, (1 + k)/(10 + k)). */
export function emaDecayAt(decay: number, k: number): number {
  return Math.min(decay, (1 + k) / (10 + k));
}

export class Ema {
  private updates = 0;

  /** `shadows` are variables of the same shapes as `source` (e.g. a twin network); they start as copies. */
  constructor(
    private readonly source: tf.Variable[],
    private readonly shadows: tf.Variable[],
    readonly decay: number,
  ) {
    if (source.length !== shadows.length) throw new Error('ema: source and shadow lists differ in length');
    tf.tidy(() => source.forEach((v, i) => shadows[i].assign(v)));
  }

  update(): void {
    this.updates += 1;
    const d = emaDecayAt(this.decay, this.updates);
    tf.tidy(() => {
      this.source.forEach((v, i) => {
        // shadow ← d · shadow + (1 − d) · weight
        this.shadows[i].assign(tf.add(tf.mul(this.shadows[i], d), tf.mul(v, 1 - d)));
      });
    });
  }
}
