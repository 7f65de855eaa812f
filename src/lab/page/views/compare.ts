import { drawAxes, drawTrajectories } from '../render/draw';
import type { Plot } from '../render/plot';
import { begin, cursor, dataPoints, samplePoints } from './common';
import type { ViewModel } from './types';

const TRAJECTORY_MS = 3000;

/**
 * One panel of the noise comparison (why-gaussian article): the data, this noise's samples, and,
 * after Sample, its reverse trajectories (the panel's caption names the noise). Returns true while animating.
 */
export function drawComparePanel(plot: Plot, vm: ViewModel, now: number): boolean {
  const { palette, fields } = vm;
  begin(plot, palette);
  drawAxes(plot, palette.grid);
  dataPoints(plot, vm);
  let animating = false;
  const tr = fields.trajectories;
  if (tr && vm.animation?.kind === 'trajectories') {
    let upTo = tr.frames - 1;
    if (!vm.reducedMotion) {
      const u = (now - vm.animation.start) / TRAJECTORY_MS;
      upTo = Math.min(tr.frames - 1, u * (tr.frames - 1));
      animating = u < 1;
    }
    drawTrajectories(plot, tr.points, tr.count, tr.frames, upTo, palette.muted, palette.samples);
  } else {
    samplePoints(plot, vm);
  }
  cursor(plot, vm);
  return animating;
}
