import type { GanModel } from '../../../models/gan';
import { embed, gridLines, gridPoints } from '../../shared/grid';
import type { FamilyFields } from './types';

const FIELD_GRID = 40;
const LINES = 11;
const PER_LINE = 33;
const FIELD_POINTS = gridPoints(FIELD_GRID);

/**
 * GAN (as GAN Lab shows it): the discriminator over the plane, a grid in noise space mapped by the
 * generator into data space, and on each sample the direction the generator's loss pushes it.
 */
export const ganFields: FamilyFields<GanModel> = {
  periodic(model, ctx) {
    const { latentDim } = model.config;
    // A Gaussian's grid spans ±2.5σ; a uniform latent spans [−1, 1].
    const half = model.config.latent === 'uniform' ? 1 : 2.5;
    const source = gridLines(LINES, PER_LINE, half);
    const mapped = model.generate(embed(source, latentDim));
    const out = {
      discriminator: { size: FIELD_GRID, values: model.discriminate(FIELD_POINTS) },
      mappedGrid: { lines: LINES, perLine: PER_LINE, source, mapped },
      gradients: undefined as undefined | { points: Float32Array; vectors: Float32Array },
    };
    if (ctx.samples && ctx.values.arrows !== false) {
      const points = ctx.samples.subarray(0, 2 * 250).slice();
      out.gradients = { points, vectors: model.generatorGradients(points) };
    }
    return out;
  },
};
