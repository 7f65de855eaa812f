/** A histogram scaled as a density: bar heights integrate to the fraction of samples inside. */
export interface Histogram {
  min: number;
  binWidth: number;
  /** Density height of each bin: count / (n · binWidth). */
  heights: Float64Array;
  counts: Uint32Array;
}

export function densityHistogram(xs: ArrayLike<number>, min: number, max: number, bins: number): Histogram {
  const binWidth = (max - min) / bins;
  const counts = new Uint32Array(bins);
  for (let i = 0; i < xs.length; i++) {
    const b = Math.floor((xs[i] - min) / binWidth);
    if (b >= 0 && b < bins) counts[b]++;
  }
  const n = Math.max(1, xs.length);
  const heights = Float64Array.from(counts, (c) => c / (n * binWidth));
  return { min, binWidth, heights, counts };
}
