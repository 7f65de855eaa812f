import type { GridField } from '../../shared/protocol';
import type { Plot } from './plot';

/**
 * Drawing primitives for the lab's canvases, all in data coordinates through a Plot. Each call
 * touches at most a few thousand points, a few milliseconds at worst, so a frame stays far under
 * the 16 ms budget.
 */

/** Points as small squares (much cheaper than arcs, indistinguishable at 2–3 px). */
export function drawPoints(plot: Plot, pts: Float32Array, color: string, size = 2.5, alpha = 1): void {
  const { ctx } = plot;
  ctx.globalAlpha = alpha;
  ctx.fillStyle = color;
  const h = size / 2;
  for (let i = 0; i + 1 < pts.length; i += 2) {
    const x = pts[i];
    const y = pts[i + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    ctx.fillRect(plot.toX(x) - h, plot.toY(y) - h, size, size);
  }
  ctx.globalAlpha = 1;
}

const heatCanvases = new WeakMap<Plot, { canvas: HTMLCanvasElement; image: ImageData }>();

/**
 * A grid field as a smooth heat map: values → [0, 1] by `normalise`, through a 256-colour lookup
 * table, into a size × size image that the browser scales up with smoothing.
 */
export function drawHeatmap(
  plot: Plot,
  field: GridField,
  lut: Uint8ClampedArray,
  normalise: (values: Float32Array) => Float32Array,
  alpha = 1,
): void {
  const { size } = field;
  let cache = heatCanvases.get(plot);
  if (!cache || cache.image.width !== size) {
    const canvas = document.createElement('canvas');
    canvas.width = size;
    canvas.height = size;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    cache = { canvas, image: ctx.createImageData(size, size) };
    heatCanvases.set(plot, cache);
  }
  const u = normalise(field.values);
  const data = cache.image.data;
  for (let j = 0; j < size; j++) {
    // Grid row j is y ascending; image row 0 is the top, so flip.
    const row = (size - 1 - j) * size;
    for (let i = 0; i < size; i++) {
      const v = u[j * size + i];
      const k = 3 * Math.max(0, Math.min(255, Math.round((Number.isFinite(v) ? v : 0) * 255)));
      const o = 4 * (row + i);
      data[o] = lut[k];
      data[o + 1] = lut[k + 1];
      data[o + 2] = lut[k + 2];
      data[o + 3] = 255;
    }
  }
  cache.canvas.getContext('2d')?.putImageData(cache.image, 0, 0);
  const { ctx } = plot;
  ctx.globalAlpha = alpha;
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(cache.canvas, 0, 0, plot.width, plot.height);
  ctx.globalAlpha = 1;
}

/** Densities from log-densities, scaled so the highest cell is 1 (a gamma of 0.6 lifts the tails). */
export function densityScale(logValues: Float32Array): Float32Array {
  let max = -Infinity;
  for (const v of logValues) if (Number.isFinite(v) && v > max) max = v;
  const out = new Float32Array(logValues.length);
  if (!Number.isFinite(max)) return out;
  for (let i = 0; i < out.length; i++) {
    const v = logValues[i];
    out[i] = Number.isFinite(v) ? Math.pow(Math.exp(v - max), 0.6) : 0;
  }
  return out;
}

/** Min–max scaling (e.g. energies: low energy → 0). */
export function linearScale(values: Float32Array): Float32Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const out = new Float32Array(values.length);
  const span = hi - lo || 1;
  for (let i = 0; i < out.length; i++) out[i] = Number.isFinite(values[i]) ? (values[i] - lo) / span : 0;
  return out;
}

/** Values already in [0, 1] (the discriminator's probability). */
export function identityScale(values: Float32Array): Float32Array {
  return values;
}

/**
 * Arrows from `origins` along `vectors` (both interleaved). The longest arrow is drawn `maxLength`
 * CSS pixels long, and all others in proportion, so the field's shape reads at any magnitude.
 */
