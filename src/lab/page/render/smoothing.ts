/**
 * An exponential moving average with bias correction (as Adam's first moment, Kingma & Ba 2015,
 * arXiv:1412.6980, §3): m_k = β m_{k−1} + (1 − β) v_k, shown as m_k / (1 − β^k), so the first
 * readings are not pulled towards 0. Non-finite readings are skipped. With `geometric`, the average
 * runs on log v (positive readings only): right for a quantity shown on a log scale that falls by
 * decades, where a linear average would be held up for long by the first, large readings. No DOM.
 */
export class Smoother {
  private m = 0;
  private k = 0;

  constructor(
    private readonly beta = 0.9,
    private readonly geometric = false,
  ) {}

  /** Take a reading; returns the smoothed value (NaN until a finite reading arrives). */
  push(v: number): number {
    const u = this.geometric ? Math.log(v) : v;
    if (Number.isFinite(u)) {
      this.m = this.beta * this.m + (1 - this.beta) * u;
      this.k++;
    }
    return this.value;
  }

  get value(): number {
    if (this.k === 0) return NaN;
    const mean = this.m / (1 - this.beta ** this.k);
    return this.geometric ? Math.exp(mean) : mean;
  }

  reset(): void {
    this.m = 0;
    this.k = 0;
  }
}
