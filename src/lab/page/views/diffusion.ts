import { drawArrows, drawAxes, drawCaption, drawPoints, drawTrajectories } from '../render/draw';
import { frameAtTime } from './scrub';
import { gridPointsCache } from './grid-cache';
import { begin, cursor, dataPoints, samplePoints } from './common';
import type { FamilyView } from './types';

/**
 * Diffusion: the forward process at the reader's t (the data noised, with the learned score at that
 * t as arrows) on the main canvas; on the aux canvas, the reverse trajectories of the last Sample
 * from noise (x_T) down to the same t, so one slider scrubs both processes side by side (the
 * widget plays t from T to 0 after Sample, and on "Play reverse").
 */
export const diffusionView: FamilyView = {
  draw(main, aux, vm) {
    const { palette, fields } = vm;
    begin(main, palette);
    drawAxes(main, palette.grid);
    // While the reader draws, the picture they draw on shows their points, not the noised copy the
    // worker sent before the last stroke (which would hide what they just drew).
    const noised = vm.drawing ? undefined : fields.noised;
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
    const tr = fields.trajectories;
    if (tr) {
      const upTo = frameAtTime(Number(vm.values.t), Number(vm.values.T), tr.frames);
      drawTrajectories(aux, tr.points, tr.count, tr.frames, upTo, palette.muted, palette.samples);
      drawCaption(aux, `t = ${Math.round(Number(vm.values.t))} / ${Number(vm.values.T)}`, palette.foreground);
    } else {
      samplePoints(aux, vm);
    }
    return false;
  },
};
