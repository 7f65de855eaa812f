/**
 * The VAE on eight Gaussians past the bench's 10 s budget: energy distance of 2,000 samples ÷ its
 * noise floor, and the share of 4,000 samples more than 0.4 (4 data standard deviations) from every
 * centre, after 10,000 to 80,000 steps (lab defaults, fused path, SIMD kernels, seeds 1 and 2). The
 * figures behind the note on the VAE's unreached cell in bench/results/latest.md.
 *   npx vitest run --config bench/vitest.config.ts bench/vae-long.run.ts
 *   TARGETS=10000,20000 VAE_CONFIG='{"batchSize":512}' npx vitest run --config bench/vitest.config.ts bench/vae-long.run.ts
 * Not part of `npm run bench`: about two minutes per seed on this machine.
 */
import { test } from 'vitest';
import { initBackend } from '../src/models/backend';
import { loadFastKernels } from '../src/models/fast/kernels';
import { createVae } from '../src/models/vae';
import { getDataset } from '../src/data/datasets';
import { createRng } from '../src/data/random';
import { evaluate } from '../src/models/report';
import { trainSteps } from '../src/models/train';
import { EIGHT_GAUSSIANS_STD, eightGaussianCentres } from '../src/data/toy/eight-gaussians';
import { withModel } from '../tests/unit/models/family-checks';

const cfg = JSON.parse(process.env.VAE_CONFIG ?? '{}');
test('vae on eight gaussians, long', async () => {
  await initBackend('cpu');
  const fastKernels = await loadFastKernels({ variant: 'simd' });
  const data = getDataset('eight-gaussians');
  for (const seed of [1, 2]) {
    withModel(createVae({ ...cfg, seed }, { fastKernels }), (model) => {
      const rng = createRng(seed + 10);
      let done = 0;
      const line: string[] = [];
      for (const target of (process.env.TARGETS ?? '10000,20000,40000,80000').split(',').map(Number)) {
        trainSteps(model, data, target - done, rng, model.config.batchSize);
        done = target;
        const r = evaluate(model, data, createRng(seed + 2000), 2000);
        const s = model.sample(4000);
        const v = s.dataSync();
        s.dispose();
        let far = 0;
        for (let i = 0; i < v.length; i += 2) {
          let best = Infinity;
          for (let k = 0; k < 8; k++) best = Math.min(best, Math.hypot(v[i] - eightGaussianCentres[2 * k], v[i + 1] - eightGaussianCentres[2 * k + 1]));
          if (best > 4 * EIGHT_GAUSSIANS_STD) far++;
        }
        line.push(`${target}: ${(r.energyDistance / r.noiseFloor.mean).toFixed(2)}× (off-mode ${(far / 4000 * 100).toFixed(1)}%)`);
      }
      console.log(`VAE ${JSON.stringify(cfg)} seed ${seed}: ${line.join(', ')}`);
    });
  }
});
