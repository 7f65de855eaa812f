import type { VaeModel } from '../../../models/vae';
import { densityGrid } from './common';
import { embed, firstTwo, gridLines } from '../../shared/grid';
import type { FamilyFields } from './types';

const LINES = 11;
const PER_LINE = 33;
/** The latent grid spans ±2.5 standard deviations of the prior N(0, I). */
const LATENT_GRID = gridLines(LINES, PER_LINE, 2.5);

/**
 * VAE: the ELBO on the grid (a lower bound on log p, so the heat map is the model's own estimate),
 * the encoder's means of the data (first two latent coordinates), the decoder's image of a latent
 * grid, and the decoding of the reader's latent point.
 */
export const vaeFields: FamilyFields<VaeModel> = {
  periodic(model, ctx) {
    const L = model.config.latentDim;
    const { mean } = model.encode(ctx.data);
    return {
      density: densityGrid(model),
      latent: { dim: L, data: ctx.data, codes: firstTwo(mean, L) },
      mappedGrid: { lines: LINES, perLine: PER_LINE, source: LATENT_GRID, mapped: model.decode(embed(LATENT_GRID, L)) },
      ...this.view?.(model, ctx),
    };
  },
  view(model, ctx) {
    const L = model.config.latentDim;
    const z: [number, number] = ctx.view.z ?? [0, 0];
    return { decoded: { z, x: model.decode(embed(new Float32Array(z), L)) } };
  },
};
