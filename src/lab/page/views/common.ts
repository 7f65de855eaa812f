import type { GridField } from '../../shared/protocol';
import { densityScale, drawAxes, drawHeatmap, drawPoints } from '../render/draw';
import { sequentialDark, sequentialLight, type Palette } from '../render/palette';
import type { Plot } from '../render/plot';
import type { ViewModel } from './types';

export function begin(plot: Plot, palette: Palette): void {
  plot.begin(palette.background);
}

export function densityMap(plot: Plot, field: GridField | undefined, palette: Palette): void {
  if (field) drawHeatmap(plot, field, palette.dark ? sequentialDark : sequentialLight, densityScale);
  drawAxes(plot, palette.grid);
}

export function dataPoints(plot: Plot, vm: ViewModel): void {
  drawPoints(plot, vm.data, vm.palette.data, vm.drawing ? 4 : 2.5);
}

export function samplePoints(plot: Plot, vm: ViewModel): void {
  if (vm.samples) drawPoints(plot, vm.samples, vm.palette.samples, 3);
}

/** The keyboard cross-hair while the reader draws with the keyboard. */
export function cursor(plot: Plot, vm: ViewModel): void {
  if (!vm.drawing || !vm.cursor) return;
  const { ctx } = plot;
  const x = plot.toX(vm.cursor[0]);
  const y = plot.toY(vm.cursor[1]);
  ctx.strokeStyle = vm.palette.accent;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.moveTo(x - 8, y);
  ctx.lineTo(x + 8, y);
  ctx.moveTo(x, y - 8);
  ctx.lineTo(x, y + 8);
  ctx.stroke();
}

/** A diamond marker (the VAE's latent point and its decoding). */
export function diamond(plot: Plot, x: number, y: number, fill: string, stroke: string): void {
  const { ctx } = plot;
  const px = plot.toX(x);
  const py = plot.toY(y);
  ctx.beginPath();
  ctx.moveTo(px, py - 7);
  ctx.lineTo(px + 7, py);
  ctx.lineTo(px, py + 7);
  ctx.lineTo(px - 7, py);
  ctx.closePath();
  ctx.fillStyle = fill;
  ctx.fill();
  ctx.strokeStyle = stroke;
  ctx.lineWidth = 1.5;
  ctx.stroke();
}

/** Ease in-out for animations. */
export function ease(u: number): number {
  const v = Math.max(0, Math.min(1, u));
  return v * v * (3 - 2 * v);
}
