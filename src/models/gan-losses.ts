/**
 * The GAN's losses written once as per-row terms of the critic's output u = D(x) and their
 * derivatives d/du (see ./gan.ts for the objectives). A loss is a mean of such terms, so its
 * gradient with respect to D's outputs is the term's derivative over the row count; the network's
 * backward pass does the rest. WGAN-GP's penalty is not a function of D's outputs alone: gan.ts
 * builds it with tfjs.
 */
export type OutputLoss = 'non-saturating' | 'hinge' | 'wgan';

/** A per-row loss of u and its derivative, written into `out` as [loss, d/du]. */
export type Term = (u: number, out: [number, number]) => void;

/** softplus(u) = log(1 + eᵘ), without overflow. */
export function softplus(u: number): number {
  return Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u)));
}

export function sigmoid(u: number): number {
  return 1 / (1 + Math.exp(-u));
}

/**
 * L_D's term on real rows and on generated rows, and L_G's term on generated rows:
 *   non-saturating (Goodfellow et al. 2014 §3): softplus(−u), softplus(u), softplus(−u), with softplus′ = σ
 *     (softplus(−u) = −log σ(u), so these are −log D, −log(1 − D) and −log D for D = σ(u));
 *   hinge (Lim & Ye 2017): max(0, 1 − u), max(0, 1 + u), −u;
 *   wgan (Arjovsky et al. 2017, without the penalty): −u, u, −u.
 */
export const TERMS: Record<OutputLoss, { real: Term; fake: Term; generator: Term }> = {
  'non-saturating': {
    real: (u, o) => ((o[0] = softplus(-u)), (o[1] = -sigmoid(-u))),
    fake: (u, o) => ((o[0] = softplus(u)), (o[1] = sigmoid(u))),
    generator: (u, o) => ((o[0] = softplus(-u)), (o[1] = -sigmoid(-u))),
  },
  hinge: {
    real: (u, o) => ((o[0] = Math.max(0, 1 - u)), (o[1] = u < 1 ? -1 : 0)),
    fake: (u, o) => ((o[0] = Math.max(0, 1 + u)), (o[1] = u > -1 ? 1 : 0)),
    generator: (u, o) => ((o[0] = -u), (o[1] = -1)),
  },
  wgan: {
    real: (u, o) => ((o[0] = -u), (o[1] = -1)),
    fake: (u, o) => ((o[0] = u), (o[1] = 1)),
    generator: (u, o) => ((o[0] = -u), (o[1] = -1)),
  },
};

/**
 * The discriminator's loss on 2n stacked outputs (n real rows, then n generated rows):
 * L_D = mean over real rows of term.real + mean over generated rows of term.fake. Writes dL_D/du
 * into dOut [2n] and returns L_D.
 */
export function discriminatorLoss(loss: OutputLoss, logits: Float32Array, n: number, dOut: Float32Array): number {
  const { real, fake } = TERMS[loss];
  const term: [number, number] = [0, 0];
  let sum = 0;
  for (let i = 0; i < 2 * n; i++) {
    (i < n ? real : fake)(logits[i], term);
    sum += term[0];
    dOut[i] = term[1] / n;
  }
  return sum / n;
}

/** The generator's loss L_G = mean of term.generator over n outputs; writes dL_G/du into dOut [n]. */
export function generatorLoss(loss: OutputLoss, logits: Float32Array, n: number, dOut: Float32Array): number {
  const { generator } = TERMS[loss];
  const term: [number, number] = [0, 0];
  let sum = 0;
  for (let i = 0; i < n; i++) {
    generator(logits[i], term);
    sum += term[0];
    dOut[i] = term[1] / n;
  }
  return sum / n;
}
