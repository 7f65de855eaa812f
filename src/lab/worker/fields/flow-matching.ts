import { createRng } from '../../../data/random';
import { energyDistance } from '../../../metrics/energy-distance';
import type { FlowMatchingModel, OdeOptions, OdeSolver } from '../../../models/flow-matching';
import { gridPoints, stackFrames } from '../../shared/grid';
import type { Fields } from '../../shared/protocol';
import { STRIP_STEPS } from '../../shared/strip';
import type { Values } from '../../shared/settings';
import type { FamilyFields, FieldContext } from './types';

const VELOCITY_GRID = 17;
const VELOCITY_POINTS = gridPoints(VELOCITY_GRID);
/** Noise points whose ODE paths are drawn (the first PATHS as lines, all as the cloud at time t). */
const CLOUD = 300;
/** Heun steps of the drawn paths: fine enough that a curve on screen is the ODE's, not the solver's. */
const PATH_STEPS = 32;
/** The strip (STRIP_STEPS): STRIP_POINTS fixed noise points, sampled with each number of steps. */
const STRIP_POINTS = 1000;

/** Fixed noise, the same for every model of the session, so paths before and after a reflow start from the same points. */
function fixedNoise(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: 2 * n }, () => rng.normal());
}
const CLOUD_NOISE = fixedNoise(CLOUD, 71);
const STRIP_NOISE = fixedNoise(STRIP_POINTS, 72);

/** The reader's solver settings (live: they change sampling, never the model). */
function odeOptions(values: Values): OdeOptions {
  const solver: OdeSolver = values.solver === 'euler' ? 'euler' : 'heun';
  const steps = Math.max(1, Math.round(Number(values.odeSteps) || 1));
  return { solver, steps };
}

function velocityField(model: FlowMatchingModel, ctx: FieldContext): Fields {
  const t = Math.max(0, Math.min(1, Number(ctx.view.t ?? 0.5)));
  return { velocity: { t, size: VELOCITY_GRID, vectors: model.velocity(VELOCITY_POINTS, t) } };
}

function odePaths(model: FlowMatchingModel): Fields {
  const frames = model.trajectories(CLOUD_NOISE, { solver: 'heun', steps: PATH_STEPS });
  return {
    odePaths: {
      count: CLOUD,
      frames: frames.length,
      points: stackFrames(frames),
      straightness: model.straightness(CLOUD_NOISE.subarray(0, 2 * 100), PATH_STEPS),
      reflows: model.reflows,
    },
  };
}

/** Samples of the same noise with 1, 2, 4, 8 and 16 steps of the reader's solver, scored against fresh data. */
function fewSteps(model: FlowMatchingModel, ctx: FieldContext): Fields {
  const { solver } = odeOptions(ctx.values);
  const floor = ctx.noiseFloor(STRIP_POINTS);
  const samples = STRIP_STEPS.map((steps) => model.trajectories(STRIP_NOISE, { solver, steps })[steps]);
  const ratios = samples.map((s) => energyDistance(s, ctx.dataSample(STRIP_POINTS)) / floor);
  return { fewSteps: { steps: [...STRIP_STEPS], samples, ratios } };
}

/**
 * Flow matching: the velocity field at the reader's t, the ODE's paths from fixed noise (with
 * their straightness), and the samples the same noise gives after 1, 2, 4, 8 and 16 ODE steps.
 */
export const flowMatchingFields: FamilyFields<FlowMatchingModel> = {
  periodic(model, ctx) {
    return { ...velocityField(model, ctx), ...odePaths(model), ...fewSteps(model, ctx) };
  },
  view(model, ctx) {
    return velocityField(model, ctx);
  },
  draw(model, values, n) {
    return model.sampleWith(n, odeOptions(values));
  },
  actions: {
    reflow: (model) => model.reflow(),
  },
};
