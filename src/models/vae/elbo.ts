/**
 * The VAE's training objective on plain arrays, written once for both network backends:
 *   loss = (1/n) Σ_r [ recon_r + β kl_r ],
 *   recon_r = ½ Σ_j ((x_rj − m_rj)²/σ_j² + log σ_j² + log 2π)      (−log N(x; m, diag σ²)),
 *   kl_r    = ½ Σ_l (μ_rl² + e^{v_rl} − 1 − v_rl)                   (KL(N(μ, e^v) ‖ N(0, I))),
 * with the encoder's output enc_r = (μ_r, v_r = log σ²_q), z_r = μ_r + e^{v_r/2} ⊙ ε_r and the
 * decoder's mean m_r = dec(z_r); σ² = e^{max(s, floor)} from the decoder's log-variance s, either
 * one per coordinate (s_j, shared by all points) or one per point and coordinate (s_rj, a second
 * output of the decoder: Kingma & Welling's Gaussian MLP decoder, appendix C.2).
 * Kingma & Welling 2013, eq. 10 (the SGVB estimator with the KL in closed form).
 */
export interface ElboShape {
  n: number;
  dim: number;
  latent: number;
  beta: number;
  /** Floor of the decoder's log-variance. */
  minLogVar: number;
  /** The decoder's log-variance is given per point ([n × dim]) rather than per coordinate ([dim]). */
  perPoint: boolean;
}

export interface ElboTerms {
  /** Means over the rows. */
  loss: number;
  recon: number;
  kl: number;
  /** ∂loss/∂m [n × dim]. */
  dMean: Float32Array;
  /** ∂loss/∂s, laid out as s ([dim] or [n × dim]); 0 where s is at its floor. */
  dLogVar: Float32Array;
}

/** z = μ + e^{v/2} ⊙ ε per row (the reparameterisation trick). */
export function reparameterise(enc: Float32Array, eps: Float32Array, n: number, L: number): Float32Array {
  const z = new Float32Array(n * L);
  for (let r = 0; r < n; r++) {
    for (let l = 0; l < L; l++) z[r * L + l] = enc[r * 2 * L + l] + Math.exp(0.5 * enc[r * 2 * L + L + l]) * eps[r * L + l];
  }
  return z;
}

/** Per-row pieces of the bound: −log p(x | z), KL(q ‖ p), and log q(z | x), log p(z) (for IWAE). */
export interface ElboRows {
  recon: Float64Array;
  kl: Float64Array;
  logQ: Float64Array;
  logPrior: Float64Array;
}

const LOG_2PI = Math.log(2 * Math.PI);

/** Index of s for row r, coordinate j. */
function at(s: ElboShape, r: number, j: number): number {
  return s.perPoint ? r * s.dim + j : j;
}

/** The bound's pieces for each row, given ε (so z is known) and the decoder's mean at z. */
export function elboRows(x: Float32Array, enc: Float32Array, eps: Float32Array, mean: Float32Array, logVar: Float32Array, s: ElboShape): ElboRows {
  const { n, dim, latent: L } = s;
  const out: ElboRows = { recon: new Float64Array(n), kl: new Float64Array(n), logQ: new Float64Array(n), logPrior: new Float64Array(n) };
  for (let r = 0; r < n; r++) {
    let recon = 0;
    for (let j = 0; j < dim; j++) {
      const lv = Math.max(logVar[at(s, r, j)], s.minLogVar);
      const e = x[r * dim + j] - mean[r * dim + j];
      recon += 0.5 * (e * e * Math.exp(-lv) + lv + LOG_2PI);
    }
    let kl = 0;
    let logQ = 0;
    let logPrior = 0;
    for (let l = 0; l < L; l++) {
      const mu = enc[r * 2 * L + l];
      const v = enc[r * 2 * L + L + l];
      const e = eps[r * L + l];
      const z = mu + Math.exp(0.5 * v) * e;
      kl += 0.5 * (mu * mu + Math.exp(v) - 1 - v);
      logQ -= 0.5 * (e * e + v + LOG_2PI);
      logPrior -= 0.5 * (z * z + LOG_2PI);
    }
    out.recon[r] = recon;
    out.kl[r] = kl;
    out.logQ[r] = logQ;
    out.logPrior[r] = logPrior;
  }
  return out;
}

/** The loss, its terms and its gradients with respect to the decoder's mean and log-variance. */
export function elboTerms(x: Float32Array, enc: Float32Array, eps: Float32Array, mean: Float32Array, logVar: Float32Array, s: ElboShape): ElboTerms {
  const { n, dim } = s;
  const rows = elboRows(x, enc, eps, mean, logVar, s);
  let recon = 0;
  let kl = 0;
  for (let r = 0; r < n; r++) {
    recon += rows.recon[r] / n;
    kl += rows.kl[r] / n;
  }
  const dMean = new Float32Array(n * dim);
  const dLogVar = new Float32Array(logVar.length);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < dim; j++) {
      const k = at(s, r, j);
      const inv = Math.exp(-Math.max(logVar[k], s.minLogVar));
      const e = x[r * dim + j] - mean[r * dim + j];
      dMean[r * dim + j] = (-e * inv) / n;
      // ∂/∂s of ½((x − m)² e^{−s} + s) = ½(1 − (x − m)² e^{−s}); nothing flows below the floor.
      if (logVar[k] > s.minLogVar) dLogVar[k] += (0.5 * (1 - e * e * inv)) / n;
    }
  }
  return { loss: recon + s.beta * kl, recon, kl, dMean, dLogVar };
}

/**
 * ∂loss/∂enc given ∂loss/∂z from the decoder's backward pass: through z = μ + e^{v/2} ε, plus β ∂KL,
 * with ∂kl/∂μ = μ and ∂kl/∂v = ½(e^v − 1) per row (divided by n: the loss is a mean).
 */
export function encoderGradient(enc: Float32Array, eps: Float32Array, dz: Float32Array, s: ElboShape): Float32Array {
  const { n, latent: L, beta } = s;
  const dEnc = new Float32Array(n * 2 * L);
  for (let r = 0; r < n; r++) {
    for (let l = 0; l < L; l++) {
      const mu = enc[r * 2 * L + l];
      const v = enc[r * 2 * L + L + l];
      const g = dz[r * L + l];
      dEnc[r * 2 * L + l] = g + (beta * mu) / n;
      dEnc[r * 2 * L + L + l] = g * eps[r * L + l] * 0.5 * Math.exp(0.5 * v) + (beta * 0.5 * (Math.exp(v) - 1)) / n;
    }
  }
  return dEnc;
}
