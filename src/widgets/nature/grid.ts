/** An evenly spaced grid on [min, max] where densities are evaluated and compared. */
export interface Grid {
  min: number;
  max: number;
  /** Number of points, including both ends. */
  size: number;
}

/** Heights from 130 cm to 210 cm every half centimetre. */
export const HEIGHT_GRID: Grid = { min: 130, max: 210, size: 161 };

export function gridStep(g: Grid): number {
  return (g.max - g.min) / (g.size - 1);
}

export function gridPoints(g: Grid): Float64Array {
  const h = gridStep(g);
  return Float64Array.from({ length: g.size }, (_, i) => g.min + i * h);
}

/** Evaluates f at every grid point. */
export function evaluateOnGrid(g: Grid, f: (x: number) => number): Float64Array {
  return gridPoints(g).map(f);
}

/** ∫ f dx over the grid by the trapezoidal rule. */
export function integrate(g: Grid, values: ArrayLike<number>): number {
  const h = gridStep(g);
  let s = 0;
  for (let i = 0; i < values.length; i++) {
    const w = i === 0 || i === values.length - 1 ? 0.5 : 1;
    s += w * values[i];
  }
  return s * h;
}
