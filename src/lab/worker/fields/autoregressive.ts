import type { AutoregressiveModel } from '../../../models/autoregressive';
import { FRAME } from '../../shared/protocol';
import { densityGrid, sampleArray } from './common';
import { linePoints } from '../../shared/grid';
import type { FamilyFields } from './types';

const LINE = linePoints(161, FRAME);

/** Autoregressive: exact density, the marginal p(x1), the slice p(x2 | x1), coordinate-wise sampling. */
export const autoregressiveFields: FamilyFields<AutoregressiveModel> = {
  periodic(model, ctx) {
    return {
      density: densityGrid(model),
      marginal: { line: LINE.slice(), values: model.marginal(LINE) },
      ...this.view?.(model, ctx),
    };
  },
  view(model, ctx) {
    const x1 = ctx.view.slice ?? 0;
    return { conditional: { x1, line: LINE.slice(), values: model.conditional(x1, LINE) } };
  },
  sample(model, _ctx, n) {
    const steps = model.sampleSteps(n);
    return { samples: steps[steps.length - 1].slice(), fields: { coordinateSteps: steps } };
  },
  draw: (model, _values, n) => sampleArray(model, n),
};
