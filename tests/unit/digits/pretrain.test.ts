import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeDigitSet, DIGIT_PIXELS, modelToGrey } from '../../../src/data/digits';
import { checkDigitWeights } from '../../../src/lab/shared/digits-files';
import { initBackend } from '../../../src/models/backend';
import { createDigitGenerator } from '../../../src/models/digit-generator';
import { digitFamilies } from '../../../src/models/digit-configs';
import { loadFastKernels, type FastKernels } from '../../../src/models/fast/kernels';
import { decodeWeights, WeightsFileError } from '../../../src/models/weights-file';
import { mergeManifests, pretrainDigits, splitFamilies, type PretrainOptions } from '../../../scripts/pretrain/pretrain';

let fastKernels: FastKernels;
beforeAll(async () => {
  await initBackend('cpu');
  fastKernels = await loadFastKernels({ variant: 'simd' });
});

function smallRun(dir: string): PretrainOptions {
  return { outDir: dir, manifestPath: join(dir, 'manifest.json'), seed: 3, classifierSteps: 20, steps: { vae: 3, gan: 3, diffusion: 3, 'flow-matching': 3 }, subset: 20, scoreSamples: 20 };
}

describe('npm run pretrain (scripts/pretrain/pretrain.ts)', () => {
  it('run for a few steps on a small subset, writes weights that load into a fresh model and draw digits of the right shape and range, deterministically', async () => {
    const [a, b] = [mkdtempSync(join(tmpdir(), 'pretrain-a-')), mkdtempSync(join(tmpdir(), 'pretrain-b-'))];
    const manifest = await pretrainDigits(smallRun(a));
    await pretrainDigits(smallRun(b));
    // 20 digits of each class, every fifth held out.
    expect(manifest.data).toMatchObject({ train: 160, heldOut: 40 });
    const train = decodeDigitSet(readFileSync(join(a, 'train.bin')));
    expect(train.n).toBe(160);
    expect(new Set(train.labels).size).toBe(10);
    expect(JSON.parse(readFileSync(join(a, 'manifest.json'), 'utf8'))).toEqual(manifest);
    for (const family of digitFamilies) {
      const bytes = readFileSync(join(a, `${family}.bin`));
      expect(Buffer.compare(bytes, readFileSync(join(b, `${family}.bin`))), `${family} is deterministic`).toBe(0);
      expect(manifest.families[family]).toMatchObject({ steps: 3, bytes: bytes.length, scored: 20 });
      const file = decodeWeights(bytes);
      checkDigitWeights(family, file.meta);
      const generator = createDigitGenerator(family, { fastKernels }, 11);
      generator.model.loadSamplerWeights(file.arrays);
      const images = generator.generate(generator.noise(8), 8);
      expect(images.length, family).toBe(8 * DIGIT_PIXELS);
      for (const v of images) {
        expect(Number.isFinite(v), family).toBe(true);
        const g = modelToGrey(v);
        expect(g >= 0 && g <= 1).toBe(true);
      }
      // Another family's file does not load, with a reason.
      const other = digitFamilies.find((f) => f !== family)!;
      expect(() => checkDigitWeights(other, file.meta)).toThrow(WeightsFileError);
      generator.model.dispose();
    }
  });

  it('splits the families into two processes of about equal steps, and joins their manifests (keeping untrained families\' entries)', () => {
    const steps = { vae: 20, gan: 40, diffusion: 30, 'flow-matching': 30 };
    const groups = splitFamilies(digitFamilies, steps, 2);
    expect(groups.flat().sort()).toEqual([...digitFamilies].sort());
    const load = groups.map((g) => g.reduce((s, f) => s + steps[f], 0));
    expect(Math.max(...load) - Math.min(...load)).toBeLessThanOrEqual(10);
    expect(splitFamilies(['vae'], steps, 2)).toEqual([['vae'], []]);
    const entry = (confident: number) => ({ steps: 1, bytes: 1, scored: 1, confident, classesPresent: 10, spread: 9 });
    const part = (families: object) => ({ seed: 1, data: { train: 8, heldOut: 2, bytes: 9 }, classifier: { steps: 1, heldOutAccuracy: 0.9, realConfident: 0.9, bytes: 1 }, families }) as Parameters<typeof mergeManifests>[1] & object;
    const merged = mergeManifests([part({ vae: entry(0.9) }), part({ gan: entry(0.8) })], part({ gan: entry(0.1), diffusion: entry(0.7) }));
    expect(Object.fromEntries(Object.entries(merged.families).map(([f, e]) => [f, e.confident]))).toEqual({ vae: 0.9, gan: 0.8, diffusion: 0.7 });
    expect(() => mergeManifests([])).toThrow(/no group/);
  });

  it('a weights file that does not fit the model is refused before anything changes', () => {
    const generator = createDigitGenerator('gan', { fastKernels }, 1);
    const z = generator.noise(4);
    const before = generator.generate(z, 4);
    const params = generator.model.samplerWeights();
    const cut = { ...params, 'generator.W1': params['generator.W1'].subarray(1) };
    expect(() => generator.model.loadSamplerWeights(cut)).toThrow(/generator\.W1/);
    const missing = { ...params };
    delete missing['generator.b2'];
    expect(() => generator.model.loadSamplerWeights(missing)).toThrow(/no array "generator\.b2"/);
    expect(generator.generate(z, 4)).toEqual(before);
    generator.model.dispose();
  });
});
