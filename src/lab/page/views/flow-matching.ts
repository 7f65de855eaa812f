import { w } from '../../shared/reader-words';
import { drawArrows, drawAxes, drawCaption, drawPoints, drawTrajectories } from '../render/draw';
import { firstTrajectories, pathsAtTime } from './scrub';
import { gridPointsCache } from './grid-cache';
import { begin, cursor, dataPoints, samplePoints } from './common';
import type { FamilyView } from './types';

/** Samples drawn in each small panel of the strip (its energy distance uses all the worker sent). */
const STRIP_SHOWN = 400;
/** Paths drawn as lines on the second canvas (of the worker's cloud of fixed noise points). */
const PATH_LINES = 40;


/**
 * Flow matching: on the main canvas the learned velocity at the reader's t as arrows over the
 * cloud of noise the ODE has carried to that t; on the aux canvas the paths of 40 of those points
 * from noise to samples, with a dot at t and Liu et al.'s straightness S; the strip under them,
 * the same noise sampled with 1, 2, 4, 8 and 16 ODE steps.
 */
export const flowMatchingView: FamilyView = {
  draw(main, aux, vm) {
    const { palette, fields } = vm;
    const t = Number(vm.values.t);
    const paths = fields.odePaths;
    begin(main, palette);
    drawAxes(main, palette.grid);
    dataPoints(main, vm);
    const cloud = vm.drawing ? null : pathsAtTime(vm.family, vm.values, fields);
    if (cloud) drawPoints(main, cloud.points, palette.samples, 2.5, 0.8);
    const velocity = fields.velocity;
    if (velocity && !vm.drawing) drawArrows(main, gridPointsCache(velocity.size), velocity.vectors, palette.accent, 14, 0.8);
    drawCaption(main, `t = ${t.toFixed(2)}`, palette.foreground);
    cursor(main, vm);

    begin(aux, palette);
    drawAxes(aux, palette.grid);
    dataPoints(aux, { ...vm, drawing: false });
    if (paths) {
      const lines = firstTrajectories(paths.points, paths.count, paths.frames, PATH_LINES);
      drawTrajectories(aux, lines, Math.min(PATH_LINES, paths.count), paths.frames, Math.max(0, Math.min(1, t)) * (paths.frames - 1), palette.accent, palette.samples);
      const reflows = paths.reflows > 0 ? ` · ${w('reflow', vm.lang)} ×${paths.reflows}` : '';
      drawCaption(aux, `t = ${t.toFixed(2)} · S = ${paths.straightness.toFixed(3)}${reflows}`, palette.foreground);
    } else {
      samplePoints(aux, vm);
    }
    return false;
  },
  drawStrip(plots, vm) {
    const { palette } = vm;
    const few = vm.fields.fewSteps;
    plots.forEach((plot, i) => {
      begin(plot, palette);
      drawAxes(plot, palette.grid);
      drawPoints(plot, vm.data, palette.data, 1.5, 0.6);
      if (!few || !few.samples[i]) return;
      drawPoints(plot, few.samples[i].subarray(0, 2 * STRIP_SHOWN), palette.samples, 1.5);
      drawCaption(plot, `${w('stripSteps', vm.lang, { n: few.steps[i] })} · ${few.ratios[i].toFixed(1)}×`, palette.foreground);
    });
  },
};
