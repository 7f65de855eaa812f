import type { Rng } from '../../data/random';

/**
 * The one-dimensional conditionals p(y | parameters) of the autoregressive model, on plain arrays:
 * log-density, its gradient with respect to the unnormalised parameters (the network's outputs),
 * and a draw. Row r's parameters are params[r·P … r·P + P − 1].
 *
 *   mixture      P = 3K: logits a, means μ, pre-softplus scales; σ_k = softplus(·) + minStd;
 *                log p(y) = log Σ_k softmax(a)_k N(y; μ_k, σ_k²)   (a mixture density network,
 *                Bishop 1994); with responsibilities r_k = π_k N_k / p(y), u_k = (y − μ_k)/σ_k:
 *                ∂/∂a_k = r_k − π_k,  ∂/∂μ_k = r_k u_k/σ_k,  ∂/∂σ_k = r_k (u_k² − 1)/σ_k.
 *   categorical  P = bins over [lo, hi]: log p(y) = log softmax(a)_b − log width for y in bin b,
 *                −∞ outside [lo, hi] (a proper density: its support is the interval);
 *                ∂/∂a_j = [j = b] − softmax(a)_j.
 */
export interface Conditional {
  /** Parameters per row. */
  readonly size: number;
  /**
   * log p(y_r) for each row; when `grad` is given, adds `scale` · ∂ log p(y_r)/∂params into it
   * (row r at grad[r·P …]).
   */
  logDensity(params: Float32Array, y: ArrayLike<number>, yStride: number, yOffset: number, n: number, out: Float64Array, grad?: Float32Array, scale?: number): void;
  /** One draw per row into out[r·outStride + outOffset]. */
  sample(params: Float32Array, n: number, rng: Rng, out: Float32Array, outStride: number, outOffset: number): void;
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

function softplus(x: number): number {
  return x > 20 ? x : Math.log1p(Math.exp(x));
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** log Σ_j exp(w[o + j]) over j < k, stable (the maximum taken out first). */
function logSumExpAt(w: Float32Array | Float64Array, o: number, k: number): number {
  let max = -Infinity;
  for (let j = 0; j < k; j++) max = Math.max(max, w[o + j]);
  let sum = 0;
  for (let j = 0; j < k; j++) sum += Math.exp(w[o + j] - max);
  return max + Math.log(sum);
}

/** Draws an index from unnormalised log-weights w[0 … k − 1] at offset o (inverse CDF). */
function drawIndex(w: Float32Array | Float64Array, o: number, k: number, rng: Rng): number {
  let max = -Infinity;
  for (let j = 0; j < k; j++) max = Math.max(max, w[o + j]);
  let u = rng.uniform() * Math.exp(logSumExpAt(w, o, k) - max);
  for (let j = 0; j < k; j++) {
    u -= Math.exp(w[o + j] - max);
    if (u < 0) return j;
  }
  return k - 1;
}

export function mixtureConditional(K: number, minStd: number): Conditional {
  const P = 3 * K;
  // Per-row scratch: log π_k, the components' log-terms, σ_k and u_k (kept for the gradient).
  const logPi = new Float64Array(K);
  const terms = new Float64Array(K);
  const sigma = new Float64Array(K);
  const u = new Float64Array(K);
  return {
    size: P,
    logDensity(params, y, yStride, yOffset, n, out, grad, scale = 1) {
      for (let r = 0; r < n; r++) {
        const o = r * P;
        const v = y[r * yStride + yOffset];
        const aLse = logSumExpAt(params, o, K); // normaliser of the logits' softmax
        for (let k = 0; k < K; k++) {
          logPi[k] = params[o + k] - aLse;
          sigma[k] = softplus(params[o + 2 * K + k]) + minStd;
          u[k] = (v - params[o + K + k]) / sigma[k];
          terms[k] = logPi[k] - 0.5 * u[k] * u[k] - Math.log(sigma[k]) - LOG_SQRT_2PI;
        }
        const lp = logSumExpAt(terms, 0, K);
        out[r] = lp;
        if (!grad) continue;
        for (let k = 0; k < K; k++) {
          const resp = Math.exp(terms[k] - lp);
          grad[o + k] += scale * (resp - Math.exp(logPi[k]));
          grad[o + K + k] += (scale * resp * u[k]) / sigma[k];
          grad[o + 2 * K + k] += ((scale * resp * (u[k] * u[k] - 1)) / sigma[k]) * sigmoid(params[o + 2 * K + k]);
        }
      }
    },
    sample(params, n, rng, out, outStride, outOffset) {
      for (let r = 0; r < n; r++) {
        const o = r * P;
        const k = drawIndex(params, o, K, rng);
        const s = softplus(params[o + 2 * K + k]) + minStd;
        out[r * outStride + outOffset] = params[o + K + k] + s * rng.normal();
      }
    },
  };
}

export function categoricalConditional(bins: number, lo: number, hi: number): Conditional {
  const width = (hi - lo) / bins;
  const logWidth = Math.log(width);
  return {
    size: bins,
    logDensity(params, y, yStride, yOffset, n, out, grad, scale = 1) {
      for (let r = 0; r < n; r++) {
        const o = r * bins;
        const v = y[r * yStride + yOffset];
        if (!(v >= lo && v <= hi)) {
          out[r] = -Infinity;
          continue;
        }
        const b = Math.min(bins - 1, Math.floor((v - lo) / width));
        const lse = logSumExpAt(params, o, bins);
        out[r] = params[o + b] - lse - logWidth;
        if (!grad) continue;
        for (let j = 0; j < bins; j++) grad[o + j] -= scale * Math.exp(params[o + j] - lse);
        grad[o + b] += scale;
      }
    },
    sample(params, n, rng, out, outStride, outOffset) {
      for (let r = 0; r < n; r++) {
        // A bin, then uniform inside it: the piecewise-constant density.
        const b = drawIndex(params, r * bins, bins, rng);
        out[r * outStride + outOffset] = lo + (b + rng.uniform()) * width;
      }
    },
  };
}
