import { DIGIT_PIXELS, DIGIT_SIDE } from '../../../data/digits';
import { parseRgb, type Palette } from '../render/palette';

/** Device pixels of one digit's pixel, and the gap between digits. */
const SCALE = 3;
const GAP = 2;
export const DIGIT_CELL = DIGIT_SIDE * SCALE + GAP;

/**
 * Draws digits (grey bytes, 196 per digit, 0 paper … 255 ink) as a `columns`-wide grid, each pixel
 * a square (no smoothing: the reader sees the 14 × 14 the model draws), in the theme's ink and paper.
 */
export function drawDigits(canvas: HTMLCanvasElement, grey: Uint8Array, columns: number, palette: Palette, marked: readonly number[] = []): void {
  const count = Math.floor(grey.length / DIGIT_PIXELS);
  const rows = Math.max(1, Math.ceil(count / columns));
  const width = columns * DIGIT_CELL + GAP;
  const height = rows * DIGIT_CELL + GAP;
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  // Black when a colour cannot be read (readPalette always gives hex).
  const ink = parseRgb(palette.foreground) ?? [0, 0, 0];
  const paper = parseRgb(palette.background) ?? [0, 0, 0];
  const image = ctx.createImageData(width, height);
  const px = image.data;
  for (let i = 0; i < px.length; i += 4) {
    px[i] = paper[0];
    px[i + 1] = paper[1];
    px[i + 2] = paper[2];
    px[i + 3] = 255;
  }
  for (let k = 0; k < count; k++) {
    const x0 = GAP + (k % columns) * DIGIT_CELL;
    const y0 = GAP + Math.floor(k / columns) * DIGIT_CELL;
    for (let p = 0; p < DIGIT_PIXELS; p++) {
      const a = grey[k * DIGIT_PIXELS + p] / 255;
      const r = paper[0] + (ink[0] - paper[0]) * a;
      const g = paper[1] + (ink[1] - paper[1]) * a;
      const b = paper[2] + (ink[2] - paper[2]) * a;
      const px0 = x0 + (p % DIGIT_SIDE) * SCALE;
      const py0 = y0 + Math.floor(p / DIGIT_SIDE) * SCALE;
      for (let dy = 0; dy < SCALE; dy++) {
        for (let dx = 0; dx < SCALE; dx++) {
          const o = ((py0 + dy) * width + px0 + dx) * 4;
          px[o] = r;
          px[o + 1] = g;
          px[o + 2] = b;
        }
      }
    }
  }
  ctx.putImageData(image, 0, 0);
  ctx.strokeStyle = palette.accent;
  ctx.lineWidth = 2;
  for (const k of marked) {
    if (k < 0 || k >= count) continue;
    ctx.strokeRect(1 + (k % columns) * DIGIT_CELL, 1 + Math.floor(k / columns) * DIGIT_CELL, DIGIT_CELL, DIGIT_CELL);
  }
}

/** The digit under a pointer event on a grid drawn by drawDigits, or null between digits. */
export function digitAt(canvas: HTMLCanvasElement, e: MouseEvent, columns: number, count: number): number | null {
  const box = canvas.getBoundingClientRect();
  const x = ((e.clientX - box.left) / box.width) * canvas.width - GAP;
  const y = ((e.clientY - box.top) / box.height) * canvas.height - GAP;
  if (x < 0 || y < 0) return null;
  const k = Math.floor(y / DIGIT_CELL) * columns + Math.floor(x / DIGIT_CELL);
  return Math.floor(x / DIGIT_CELL) < columns && k < count ? k : null;
}
