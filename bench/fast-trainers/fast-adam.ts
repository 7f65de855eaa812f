import type { FastMlp } from '../../src/models/fast/fast-mlp';

/**
 * Adam (Kingma & Ba 2015) for one FastMlp: the settings and the step counter t of the bias
 * corrections, so that callers do not thread them through every update. Defaults are tfjs's
 * (tf.train.adam: β 0.9, 0.999, ε 1e-7); the reference workloads pass PyTorch's ε 1e-8.
 */
export class FastAdam {
  /** Updates applied so far. */
  steps = 0;

  constructor(
    readonly learningRate: number,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly epsilon = 1e-7,
  ) {}

  /** Applies one update from the network's stored gradients, unless one of them is not finite (then false, no update). */
  step(net: FastMlp): boolean {
    if (!Number.isFinite(net.gradSquaredNorm())) return false;
    net.adamStep(this.learningRate, this.beta1, this.beta2, this.epsilon, ++this.steps);
    return true;
  }
}

/** The result of one fused training step (the EBM's cd-step.ts and the bench's trainers). */
export interface FastStepResult {
  /** True when the update was applied (loss and gradient finite). */
  ok: boolean;
  loss: number;
  /** False when the loss itself was not finite (else it was the gradient, if !ok). */
  lossFinite: boolean;
}
