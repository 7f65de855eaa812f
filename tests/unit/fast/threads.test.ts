import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../../src/data/random';
import { FastDdpmTrainer } from '../../../bench/fast-trainers/ddpm-trainer';
import { FastMlp } from '../../../src/models/fast/fast-mlp';
import { FastGanTrainer } from '../../../bench/fast-trainers/gan-trainer';
import { loadFastKernels, type FastKernels } from '../../../src/models/fast/kernels';
import { getDataset } from '../../../src/data/datasets';
import { initBackend } from '../../../src/models/backend';
import { createDiffusion } from '../../../src/models/diffusion';
import { trainSteps } from '../../../src/models/train';

let kernels: FastKernels;
const toDispose: { dispose(): void }[] = [];

beforeAll(async () => {
  kernels = await loadFastKernels({ threads: true });
});
afterAll(() => toDispose.forEach((x) => x.dispose()));

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst / Math.max(scale, 1e-30);
}

describe('FastMlp on two threads', () => {
  it('loads the shared-memory kernels in Node', () => {
    expect(kernels.shared).toBeDefined();
  });

  for (const act of ['relu', 'silu'] as const) {
    it(`gives the one-thread forward, gradients and input gradients (${act})`, async () => {
      const sizes = [3, 20, 24, 2];
      const one = new FastMlp(kernels, sizes, act, { rng: createRng(1) });
      const two = await FastMlp.create(kernels, sizes, act, { rng: createRng(1), threads: 2, minSplitFlops: 0 });
      toDispose.push(two);
      expect(two.threads).toBe(2);
      const n = 203; // odd: the halves are 100 and 103 rows
      const rng = createRng(2);
      const x = Float32Array.from({ length: n * 3 }, () => rng.normal());
      const r = Float32Array.from({ length: n * 2 }, () => rng.normal());
      expect(Array.from(two.forward(x, n))).toEqual(Array.from(one.forward(x, n)));
      const dx1 = one.backward(r, { inputGrad: true })!;
      const dx2 = two.backward(r, { inputGrad: true })!;
      expect(Array.from(dx2)).toEqual(Array.from(dx1));
      // Gradients: the two halves are summed in another order, so equal up to rounding.
      const g1 = one.getGrads();
      const g2 = two.getGrads();
      g1.weights.forEach((w, l) => expect(maxRelDiff(g2.weights[l], w)).toBeLessThan(1e-5));
      g1.biases.forEach((b, l) => expect(maxRelDiff(g2.biases[l], b)).toBeLessThan(1e-5));
    });
  }

  it('does not split a batch too small to gain from it', async () => {
    const net = await FastMlp.create(kernels, [2, 64, 64, 1], 'relu', { rng: createRng(1), threads: 2 });
    toDispose.push(net);
    const split = (net as unknown as { splitRow(n: number): number }).splitRow.bind(net);
    expect(split(256)).toBe(256); // the reference GAN's discriminator: 2.2 Mflop
    expect(split(4096)).toBe(2048);
  });

  it('trains the reference DDPM (split) and GAN (not split) like one thread', async () => {
    // The reference DDPM network: 34 Mflop per forward pass, split.
    const one = new FastDdpmTrainer(kernels, { seed: 4 });
    const two = await FastDdpmTrainer.create(kernels, { seed: 4, threads: 2 });
    toDispose.push(two);
    expect((two.net as unknown as { splitRow(n: number): number }).splitRow(512)).toBe(256);
    for (let i = 0; i < 10; i++) {
      const a = one.step();
      const b = two.step();
      expect(Math.abs(a.loss - b.loss)).toBeLessThan(1e-4 * a.loss);
    }
    const gan1 = new FastGanTrainer(kernels, { seed: 5 });
    const gan2 = await FastGanTrainer.create(kernels, { seed: 5, threads: 2 });
    toDispose.push(gan2);
    for (let i = 0; i < 10; i++) {
      const a = gan1.step();
      const b = gan2.step();
      expect(Math.abs(a.lossD - b.lossD)).toBeLessThan(1e-4 * a.lossD);
      expect(Math.abs(a.lossG - b.lossG)).toBeLessThan(1e-4 * a.lossG);
    }
  });

  it('diffusion (the family, through its FusedNetwork) runs a big batch on two threads and trains like one thread', async () => {
    await initBackend('wasm');
    const config = { seed: 3, hidden: 128, batchSize: 1024 };
    const one = createDiffusion(config, { fastKernels: kernels });
    const two = createDiffusion(config, { fastKernels: kernels, threads: 2 });
    // The helper thread starts asynchronously; until then the network runs on one.
    for (let i = 0; i < 100 && two.threads === 1; i++) await new Promise((r) => setTimeout(r, 50));
    expect([one.threads, two.threads]).toEqual([1, 2]);
    const dataset = getDataset('eight-gaussians');
    const a = trainSteps(one, dataset, 10, createRng(4), 1024);
    const b = trainSteps(two, dataset, 10, createRng(4), 1024);
    a.history.forEach((l, i) => expect(Math.abs(b.history[i].loss - l.loss) / l.loss).toBeLessThan(1e-4));
    expect(maxRelDiff(two.predictNoise(new Float32Array([0.5, -1, 2, 0.1]), 30), one.predictNoise(new Float32Array([0.5, -1, 2, 0.1]), 30))).toBeLessThan(1e-4);
    one.dispose();
    two.dispose();
  });
});
