/**
 * The digits lab's judge and its shipped files (public/digits/, `npm run pretrain`): the classifier
 * reaches the accuracy the page states on the held-out digits, is not fooled by images that are not
 * digits, and catches a collapsed generator; each family's shipped weights draw digits it scores as
 * the manifest says.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../../src/data/random';
import { DIGIT_PIXELS } from '../../../src/data/digits';
import { checkDigitWeights, digitsManifest } from '../../../src/lab/shared/digits-files';
import { accuracy, classify, createClassifier, scoreDigits, scoreProbabilities } from '../../../src/metrics/digit-classifier';
import { initBackend } from '../../../src/models/backend';
import { createDigitGenerator } from '../../../src/models/digit-generator';
import { digitFamilies } from '../../../src/models/digit-configs';
import { loadFastKernels, type FastKernels } from '../../../src/models/fast/kernels';
import type { Network } from '../../../src/models/network';
import { decodeWeights, loadNetwork } from '../../../src/models/weights-file';
import { loadMnist } from '../../../scripts/pretrain/pretrain';

let fastKernels: FastKernels;
let judge: Network;
/** The held-out MNIST digits (the package's JSON parsed once for the file). */
let heldOut: ReturnType<typeof loadMnist>['heldOut'];
beforeAll(async () => {
  await initBackend('cpu');
  fastKernels = await loadFastKernels({ variant: 'simd' });
  judge = createClassifier({ fastKernels });
  loadNetwork('classifier', judge, decodeWeights(readFileSync('public/digits/classifier.bin')).arrays);
  heldOut = loadMnist().heldOut;
});

function images(n: number, pixel: (row: number, i: number) => number): Float32Array {
  const out = new Float32Array(n * DIGIT_PIXELS);
  for (let r = 0; r < n; r++) for (let i = 0; i < DIGIT_PIXELS; i++) out[r * DIGIT_PIXELS + i] = pixel(r, i);
  return out;
}

describe('the digit classifier (the judge)', () => {
  it('labels the held-out digits as well as the page says, and passes real digits at the stated rate', () => {
    expect(heldOut.n).toBe(digitsManifest.data.heldOut);
    const probs = classify(judge, heldOut.images, heldOut.n);
    const acc = accuracy(probs, heldOut.labels);
    console.log(`held-out accuracy ${(100 * acc).toFixed(2)}% (manifest ${(100 * digitsManifest.classifier.heldOutAccuracy).toFixed(2)}%)`);
    // The shipped weights are half precision; the manifest was measured before rounding.
    expect(Math.abs(acc - digitsManifest.classifier.heldOutAccuracy)).toBeLessThan(0.003);
    expect(acc).toBeGreaterThan(0.95);
    const real = scoreProbabilities(probs, heldOut.n);
    expect(Math.abs(real.confident - digitsManifest.classifier.realConfident)).toBeLessThan(0.01);
    expect(real.classesPresent).toBe(10);
    expect(real.spread).toBeGreaterThan(9.8);
  });

  it('is not sure of any digit on blank, grey or inked pages, noise, ink dots or the average digit', () => {
    const rng = createRng(5);
    // The mean of the held-out digits: the grey blob an untrained generator draws first.
    const mean = new Float32Array(DIGIT_PIXELS);
    for (let r = 0; r < heldOut.n; r++) for (let i = 0; i < DIGIT_PIXELS; i++) mean[i] += heldOut.images[r * DIGIT_PIXELS + i] / heldOut.n;
    const cases: [string, Float32Array][] = [
      ['blank', images(100, () => -1)],
      ['grey', images(100, () => 0)],
      ['ink', images(100, () => 1)],
      ['noise', images(300, () => Math.max(-1, Math.min(1, rng.normal())))],
      ['dots', images(300, () => (rng.uniform() < 0.15 ? 1 : -1))],
      ['average digit', images(1, (_, i) => mean[i])],
    ];
    for (const [name, x] of cases) expect(scoreDigits(judge, x, x.length / DIGIT_PIXELS).confident, name).toBeLessThan(0.03);
  });

  it('scores a collapsed generator badly: one digit over and over has one class and a spread of 1', () => {
    const one = heldOut.labels.indexOf(1);
    const collapsed = images(200, (_, i) => heldOut.images[one * DIGIT_PIXELS + i]);
    const score = scoreDigits(judge, collapsed, 200);
    expect(score.classesPresent).toBeLessThanOrEqual(1);
    expect(score.spread).toBeLessThanOrEqual(1);
  });
});

describe('the shipped pretrained weights', () => {
  for (const family of digitFamilies) {
    it(`${family}: load into a fresh model and draw digits the judge scores as the manifest says`, () => {
      const file = decodeWeights(readFileSync(`public/digits/${family}.bin`));
      checkDigitWeights(family, file.meta);
      const generator = createDigitGenerator(family, { fastKernels }, 9);
      generator.model.loadSamplerWeights(file.arrays);
      const n = 500;
      const score = scoreDigits(judge, generator.generate(generator.noise(n), n), n);
      const stated = digitsManifest.families[family];
      console.log(`${family}: ${(100 * score.confident).toFixed(1)}% confident (manifest ${(100 * stated.confident).toFixed(1)}%), ${score.classesPresent} classes, spread ${score.spread.toFixed(2)}`);
      // 500 fresh draws against the manifest's 1,000: within sampling error (2.5 standard errors).
      expect(Math.abs(score.confident - stated.confident)).toBeLessThan(2.5 * Math.sqrt((stated.confident * (1 - stated.confident)) / n) + 0.01);
      expect(score.classesPresent).toBeGreaterThanOrEqual(Math.min(10, stated.classesPresent));
      // The lab's promise (issue 17): at least 80% confident, every class present.
      expect(stated.confident).toBeGreaterThanOrEqual(0.8);
      expect(stated.classesPresent).toBe(10);
      generator.model.dispose();
    });
  }
});
