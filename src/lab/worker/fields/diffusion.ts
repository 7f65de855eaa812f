import type { DiffusionModel } from '../../../models/diffusion';
import { makeSchedule } from '../../../models/schedules';
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
 * DDIM trajectories (Song, Meng & Ermon 2020, arXiv:2010.02502, eq. 12 with η = 0): the same
 * deterministic update as DiffusionModel.sampleDdim, x_prev = √ᾱ_prev x̂₀ + √(1 − ᾱ_prev) ε̂ with
 * x̂₀ = (x_t − √(1 − ᾱ_t) ε̂)/√ᾱ_t, recorded at every step so the reader sees the smooth paths.
 * The start x_T is a draw of q(x_T | x_0 = 0), the model's own noise at t = T.
 */
function ddimTrajectories(model: DiffusionModel, n: number, steps: number): Float32Array[] {
  const { T, schedule, betaStart, betaEnd, denoisedClip } = model.config;
  const { alphaBars } = makeSchedule(schedule, T, { betaStart, betaEnd });
  const S = Math.max(1, Math.min(steps, T));
  const tau = Array.from({ length: S + 1 }, (_, i) => Math.round((i * T) / S));
  let x = model.forward(new Float32Array(2 * n), T);
  const frames = [x.slice()];
  for (let i = S; i >= 1; i--) {
    const aT = alphaBars[tau[i]];
    const aPrev = alphaBars[tau[i - 1]];
    const eps = model.predictNoise(x, tau[i]);
    const next = new Float32Array(x.length);
    for (let k = 0; k < x.length; k++) {
      let x0 = (x[k] - Math.sqrt(1 - aT) * eps[k]) / Math.sqrt(aT);
      if (denoisedClip > 0) x0 = Math.max(-denoisedClip, Math.min(denoisedClip, x0));
      next[k] = Math.sqrt(aPrev) * x0 + Math.sqrt(1 - aPrev) * eps[k];
    }
    x = next;
    frames.push(x.slice());
  }
  return frames;
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
    const T = model.config.T;
    const count = Math.min(n, TRAJECTORIES);
    const frames =
      ctx.values.sampler === 'ddim'
        ? ddimTrajectories(model, count, Number(ctx.values.ddimSteps) || 20)
        : model.reverseTrajectories(count, Math.max(1, Math.round(T / 40)));
    const last = frames[frames.length - 1];
    return {
      samples: last.slice(),
      fields: { trajectories: { count: last.length / 2, frames: frames.length, points: stackFrames(frames) } },
    };
  },
  draw: drawSamples,
};
