/**
 * A small vector of learnt parameters that belongs to no network (the autoregressive model's
 * p(x₁), the VAE's decoder log-variance): its values, the gradient a family writes into `grad`,
 * and Adam, computed as tf.train.adam and the fused kernels compute it (Kingma & Ba 2015):
 *   m ← β₁m + (1 − β₁)g,  v ← β₂v + (1 − β₂)g²,  θ ← θ − lr · (m/(1 − β₁ᵗ)) / (√(v/(1 − β₂ᵗ)) + ε).
 * Plain JavaScript: a handful of numbers costs less here than a round trip to any backend.
 */
export class ParameterVector {
  readonly values: Float32Array;
  /** dLoss/dValues, written by the family before applyUpdates(); zero it with zeroGrad(). */
  readonly grad: Float32Array;
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private steps = 0;

  constructor(
    initial: ArrayLike<number>,
    private readonly learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-7,
  ) {
    this.values = Float32Array.from(initial);
    this.grad = new Float32Array(this.values.length);
    this.m = new Float32Array(this.values.length);
    this.v = new Float32Array(this.values.length);
  }

  zeroGrad(): void {
    this.grad.fill(0);
  }

  gradSquaredNorm(): number {
    let s = 0;
    for (let i = 0; i < this.grad.length; i++) s += this.grad[i] * this.grad[i];
    return s;
  }

  adamStep(): void {
    this.steps += 1;
    const c1 = 1 / (1 - this.beta1 ** this.steps);
    const c2 = 1 / (1 - this.beta2 ** this.steps);
    for (let i = 0; i < this.values.length; i++) {
      const g = this.grad[i];
      this.m[i] = this.beta1 * this.m[i] + (1 - this.beta1) * g;
      this.v[i] = this.beta2 * this.v[i] + (1 - this.beta2) * g * g;
      this.values[i] -= (this.learningRate * this.m[i] * c1) / (Math.sqrt(this.v[i] * c2) + this.epsilon);
    }
  }
}
