/**
 * The GAN over several seeds and data sets, with and without the R1 penalty: the table in
 * docs/DESIGN.md ("The GAN's R1 penalty"). Energy distance of 2,000 samples ÷ its noise floor after
 * `GAN_STEPS` steps (fused path, SIMD kernels), one row per data set, one column per seed.
 *   npx vitest run --config bench/vitest.config.ts bench/gan-seeds.run.ts
 *   GAN_SETS=heavy-tails,grid-25 GAN_SEEDS=1,2,3,4,5,6 GAN_CONFIG='{"r1Weight":0}' npx vitest run --config bench/vitest.config.ts bench/gan-seeds.run.ts
 * Not part of `npm run bench`: about a minute per data set and seed on this machine.
 */
import { test } from 'vitest';
import { initBackend } from '../src/models/backend';
import { loadFastKernels } from '../src/models/fast/kernels';
import { createGan, type GanConfig } from '../src/models/gan';
import { trainAndScore, withModel } from '../tests/unit/models/family-checks';
import { unseenShape, unseenShapes, type UnseenShape } from '../tests/unit/models/unseen-shapes';

const config = JSON.parse(process.env.GAN_CONFIG ?? '{}') as Partial<GanConfig>;
const sets = (process.env.GAN_SETS ?? 'heavy-tails,grid-25,curve-and-blob,eight-gaussians').split(',');
const seeds = (process.env.GAN_SEEDS ?? '1,2,3').split(',').map(Number);
const steps = Number(process.env.GAN_STEPS ?? 3000);
const isUnseen = (name: string): name is UnseenShape => (unseenShapes as readonly string[]).includes(name);

test('gan over seeds', async () => {
  await initBackend('cpu');
  const fastKernels = await loadFastKernels({ variant: 'simd' });
  const rows: string[] = [];
  for (const set of sets) {
    const cells = seeds.map((seed) =>
      withModel(createGan({ ...config, seed }, { fastKernels }), (model) => trainAndScore(model, isUnseen(set) ? unseenShape(set) : set, steps, model.config.batchSize).trainedRatio.toFixed(1)),
    );
    rows.push(`| ${set} | ${cells.join(' | ')} |`);
  }
  console.log(`GAN ${JSON.stringify(config)}, ${steps} steps, seeds ${seeds.join(', ')}:\n${rows.join('\n')}`);
});
