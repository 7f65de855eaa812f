/**
 * An exponential moving average with bias correction (as Adam's first moment, Kingma & Ba 2015,
 * arXiv:1412.6980, §3): m_k = β m_{k−1} + (1 − β) v_k, shown as m_k / (1 − β^k), so the first
 * readings are not pulled towards 0. Non-finite readings are skipped. No DOM.
 */
export class Smoother {
  private m = 0;
  private k = 0;

  constructor(private readonly beta = 0.9) {}

  /** Take a reading; returns the smoothed value (NaN until a finite reading arrives). */
  push(v: number): number {
    if (Number.isFinite(v)) {
      this.m = this.beta * this.m + (1 - this.beta) * v;
      this.k++;
    }
    return this.value;
  }

  get value(): number {
    return this.k === 0 ? NaN : this.m / (1 - this.beta ** this.k);
  }

  reset(): void {
    this.m = 0;
    this.k = 0;
  }
}