export function drawArrows(plot: Plot, origins: Float32Array, vectors: Float32Array, color: string, maxLength = 18, alpha = 0.85): void {
  const { ctx } = plot;
  let longest = 0;
  for (let i = 0; i + 1 < vectors.length; i += 2) {
    const l = Math.hypot(vectors[i], vectors[i + 1]);
    if (Number.isFinite(l) && l > longest) longest = l;
  }
  if (longest === 0) return;
  const k = maxLength / longest;
  ctx.globalAlpha = alpha;
  ctx.strokeStyle = color;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let i = 0; i + 1 < origins.length; i += 2) {
    const x0 = plot.toX(origins[i]);
    const y0 = plot.toY(origins[i + 1]);
    const dx = vectors[i] * k;
    const dy = -vectors[i + 1] * k;
    if (!Number.isFinite(dx) || !Number.isFinite(dy)) continue;
    const len = Math.hypot(dx, dy);
    if (len < 0.5) continue;
    const x1 = x0 + dx;
    const y1 = y0 + dy;
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
    // A small head: two strokes at ±25° back from the tip.
    const head = Math.min(5, len * 0.4);
    const ux = dx / len;
    const uy = dy / len;
    const c = Math.cos(0.44);
    const s = Math.sin(0.44);
    ctx.moveTo(x1, y1);
    ctx.lineTo(x1 - head * (ux * c - uy * s), y1 - head * (uy * c + ux * s));
    ctx.moveTo(x1, y1);
    ctx.lineTo(x1 - head * (ux * c + uy * s), y1 - head * (uy * c - ux * s));
  }
  ctx.stroke();
  ctx.globalAlpha = 1;
}

/**
 * A warped grid: `lines` horizontal lines of `perLine` points, then `lines` vertical lines, all
 * interleaved in one array (the layout src/lab/shared/grid.ts builds).
 */
export function drawGridLines(plot: Plot, pts: Float32Array, lines: number, perLine: number, color: string, alpha = 0.7): void {
  const { ctx } = plot;
  ctx.globalAlpha = alpha;
  ctx.strokeStyle = color;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let l = 0; l < 2 * lines; l++) {
    let pen = false;
    for (let p = 0; p < perLine; p++) {
      const o = 2 * (l * perLine + p);
      const x = pts[o];
      const y = pts[o + 1];
      if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > 50 || Math.abs(y) > 50) {
        pen = false;
        continue;
      }
      if (pen) ctx.lineTo(plot.toX(x), plot.toY(y));
      else ctx.moveTo(plot.toX(x), plot.toY(y));
      pen = true;
    }
  }
  ctx.stroke();
  ctx.globalAlpha = 1;
}

/**
 * Trajectories stored frame-major: frame f holds `count` points. Draws each path up to `upTo`
 * frames (fractional: the last segment is interpolated), and a dot at its head.
 */
export function drawTrajectories(
  plot: Plot,
  frames: Float32Array,
  count: number,
  frameCount: number,
  upTo: number,
  line: string,
  head: string,
): void {
  const { ctx } = plot;
  const last = Math.max(0, Math.min(frameCount - 1, upTo));
  const whole = Math.floor(last);
  const frac = last - whole;
  ctx.strokeStyle = line;
  ctx.globalAlpha = 0.25;
  ctx.lineWidth = 0.75;
  ctx.beginPath();
  const heads = new Float32Array(2 * count);
  for (let c = 0; c < count; c++) {
    let x = frames[2 * c];
    let y = frames[2 * c + 1];
    ctx.moveTo(plot.toX(x), plot.toY(y));
    for (let f = 1; f <= whole; f++) {
      x = frames[2 * (f * count + c)];
      y = frames[2 * (f * count + c) + 1];
      ctx.lineTo(plot.toX(x), plot.toY(y));
    }
    if (frac > 0 && whole + 1 < frameCount) {
      const nx = frames[2 * ((whole + 1) * count + c)];
      const ny = frames[2 * ((whole + 1) * count + c) + 1];
      x += frac * (nx - x);
      y += frac * (ny - y);
      ctx.lineTo(plot.toX(x), plot.toY(y));
    }
    heads[2 * c] = x;
    heads[2 * c + 1] = y;
  }
  ctx.stroke();
  ctx.globalAlpha = 1;
  drawPoints(plot, heads, head, 3);
}

