import { drawArrows, drawAxes, drawCaption, drawPoints, drawTrajectories } from '../render/draw';
import { gridPointsCache } from './grid-cache';
import { begin, cursor, dataPoints, samplePoints } from './common';
import type { FamilyView } from './types';

const TRAJECTORY_MS = 3000;

/**
 * Diffusion: the forward process at the reader's t (the data noised, with the learned score at that
 * t as arrows) on the main canvas; reverse trajectories from noise to data on the aux canvas,
 * animated after Sample unless the reader prefers reduced motion.
 */
export const diffusionView: FamilyView = {
  draw(main, aux, vm, now) {
    const { palette, fields } = vm;
    begin(main, palette);
    drawAxes(main, palette.grid);
    const noised = fields.noised;
    if (noised) drawPoints(main, noised.points, palette.data, 2.5);
    else dataPoints(main, vm);
    const score = fields.score;
    if (score) drawArrows(main, gridPointsCache(score.size), score.vectors, palette.accent, 14, 0.8);
    if (noised) {
      const T = Number(vm.values.T);
      drawCaption(main, `t = ${noised.t} / ${T}`, palette.foreground);
    }
    cursor(main, vm);

    begin(aux, palette);
    drawAxes(aux, palette.grid);
    dataPoints(aux, { ...vm, drawing: false });
    let animating = false;
    const tr = fields.trajectories;
    if (tr) {
      let upTo = tr.frames - 1;
      if (vm.animation?.kind === 'trajectories' && !vm.reducedMotion) {
        const u = (now - vm.animation.start) / TRAJECTORY_MS;
        upTo = Math.min(tr.frames - 1, u * (tr.frames - 1));
        animating = u < 1;
      }
      drawTrajectories(aux, tr.points, tr.count, tr.frames, upTo, palette.muted, palette.samples);
      if (!animating) samplePoints(aux, vm);
    } else {
      samplePoints(aux, vm);
    }
    return animating;
  },
};
