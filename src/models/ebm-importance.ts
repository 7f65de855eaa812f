/**
 * The EBM's maximum-likelihood loss with log Z by self-normalised importance sampling (./ebm.ts,
 * objective 'ml'), and its gradient with respect to the energies, on plain arrays:
 *   Ẑ = (1/m) Σ_k exp(−E(x_k)) / q(x_k),  x_k ~ q,
 *   L = mean E(x⁺) + α mean E(x⁺)² + log Ẑ,
 * so dL/dE(x⁺ᵢ) = (1 + 2α E(x⁺ᵢ))/n and dL/dE(x_k) = −w_k with w_k = (exp(−E_k)/q_k) / Σ_j exp(−E_j)/q_j:
 * the negative phase E_{p_θ}[∇_θ E] estimated with the self-normalised weights (Owen 2013, ch. 9).
 * `energies` holds the n data energies then the m proposal points'; `logQ` the m values log q(x_k);
 * dOut receives dL/dE in the same order. α keeps the energies near zero (L itself is invariant to a
 * constant shift of E).
 */
export interface ImportanceTerms {
  loss: number;
  positiveEnergy: number;
  /** log Ẑ. */
  logPartition: number;
  /** Effective sample size (Σw)²/Σw² of the m weights (Kong 1992): m when q ∝ exp(−E), 1 when one point dominates. */
  effectiveSamples: number;
}

export function importanceLoss(energies: Float32Array, n: number, logQ: Float64Array | Float32Array, alpha: number, dOut: Float32Array): ImportanceTerms {
  const m = logQ.length;
  if (energies.length < n + m || dOut.length < n + m) throw new Error(`importanceLoss: expected ${n} + ${m} energies`);
  let pos = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const e = energies[i];
    pos += e;
    squares += e * e;
    dOut[i] = (1 + 2 * alpha * e) / n;
  }
  let max = -Infinity;
  for (let k = 0; k < m; k++) {
    const logW = -energies[n + k] - logQ[k];
    dOut[n + k] = logW;
    if (logW > max || Number.isNaN(logW)) max = logW;
  }
  let z = 0;
  let z2 = 0;
  for (let k = 0; k < m; k++) {
    const w = Math.exp(dOut[n + k] - max);
    dOut[n + k] = w;
    z += w;
    z2 += w * w;
  }
  for (let k = 0; k < m; k++) dOut[n + k] = -dOut[n + k] / z;
  const logPartition = max + Math.log(z / m);
  const positiveEnergy = pos / n;
  return { loss: positiveEnergy + alpha * (squares / n) + logPartition, positiveEnergy, logPartition, effectiveSamples: (z * z) / z2 };
}
