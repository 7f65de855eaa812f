import type { Family } from '../../../models/types';
import type { ArenaCheckpoint } from '../../worker/arena-run';

/**
 * The arena's chart: energy distance against training seconds on a log scale, one line per family,
 * the noise floor dashed. Drawn on one canvas (axes, labels and legend included), so the PNG export
 * is the canvas itself, as the reader sees it.
 */
export const FAMILY_COLOURS: Record<Family, string> = {
  autoregressive: '#d2551c',
  vae: '#1c5bb8',
  flow: '#1f7a45',
  ebm: '#8a3ab9',
  gan: '#9a5b00',
  diffusion: '#2a8c8c',
  'flow-matching': '#c2185b',
};

export interface ChartLabels {
  x: string;
  y: string;
  floor: string;
  names: Record<Family, string>;
}

export function drawArenaChart(
  canvas: HTMLCanvasElement,
  lines: ReadonlyMap<Family, readonly ArenaCheckpoint[]>,
  floor: number | null,
  budgetSeconds: number,
  labels: ChartLabels,
  colours: { background: string; foreground: string; grid: string },
): void {
  const ratio = Math.min(window.devicePixelRatio || 1, 3);
  const w = Math.max(320, Math.round(canvas.getBoundingClientRect().width));
  const h = 300;
  canvas.width = w * ratio;
  canvas.height = h * ratio;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.fillStyle = colours.background;
  ctx.fillRect(0, 0, w, h);
  const left = 58, right = w - 150, top = 12, bottom = h - 40;
  const values: number[] = [];
  for (const pts of lines.values()) for (const p of pts) if (p.energyDistance > 0 && Number.isFinite(p.energyDistance)) values.push(p.energyDistance);
  if (floor && floor > 0) values.push(floor);
  const lo = values.length ? Math.log10(Math.min(...values)) : -3;
  const hi = values.length ? Math.log10(Math.max(...values)) : 0;
  const yMin = Math.floor(lo), yMax = Math.max(Math.ceil(hi), yMin + 1);
  const toX = (s: number): number => left + (s / Math.max(budgetSeconds, 1e-3)) * (right - left);
  const toY = (v: number): number => bottom - ((Math.log10(v) - yMin) / (yMax - yMin)) * (bottom - top);
  ctx.strokeStyle = colours.grid;
  ctx.fillStyle = colours.foreground;
  ctx.font = '12px system-ui, sans-serif';
  ctx.lineWidth = 1;
  for (let e = yMin; e <= yMax; e++) {
    const y = toY(10 ** e);
    ctx.beginPath();
    ctx.moveTo(left, y);
    ctx.lineTo(right, y);
    ctx.stroke();
    ctx.textAlign = 'right';
    ctx.fillText(`1e${e}`, left - 6, y + 4);
  }
  for (let k = 0; k <= 4; k++) {
    const s = (budgetSeconds * k) / 4;
    ctx.textAlign = 'center';
    ctx.fillText(s.toFixed(s < 10 ? 1 : 0), toX(s), bottom + 16);
  }
  ctx.fillText(labels.x, (left + right) / 2, h - 6);
  ctx.save();
  ctx.translate(14, (top + bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText(labels.y, 0, 0);
  ctx.restore();
  let legendY = top + 10;
  ctx.textAlign = 'left';
  if (floor && floor > 0) {
    ctx.setLineDash([5, 4]);
    ctx.strokeStyle = colours.foreground;
    ctx.beginPath();
    ctx.moveTo(left, toY(floor));
    ctx.lineTo(right, toY(floor));
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillText(`- - ${labels.floor}`, right + 10, legendY);
    legendY += 18;
  }
  ctx.lineWidth = 2;
  for (const [family, pts] of lines) {
    ctx.strokeStyle = FAMILY_COLOURS[family];
    ctx.beginPath();
    let started = false;
    for (const p of pts) {
      if (!(p.energyDistance > 0) || !Number.isFinite(p.energyDistance)) continue;
      const x = toX(p.seconds), y = toY(p.energyDistance);
      if (started) ctx.lineTo(x, y);
      else ctx.moveTo(x, y);
      started = true;
    }
    ctx.stroke();
    ctx.fillStyle = FAMILY_COLOURS[family];
    ctx.fillRect(right + 10, legendY - 8, 12, 4);
    ctx.fillStyle = colours.foreground;
    ctx.fillText(labels.names[family], right + 28, legendY - 2);
    legendY += 18;
  }
}
