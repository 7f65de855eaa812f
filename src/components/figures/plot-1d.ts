/**
 * Small helpers for the articles' 1-D figures: an SVG path of y = f(x) on a plot box, computed
 * at build time (no client script). Shared by the figures that draw curves over one axis.
 */
export interface PlotBox {
  left: number;
  top: number;
  width: number;
  height: number;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** Screen coordinates of the data point (x, y) in the box. */
export function toScreen(box: PlotBox, x: number, y: number): [number, number] {
  const sx = box.left + ((x - box.xMin) / (box.xMax - box.xMin)) * box.width;
  const sy = box.top + box.height - ((y - box.yMin) / (box.yMax - box.yMin)) * box.height;
  return [sx, sy];
}

/** The polyline "M x,y L x,y …" of f sampled at n + 1 points over the box's x range. */
export function curvePath(box: PlotBox, f: (x: number) => number, n = 240): string {
  const parts: string[] = [];
  for (let i = 0; i <= n; i++) {
    const x = box.xMin + ((box.xMax - box.xMin) * i) / n;
    const [sx, sy] = toScreen(box, x, f(x));
    parts.push(`${i === 0 ? 'M' : 'L'}${sx.toFixed(1)},${sy.toFixed(1)}`);
  }
  return parts.join(' ');
}

/** The standard normal density N(x; μ, σ²). */
export const gaussian = (x: number, mu: number, sigma: number): number => Math.exp(-((x - mu) ** 2) / (2 * sigma * sigma)) / (sigma * Math.sqrt(2 * Math.PI));
