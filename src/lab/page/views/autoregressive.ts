import { FRAME } from '../../shared/protocol';
import { drawCurve, drawPoints } from '../render/draw';
import { begin, cursor, dataPoints, densityMap, ease, samplePoints } from './common';
import type { FamilyView } from './types';

const RISE_START = 700;
const RISE_END = 1700;

/**
 * Autoregressive: the exact density with a draggable slice at x₁ (main), and beside it the marginal
 * p(x₁) and the conditional p(x₂ | x₁) along the slice. Sampling is animated the way the model
 * samples: first every x₁ (ticks on the bottom edge), then each point rises to its x₂.
 */
export const autoregressiveView: FamilyView = {
  draw(main, aux, vm, now) {
    const slice = Number(vm.values.slice);
    const { palette } = vm;
    begin(main, palette);
    densityMap(main, vm.fields.density, palette);
    dataPoints(main, vm);
    let animating = false;
    const steps = vm.fields.coordinateSteps;
    if (vm.animation?.kind === 'coordinates' && steps && steps.length >= 2 && !vm.reducedMotion) {
      const age = now - vm.animation.start;
      const x1 = steps[0];
      const full = steps[steps.length - 1];
      const u = ease((age - RISE_START) / (RISE_END - RISE_START));
      const pts = new Float32Array(full.length);
      const floor = FRAME.min + 0.08;
      for (let i = 0; i < x1.length; i++) {
        pts[2 * i] = x1[i];
        pts[2 * i + 1] = floor + u * (full[2 * i + 1] - floor);
      }
      drawPoints(main, pts, palette.samples, 3, Math.min(1, age / 300));
      animating = age < RISE_END;
    } else {
      samplePoints(main, vm);
    }
    // The slice x₁ = const.
    const { ctx } = main;
    ctx.strokeStyle = palette.accent;
    ctx.lineWidth = 1.5;
    ctx.setLineDash([5, 4]);
    ctx.beginPath();
    ctx.moveTo(main.toX(slice), 0);
    ctx.lineTo(main.toX(slice), main.height);
    ctx.stroke();
    ctx.setLineDash([]);
    cursor(main, vm);

    begin(aux, palette);
    const half = aux.height / 2;
    const pad = 8;
    const m = vm.fields.marginal;
    const c = vm.fields.conditional;
    const max = (v?: Float32Array): number => (v ? v.reduce((a, b) => (Number.isFinite(b) && b > a ? b : a), 0) * 1.1 : 1);
    const lang = vm.lang;
    drawCurve(
      aux,
      { x: pad, y: pad, w: aux.width - 2 * pad, h: half - 2 * pad },
      m?.line ?? new Float32Array(0),
      m?.values ?? new Float32Array(0),
      max(m?.values),
      palette.accent,
      palette.muted,
      lang === 'ko' ? 'p(x₁)' : 'p(x₁)',
      slice,
    );
    drawCurve(
      aux,
      { x: pad, y: half + pad, w: aux.width - 2 * pad, h: half - 2 * pad },
      c?.line ?? new Float32Array(0),
      c?.values ?? new Float32Array(0),
      max(c?.values),
      palette.samples,
      palette.muted,
      `p(x₂ | x₁ = ${(c?.x1 ?? slice).toFixed(2)})`,
    );
    return animating;
  },
  drag(canvas, x, y, _vm) {
    const clamp = (v: number): number => Math.round(Math.max(FRAME.min, Math.min(FRAME.max, v)) * 20) / 20;
    if (canvas === 'main') return { slice: clamp(x) };
    // The aux canvas's top half is p(x₁) over the same x range.
    if (y > 0) return { slice: clamp(x) };
    return null;
  },
};
