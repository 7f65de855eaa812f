/**
 * Pure geometry for the widget's SVG (no DOM): maps data coordinates to the plot box and turns
 * curves into path strings, so the build-time fallback and the live widget draw alike.
 */
export interface PlotBox {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
  xMin: number;
  xMax: number;
  yMax: number;
}

export function xToPx(box: PlotBox, x: number): number {
  return box.left + ((x - box.xMin) / (box.xMax - box.xMin)) * (box.width - box.left - box.right);
}

export function yToPx(box: PlotBox, y: number): number {
  const inner = box.height - box.top - box.bottom;
  return box.height - box.bottom - Math.min(1, y / box.yMax) * inner;
}

/** An SVG path through (xs[i], ys[i]). */
export function curvePath(box: PlotBox, xs: ArrayLike<number>, ys: ArrayLike<number>): string {
  let d = '';
  for (let i = 0; i < xs.length; i++) {
    d += `${i === 0 ? 'M' : 'L'}${xToPx(box, xs[i]).toFixed(1)},${yToPx(box, ys[i]).toFixed(1)}`;
  }
  return d;
}

/** One rectangle per histogram bin, as {x, y, w, h} in pixels (empty bins are skipped). */
export function barRects(
  box: PlotBox,
  min: number,
  binWidth: number,
  heights: ArrayLike<number>,
): { x: number; y: number; w: number; h: number }[] {
  const rects = [];
  for (let b = 0; b < heights.length; b++) {
    if (heights[b] <= 0) continue;
    const x0 = xToPx(box, min + b * binWidth);
    const x1 = xToPx(box, min + (b + 1) * binWidth);
    const y = yToPx(box, heights[b]);
    rects.push({ x: x0, y, w: Math.max(0, x1 - x0 - 1), h: box.height - box.bottom - y });
  }
  return rects;
}
