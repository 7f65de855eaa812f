/**
 * Do the EBM's samples and its density agree? Langevin chains sample exp(−E)/Z only if they mix;
 * CD-trained energies can hold wells no chain visits (Nijkamp et al. 2019), and chains thrown out
 * of sharp wells pile up on the box's edge. Both show when the samples' mass per region is set
 * against the grid density's mass per region (the midpoint grid of log Z), and in the share of
 * samples clamped to the box.
 */
export interface MixingReport {
  /**
   * Total variation ½ Σ_r |q_r − p_r| between the fraction q_r of samples and the density's mass
   * p_r in each of regions × regions squares tiling the box: 0 when they agree, 1 when disjoint.
   */
  disagreement: number;
  /** What `disagreement` would be from the finite number of samples alone (its expectation if the samples were exact draws). */
  noiseLevel: number;
  /** Fraction of the samples on the box's edge (chains clamped there). */
  onEdge: number;
  /** false when the disagreement or the edge share is past its limit (MIXING_LIMITS). */
  agrees: boolean;
}

export const MIXING_LIMITS = {
  /** Disagreement above max(this, 3 × noiseLevel) means the sampler and the density disagree. */
  disagreement: 0.25,
  /** More than this share of samples on the box's edge means chains are thrown out. */
  onEdge: 0.03,
  /** Regions per axis. */
  regions: 8,
} as const;

/**
 * `samples`: interleaved 2-D points; `energies`/`logZ`: E at the midpoints of a resolution² grid
 * on [−box, box]² (gridPoints order) and the log-partition from the same grid.
 */
export function mixingReport(samples: Float32Array, energies: Float32Array, logZ: number, resolution: number, box: number, regions: number = MIXING_LIMITS.regions): MixingReport {
  const n = samples.length >> 1;
  const density = new Float64Array(regions * regions);
  const cell = ((2 * box) / resolution) ** 2;
  const regionOf = (v: number): number => Math.min(regions - 1, Math.max(0, Math.floor(((v + box) / (2 * box)) * regions)));
  for (let j = 0; j < resolution; j++) {
    const ry = regionOf(-box + ((j + 0.5) * 2 * box) / resolution);
    for (let i = 0; i < resolution; i++) {
      const rx = regionOf(-box + ((i + 0.5) * 2 * box) / resolution);
      density[ry * regions + rx] += Math.exp(-energies[j * resolution + i] - logZ) * cell;
    }
  }
  const counts = new Float64Array(regions * regions);
  let edge = 0;
  const rim = box * (1 - 1e-4);
  for (let p = 0; p < 2 * n; p += 2) {
    const [x, y] = [samples[p], samples[p + 1]];
    if (Math.abs(x) >= rim || Math.abs(y) >= rim) edge += 1;
    counts[regionOf(y) * regions + regionOf(x)] += 1;
  }
  let disagreement = 0;
  let noiseLevel = 0;
  for (let r = 0; r < density.length; r++) {
    const p = density[r];
    disagreement += 0.5 * Math.abs(counts[r] / Math.max(1, n) - p);
    noiseLevel += 0.5 * Math.sqrt((2 * p * (1 - p)) / (Math.PI * Math.max(1, n)));
  }
  const onEdge = n > 0 ? edge / n : 0;
  const agrees = Number.isFinite(disagreement) && disagreement <= Math.max(MIXING_LIMITS.disagreement, 3 * noiseLevel) && onEdge <= MIXING_LIMITS.onEdge;
  return { disagreement, noiseLevel, onEdge, agrees };
}
