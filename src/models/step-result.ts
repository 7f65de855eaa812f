import type { Losses, StepResult } from './types';

/**
 * Building a training step's result, and above all the message of a step that went non-finite:
 * it says what went non-finite (a loss term or a gradient) and where (which network or term), and
 * blames the likeliest cause: the data's scale when the batch reaches far outside the range the
 * models are built for (their initialisations, boxes and tail bounds assume |x| of a few units),
 * else the learning rate.
 */

/** Largest |x| of a batch beyond which its scale, not the learning rate, is the likely culprit. */
export const LARGE_INPUT = 50;

export interface NonFiniteCause {
  /** 'loss': a loss term was NaN or ±∞ (name it in `term`); 'gradient': the loss was finite, a gradient was not. */
  what: 'loss' | 'gradient';
  /** The loss term or the quantity that overflowed, e.g. "recon" or "the encoder's log-variance". */
  term?: string;
  /** Where, e.g. "the encoder", "the discriminator", "coupling layer 2". */
  where?: string;
  learningRate: number;
  /** The batch the step trained on (its largest |x| decides the blame). */
  batch?: ArrayLike<number>;
}

/** The largest absolute value of a batch (NaN if it holds one). */
export function inputScale(batch: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < batch.length; i++) {
    const a = Math.abs(batch[i]);
    if (!(a <= max)) max = a; // NaN propagates
  }
  return max;
}

export function nonFiniteMessage(cause: NonFiniteCause): string {
  const what = cause.what === 'loss' ? `The loss${cause.term ? ` term "${cause.term}"` : ''}` : 'A gradient';
  const where = cause.where ? ` in ${cause.where}` : '';
  const scale = cause.batch ? inputScale(cause.batch) : 0;
  const kept = 'The update was skipped, so the weights are those of the last finite step.';
  if (Number.isNaN(scale)) return `${what} became non-finite${where}: the data batch itself contains NaN. ${kept}`;
  if (scale > LARGE_INPUT) {
    return (
      `${what} became non-finite (NaN or Infinity)${where}: the data reach |x| = ${formatScale(scale)}, far outside ` +
      `the range of a few units these models are built for. Rescale or standardise the data (for example to ` +
      `mean 0 and standard deviation 1); a lower learning rate will not help. ${kept}`
    );
  }
  return (
    `${what} became non-finite (NaN or Infinity)${where} at learning rate ${cause.learningRate}; the learning ` +
    `rate is probably too high. ${kept} Lower the learning rate or reset the model.`
  );
}

/** The result of a step whose update was skipped because something was not finite. */
export function nonFiniteStep(losses: Record<string, number>, cause: NonFiniteCause): StepResult {
  return { ok: false, reason: 'non-finite-loss', losses, message: nonFiniteMessage(cause) };
}

/** The first loss term that is not finite, if any. */
export function nonFiniteTerm(losses: Record<string, number>): string | undefined {
  return Object.keys(losses).find((k) => !Number.isFinite(losses[k]));
}

/** A successful step's result. */
export function okStep(losses: Losses): StepResult {
  return { ok: true, losses };
}

function formatScale(x: number): string {
  return x >= 1e4 ? x.toExponential(1) : String(Math.round(x));
}
