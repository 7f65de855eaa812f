/**
 * The contrastive-divergence loss of the energy-based model (./ebm.ts; Du & Mordatch 2019, §3.3)
 * and its gradient with respect to the energies, written once on plain arrays:
 *   L = mean E(x⁺) − mean E(x⁻) + α (mean E(x⁺)² + mean E(x⁻)²),
 * so dL/dE(x⁺ᵢ) = (1 + 2α E(x⁺ᵢ))/n and dL/dE(x⁻ᵢ) = (−1 + 2α E(x⁻ᵢ))/n.
 * `energies` holds the n data energies then the n negative ones (one pass of 2n rows through the
 * energy network); dOut receives dL/dE in the same order.
 */
export interface CdTerms {
  loss: number;
  /** Mean energy of the data batch and of the negative samples. */
  positiveEnergy: number;
  negativeEnergy: number;
}

export function contrastiveDivergence(energies: Float32Array, n: number, alpha: number, dOut: Float32Array): CdTerms {
  if (energies.length < 2 * n || dOut.length < 2 * n) throw new Error(`contrastiveDivergence: expected 2 × ${n} energies`);
  const sums = [0, 0];
  const squares = [0, 0];
  for (let i = 0; i < 2 * n; i++) {
    const e = energies[i];
    const side = i < n ? 0 : 1;
    sums[side] += e;
    squares[side] += e * e;
    dOut[i] = ((side === 0 ? 1 : -1) + 2 * alpha * e) / n;
  }
  const positiveEnergy = sums[0] / n;
  const negativeEnergy = sums[1] / n;
  return { loss: positiveEnergy - negativeEnergy + alpha * ((squares[0] + squares[1]) / n), positiveEnergy, negativeEnergy };
}
