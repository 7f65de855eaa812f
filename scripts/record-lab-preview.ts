/**
 * Records the lab previews of the landing page and the series indexes (issue 14), from real models
 * trained in Node on the eight Gaussians (the labs' opening data); each preview is 10 frames of 80
 * points (coordinates rounded to 0.01) that src/components/LabPreview.astro animates with CSS
 * alone: no tfjs, no script.
 * - diffusion: a model trained 1,500 steps, then its reverse process from noise to data
 *   (ancestral sampling), in 10 evenly spaced moments → src/components/lab-preview-diffusion.json
 * - gan: the generator's samples at 10 moments of training, step 0 to 3,000
 *   → src/components/lab-preview-gan.json
 *
 * Run: npx esbuild scripts/record-lab-preview.ts --bundle --ignore-annotations --platform=node --format=cjs \
 *        --outfile=/tmp/record-lab-preview.cjs && node /tmp/record-lab-preview.cjs [diffusion|gan]
 */
import { writeFileSync } from 'node:fs';
import { getDataset } from '../src/data/datasets';
import { createRng } from '../src/data/random';
import { initBackend } from '../src/models/backend';
import { createDiffusion } from '../src/models/diffusion';
import { createGan } from '../src/models/gan';
import { trainSteps } from '../src/models/train';
import type { ToyModel } from '../src/models/types';

const POINTS = 80;
const FRAMES = 10;
const round = (v: number) => Math.round(v * 100) / 100;
const data = getDataset('eight-gaussians');

function write(kind: string, source: string, frames: Float32Array[]): void {
  writeFileSync(`src/components/lab-preview-${kind}.json`, `${JSON.stringify({ source, frames: frames.map((f) => [...f].map(round)) })}\n`);
  console.log(`${kind}: wrote ${frames.length} frames of ${frames[0].length / 2} points`);
}

function train(model: ToyModel, steps: number, rng: ReturnType<typeof createRng>): void {
  if (steps === 0) return;
  const run = trainSteps(model, data, steps, rng, 256);
  if (!run.ok) throw new Error(`training failed: ${run.failure?.message}`);
}

function recordDiffusion(): void {
  const STEPS = 1500;
  const model = createDiffusion({ seed: 1 });
  train(model, STEPS, createRng(3));
  const T = model.config.T;
  const frames = model.reverseTrajectories(POINTS, Math.max(1, Math.round(T / (FRAMES - 1))));
  // Keep FRAMES evenly spaced frames, the first (noise) and the last (data) included.
  const kept = Array.from({ length: FRAMES }, (_, i) => frames[Math.round((i * (frames.length - 1)) / (FRAMES - 1))]);
  write('diffusion', `diffusion, ${STEPS} steps on eight-gaussians, ancestral sampling, T = ${T}`, kept);
}

function recordGan(): void {
  const checkpoints = [0, 50, 100, 200, 350, 550, 800, 1200, 1800, 3000];
  const model = createGan({ seed: 1 });
  const rng = createRng(3);
  const frames: Float32Array[] = [];
  let done = 0;
  for (const step of checkpoints) {
    train(model, step - done, rng);
    done = step;
    const s = model.sample(POINTS);
    frames.push(new Float32Array(s.dataSync()));
    s.dispose();
  }
  write('gan', `GAN samples at steps ${checkpoints.join(', ')} of training on eight-gaussians`, frames);
}

async function main(): Promise<void> {
  await initBackend('cpu');
  const which = process.argv[2] ?? 'all';
  if (which === 'diffusion' || which === 'all') recordDiffusion();
  if (which === 'gan' || which === 'all') recordGan();
}

void main();