/** Faint axes through the origin and a frame, for orientation. */
export function drawAxes(plot: Plot, color: string): void {
  const { ctx } = plot;
  ctx.globalAlpha = 0.5;
  ctx.strokeStyle = color;
  ctx.lineWidth = 1;
  ctx.beginPath();
  const x0 = Math.round(plot.toX(0)) + 0.5;
  const y0 = Math.round(plot.toY(0)) + 0.5;
  ctx.moveTo(x0, 0);
  ctx.lineTo(x0, plot.height);
  ctx.moveTo(0, y0);
  ctx.lineTo(plot.width, y0);
  ctx.stroke();
  ctx.globalAlpha = 1;
}

/** Circles of radius 1, 2, 3 around the origin: the standard Gaussian's contours (latent/base space). */
export function drawGaussianRings(plot: Plot, color: string): void {
  const { ctx } = plot;
  ctx.strokeStyle = color;
  ctx.lineWidth = 1;
  ctx.setLineDash([3, 4]);
  for (const r of [1, 2, 3]) {
    ctx.globalAlpha = 0.7 / r;
    ctx.beginPath();
    ctx.arc(plot.toX(0), plot.toY(0), r / plot.scale, 0, 2 * Math.PI);
    ctx.stroke();
  }
  ctx.setLineDash([]);
  ctx.globalAlpha = 1;
}

/** A small text label in the top-left corner. */
export function drawCaption(plot: Plot, text: string, color: string): void {
  const { ctx } = plot;
  ctx.fillStyle = color;
  ctx.font = '12px system-ui, sans-serif';
  ctx.textBaseline = 'top';
  ctx.fillText(text, 6, 6);
}

/**
 * A 1-D density curve in a rectangle of the canvas (CSS pixels): `xs` over FRAME on the horizontal
 * axis, `ys` scaled so that `yMax` reaches the top. Filled beneath, with a label.
 */
export function drawCurve(
  plot: Plot,
  rect: { x: number; y: number; w: number; h: number },
  xs: Float32Array,
  ys: Float32Array,
  yMax: number,
  color: string,
  axis: string,
  label: string,
  marker?: number,
): void {
  const { ctx } = plot;
  const { min, max } = plot.range;
  const px = (x: number): number => rect.x + ((x - min) / (max - min)) * rect.w;
  const py = (y: number): number => rect.y + rect.h - (Math.max(0, y) / (yMax || 1)) * (rect.h - 16);
  ctx.strokeStyle = axis;
  ctx.globalAlpha = 0.6;
  ctx.beginPath();
  ctx.moveTo(rect.x, rect.y + rect.h + 0.5);
  ctx.lineTo(rect.x + rect.w, rect.y + rect.h + 0.5);
  ctx.stroke();
  ctx.globalAlpha = 1;
  if (xs.length > 1) {
    ctx.beginPath();
    ctx.moveTo(px(xs[0]), rect.y + rect.h);
    for (let i = 0; i < xs.length; i++) ctx.lineTo(px(xs[i]), py(Number.isFinite(ys[i]) ? ys[i] : 0));
    ctx.lineTo(px(xs[xs.length - 1]), rect.y + rect.h);
    ctx.closePath();
    ctx.fillStyle = color;
    ctx.globalAlpha = 0.25;
    ctx.fill();
    ctx.globalAlpha = 1;
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    for (let i = 0; i < xs.length; i++) {
      const X = px(xs[i]);
      const Y = py(Number.isFinite(ys[i]) ? ys[i] : 0);
      if (i === 0) ctx.moveTo(X, Y);
      else ctx.lineTo(X, Y);
    }
    ctx.stroke();
  }
  if (marker !== undefined) {
    ctx.strokeStyle = axis;
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(px(marker), rect.y);
    ctx.lineTo(px(marker), rect.y + rect.h);
    ctx.stroke();
    ctx.setLineDash([]);
  }
  ctx.fillStyle = axis;
  ctx.font = '12px system-ui, sans-serif';
  ctx.textBaseline = 'top';
  ctx.fillText(label, rect.x + 4, rect.y + 2);
}
