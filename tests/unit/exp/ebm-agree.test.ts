// Throwaway measurement harness (not for main): EBM samples vs grid density on sharp and standard sets.
import { it } from 'vitest';
import type { Dataset } from '../../../src/data/datasets';
import { initBackend } from '../../../src/models/backend';
import { loadFastKernels } from '../../../src/models/fast/kernels';
import { createEbm } from '../../../src/models/ebm';
import { take, trainAndScore, withModel } from '../models/family-checks';
import { unseenShape, unseenShapes, type UnseenShape } from '../models/unseen-shapes';

const stroke: Dataset = {
  name: 'drawn',
  sample(n, rng) {
    const out = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) {
      if (rng.uniform() < 0.5) {
        out[2 * i] = -2.5 + 5 * rng.uniform();
        out[2 * i + 1] = 2 + 0.02 * rng.normal();
      } else {
        out[2 * i] = 0.3 * rng.normal();
        out[2 * i + 1] = -1 + 0.3 * rng.normal();
      }
    }
    return out;
  },
};
const strokeOutside = (s: Float32Array): number => {
  let outside = 0;
  for (let i = 0; i < s.length; i += 2) {
    const [x, y] = [s[i], s[i + 1]];
    if (!(Math.abs(x) < 2.8 && Math.abs(y - 2) < 0.36) && !(Math.hypot(x, y + 1) < 1.2)) outside++;
  }
  return outside / (s.length / 2);
};

const sets = (process.env.SETS ?? 'eight-gaussians,two-moons,stroke,grid-25,heavy-tails,curve-and-blob').split(',');
const seeds = (process.env.SEEDS ?? '1,2').split(',').map(Number);
const cfg = JSON.parse(process.env.EBM_CFG ?? '{}');
const label = process.env.LABEL ?? 'baseline';
const isUnseen = (name: string): name is UnseenShape => (unseenShapes as readonly string[]).includes(name);

it('ebm agree', { timeout: 3_600_000 }, async () => {
  await initBackend('wasm');
  const fastKernels = await loadFastKernels({ variant: 'simd' });
  for (const set of sets) {
    for (const seed of seeds) {
      const data = set === 'stroke' ? stroke : isUnseen(set) ? unseenShape(set) : set;
      withModel(createEbm({ seed, ...cfg }, { fastKernels }), (model) => {
        const cells: string[] = [];
        let done = 0;
        for (const [steps, dataSeed] of [[800, 7], [700, 8]] as const) {
          const run = trainAndScore(model, data, steps, model.config.batchSize, dataSeed);
          done += steps;
          const samples = take(model.sample(2000));
          const mix = model.mixing(samples);
          const out = set === 'stroke' ? ` out ${strokeOutside(samples).toFixed(2)}` : '';
          cells.push(
            `${done}: ${run.trainedRatio.toFixed(1)}x dis ${mix.disagreement.toFixed(2)}${mix.agrees ? '' : '!'} nll ${run.trained.nll?.nats.toFixed(2)} (H ${run.trained.entropy?.nats.toFixed(2)}) edge ${mix.onEdge.toFixed(3)}${out} ${run.stepsPerSecond.toFixed(0)}/s`,
          );
        }
        console.log(`ROW ${label} | ${set} | ${seed} | ${cells.join(' | ')}`);
      });
    }
  }
});
