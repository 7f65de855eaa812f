/**
 * Records the landing page's lab preview (issue 14): a diffusion model trained in Node on the
 * eight Gaussians (the lab's opening data), then 80 reverse trajectories from noise to data,
 * kept at 10 moments, written to src/components/lab-preview.json (coordinates rounded to
 * 0.01). The page animates these frames with CSS alone: no tfjs, no script.
 *
 * Run: npx esbuild scripts/record-lab-preview.ts --bundle --ignore-annotations --platform=node --format=cjs \
 *        --outfile=/tmp/record-lab-preview.cjs && node /tmp/record-lab-preview.cjs
 */
import { writeFileSync } from 'node:fs';
import { getDataset } from '../src/data/datasets';
import { createRng } from '../src/data/random';
import { initBackend } from '../src/models/backend';
import { createDiffusion } from '../src/models/diffusion';
import { trainSteps } from '../src/models/train';

const POINTS = 80;
const FRAMES = 10;
const STEPS = 1500;

async function main(): Promise<void> {
  await initBackend('cpu');
  const model = createDiffusion({ seed: 1 });
  const run = trainSteps(model, getDataset('eight-gaussians'), STEPS, createRng(3), 256);
  if (!run.ok) throw new Error(`training failed: ${run.failure?.message}`);
  const T = model.config.T;
  const every = Math.max(1, Math.round(T / (FRAMES - 1)));
  const frames = model.reverseTrajectories(POINTS, every);
  // Keep FRAMES evenly spaced frames, the first (noise) and the last (data) included.
  const kept = Array.from({ length: FRAMES }, (_, i) => frames[Math.round((i * (frames.length - 1)) / (FRAMES - 1))]);
  const round = (v: number) => Math.round(v * 100) / 100;
  writeFileSync(
    'src/components/lab-preview.json',
    `${JSON.stringify({ source: `diffusion, ${STEPS} steps on eight-gaussians, ancestral sampling, T = ${T}`, frames: kept.map((f) => [...f].map(round)) })}\n`,
  );
  console.log(`wrote ${kept.length} frames of ${POINTS} points (model had ${frames.length} frames)`);
}

void main();
