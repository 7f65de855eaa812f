import { drawArrows, drawAxes, drawGridLines, drawHeatmap, identityScale, linearScale } from '../render/draw';
import { divergingDark, divergingLight } from '../render/palette';
import { begin, cursor, dataPoints, samplePoints } from './common';
import type { FamilyView } from './types';

/**
 * GAN, as GAN Lab draws it: the discriminator's verdict over the plane with the samples and the
 * gradient arrows that move them (main), and the generator's map of a noise-space grid (aux).
 * Mode collapse is visible as samples and grid crowding into one small region.
 */
export const ganView: FamilyView = {
  draw(main, aux, vm) {
    const { palette, fields } = vm;
    begin(main, palette);
    if (fields.discriminator) {
      const probability = vm.values.loss === 'non-saturating';
      drawHeatmap(main, fields.discriminator, palette.dark ? divergingDark : divergingLight, probability ? identityScale : linearScale, 0.9);
    }
    drawAxes(main, palette.grid);
    dataPoints(main, vm);
    samplePoints(main, vm);
    if (vm.values.arrows !== false && fields.gradients) {
      drawArrows(main, fields.gradients.points, fields.gradients.vectors, palette.foreground, 16, 0.7);
    }
    cursor(main, vm);

    begin(aux, palette);
    drawAxes(aux, palette.grid);
    const grid = fields.mappedGrid;
    if (grid) drawGridLines(aux, grid.mapped, grid.lines, grid.perLine, palette.accent, 0.6);
    dataPoints(aux, { ...vm, drawing: false });
    samplePoints(aux, vm);
    return false;
  },
};
