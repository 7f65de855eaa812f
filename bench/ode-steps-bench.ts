/**
 * Issue 19's sampling table: flow matching with the lab's defaults on a toy dataset, the energy
 * distance of 2,000 samples (÷ its noise floor) against the number of ODE steps, for Euler's and
 * Heun's method, before and after one reflow. Runs in bench/browser-quality's worker next to the
 * quality table (and in Node); rows `ode-steps:flow-matching:<dataset>:<solver>`.
 */
import { getDataset } from '../src/data/datasets';
import { createRng } from '../src/data/random';
import { energyDistance } from '../src/metrics/energy-distance';
import type { FlowMatchingModel, OdeSolver } from '../src/models/flow-matching';
import { odeSolvers } from '../src/models/flow-matching';
import type { ModelRuntime } from '../src/models/types';
import { labModel, qualityFloor, stepper } from './quality-bench';
import type { OdeStepsRow } from './rows';

export interface OdeStepsOptions {
  datasets?: readonly string[];
  runtime: ModelRuntime;
  where: 'browser' | 'node';
  /** Training steps before the reflow, and after it on the model's own pairs. */
  trainSteps: number;
  log: (text: string) => void;
}

export const ODE_STEPS = [1, 2, 4, 8, 16, 32];
const N = 2000;

function isFlowMatching(model: { family: string }): model is FlowMatchingModel {
  return model.family === 'flow-matching';
}

export function benchOdeSteps(opts: OdeStepsOptions): OdeStepsRow[] {
  const rows: OdeStepsRow[] = [];
  for (const datasetName of opts.datasets?.length ? opts.datasets : ['eight-gaussians']) {
    const data = getDataset(datasetName);
    const floor = qualityFloor(data);
    const { model, seed } = labModel('flow-matching', datasetName, opts.runtime);
    try {
      if (!isFlowMatching(model)) throw new Error('labModel did not build a flow-matching model');
      const dataRng = createRng((seed ^ 0x5eed) >>> 0);
      const evalRng = createRng(13);
      const noise = model.noise(200);
      const table = (): Record<OdeSolver, number[]> => {
        const out = { euler: [] as number[], heun: [] as number[] };
        for (const solver of odeSolvers) {
          for (const steps of ODE_STEPS) out[solver].push(+(energyDistance(model.sampleWith(N, { solver, steps }), data.sample(N, evalRng)) / floor).toFixed(2));
        }
        return out;
      };
      const train = stepper(model, data, dataRng);
      for (let i = 0; i < opts.trainSteps; i++) train();
      const before = table();
      const straightnessBefore = model.straightness(noise);
      model.reflow();
      for (let i = 0; i < opts.trainSteps; i++) train();
      const after = table();
      const straightnessAfter = model.straightness(noise);
      for (const solver of odeSolvers) {
        rows.push({
          workload: `ode-steps:flow-matching:${datasetName}:${solver}`,
          where: opts.where,
          solver,
          trainSteps: opts.trainSteps,
          steps: ODE_STEPS,
          before: before[solver],
          after: after[solver],
          straightnessBefore: +straightnessBefore.toFixed(4),
          straightnessAfter: +straightnessAfter.toFixed(4),
        });
      }
      opts.log(`ode steps on ${datasetName}: straightness ${straightnessBefore.toFixed(3)} → ${straightnessAfter.toFixed(3)}; Euler ${before.euler.join('/')} → ${after.euler.join('/')}`);
    } finally {
      model.dispose();
    }
  }
  return rows;
}
