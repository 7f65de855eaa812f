import type { DiffusionModel } from '../../../models/diffusion';
import type { Values } from '../../shared/settings';
import { sampleArray } from './common';
import { gridPoints, stackFrames } from '../../shared/grid';
import type { FamilyFields } from './types';

const SCORE_GRID = 17;
const SCORE_POINTS = gridPoints(SCORE_GRID);
const TRAJECTORIES = 80;

function drawSamples(model: DiffusionModel, values: Values, n: number): Float32Array {
  if (values.sampler === 'ddim') {
    const t = model.sampleDdim(n, Math.min(Number(values.ddimSteps) || 20, model.config.T));
    const out = new Float32Array(t.dataSync());
    t.dispose();
    return out;
  }
  return sampleArray(model, n);
}

/**
 * Diffusion: the data noised forward to the reader's t, the learned score at that t as arrows, and
 * reverse trajectories from noise to data (ancestral or DDIM, as the sampler setting says).
 */
export const diffusionFields: FamilyFields<DiffusionModel> = {
  periodic(model, ctx) {
    return this.view?.(model, ctx) ?? {};
  },
  view(model, ctx) {
    const T = model.config.T;
    const t = Math.max(0, Math.min(T, Math.round(ctx.view.t ?? 0)));
    const scoreT = Math.max(1, t);
    return {
      noised: { t, points: model.forward(ctx.data.subarray(0, 2 * 600), t) },
      score: { t: scoreT, size: SCORE_GRID, vectors: model.score(SCORE_POINTS, scoreT) },
    };
  },
  sample(model, ctx, n) {
    const count = Math.min(n, TRAJECTORIES);
    // The model's own samplers, recorded from x_T to x_0.
    const frames =
      ctx.values.sampler === 'ddim'
        ? model.reverseTrajectories(count, { sampler: 'ddim', steps: Number(ctx.values.ddimSteps) || 20 })
        : model.reverseTrajectories(count, { sampler: 'ancestral' });
    const last = frames[frames.length - 1];
    return {
      samples: last.slice(),
      fields: { trajectories: { count: last.length / 2, frames: frames.length, points: stackFrames(frames) } },
    };
  },
  draw: drawSamples,
};
