import { FRAME } from '../shared/protocol';
import type { Plot } from './render/plot';
import { pointsOf, type Values } from '../shared/settings';
import type { FamilyView, ViewModel } from './views/types';

/** Points placed by one drag in "draw your own" are at least this far apart (data units). */
const DRAW_SPACING = 0.12;
/** The most points a reader may draw (they travel in the URL: 4 characters each). */
export const MAX_DRAWN = 300;

/** What the canvas input needs from its widget. */
export interface CanvasInputHost {
  values(): Values;
  apply(changes: Values): void;
  /** Every run's view model (the keyboard cross-hair is shown in all of them). */
  viewModels(): ViewModel[];
  invalidate(): void;
}

export interface CanvasTarget {
  plot: Plot;
  which: 'main' | 'aux';
  /** The reader draws data on this canvas when the dataset is "draw your own". */
  draws: boolean;
}

const clampFrame = (v: number): number => Math.max(FRAME.min + 0.05, Math.min(FRAME.max - 0.05, v));

/**
 * Pointer and keyboard input on the widget's canvases: drawing data points (click or drag; or
 * arrows to move a cross-hair and Space/Enter to place a point), and the family view's drags
 * (the autoregressive slice, the VAE's latent point), which become setting changes.
 */
export function wireCanvasInput(host: CanvasInputHost, targets: CanvasTarget[], drag?: FamilyView['drag']): void {
  let lastPoint: [number, number] | null = null;
  const drawing = (): boolean => host.values().dataset === 'drawn';

  const addPoint = (x: number, y: number): void => {
    const pts = pointsOf(host.values());
    if (pts.length / 2 >= MAX_DRAWN) return;
    const next = new Float32Array(pts.length + 2);
    next.set(pts);
    next[pts.length] = clampFrame(x);
    next[pts.length + 1] = clampFrame(y);
    host.apply({ points: next });
  };

  for (const { plot, which, draws } of targets) {
    let down = false;
    const handle = (e: PointerEvent): void => {
      const [x, y] = plot.fromEvent(e);
      if (draws && drawing()) {
        if (!lastPoint || Math.hypot(x - lastPoint[0], y - lastPoint[1]) >= DRAW_SPACING) {
          lastPoint = [x, y];
          addPoint(x, y);
        }
        return;
      }
      const vm = host.viewModels()[0];
      const changes = vm ? drag?.(which, x, y, vm) : null;
      if (changes) host.apply(changes);
    };
    plot.canvas.addEventListener('pointerdown', (e) => {
      down = true;
      lastPoint = null;
      plot.canvas.setPointerCapture(e.pointerId);
      handle(e);
    });
    plot.canvas.addEventListener('pointermove', (e) => {
      if (down) handle(e);
    });
    const up = (): void => {
      down = false;
    };
    plot.canvas.addEventListener('pointerup', up);
    plot.canvas.addEventListener('pointercancel', up);

    if (!draws) continue;
    plot.canvas.addEventListener('keydown', (e) => {
      if (!drawing()) return;
      const c = host.viewModels()[0]?.cursor ?? [0, 0];
      const d = e.shiftKey ? 0.5 : 0.1;
      const moves: Record<string, [number, number]> = { ArrowLeft: [-d, 0], ArrowRight: [d, 0], ArrowUp: [0, d], ArrowDown: [0, -d] };
      if (e.key in moves) {
        e.preventDefault();
        const [dx, dy] = moves[e.key];
        const next: [number, number] = [clampFrame(c[0] + dx), clampFrame(c[1] + dy)];
        for (const vm of host.viewModels()) vm.cursor = next;
        host.invalidate();
      } else if (e.key === ' ' || e.key === 'Enter') {
        e.preventDefault();
        addPoint(c[0], c[1]);
      }
    });
    plot.canvas.addEventListener('focus', () => {
      for (const vm of host.viewModels()) vm.cursor ??= [0, 0];
      host.invalidate();
    });
    plot.canvas.addEventListener('blur', () => {
      for (const vm of host.viewModels()) vm.cursor = null;
      host.invalidate();
    });
  }
}
