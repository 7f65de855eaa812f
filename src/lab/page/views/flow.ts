import { drawCaption, drawGaussianRings, drawGridLines, drawPoints } from '../render/draw';
import { begin, cursor, dataPoints, densityMap } from './common';
import type { FamilyView } from './types';

/**
 * Flow: in data space, the exact density and a grid plus samples from the Gaussian base carried
 * through the first k inverse layers (k from the layer slider: 0 is the base itself, L is the full
 * flow); in base space, the data pushed all the way through f.
 */
export const flowView: FamilyView = {
  draw(main, aux, vm) {
    const { palette, fields } = vm;
    begin(main, palette);
    densityMap(main, fields.density, palette);
    dataPoints(main, vm);
    const grid = fields.flowGrid;
    const stages = grid?.stages.length ?? 0;
    const k = Math.max(0, Math.min(stages - 1, Number(vm.values.layer)));
    if (grid && stages > 0) drawGridLines(main, grid.stages[k], grid.lines, grid.perLine, palette.accent, 0.55);
    const samples = fields.flowSamples?.[k] ?? vm.samples;
    if (samples) drawPoints(main, samples, palette.samples, 3);
    if (stages > 0) {
      const text = vm.lang === 'ko' ? `층 ${k} / ${stages - 1}` : `layer ${k} of ${stages - 1}`;
      drawCaption(main, text, palette.foreground);
    }
    cursor(main, vm);

    begin(aux, palette);
    drawGaussianRings(aux, palette.muted);
    if (fields.flowBase) drawPoints(aux, fields.flowBase, palette.data, 2.5);
    return false;
  },
};
