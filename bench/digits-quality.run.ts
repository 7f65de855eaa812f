/**
 * The shipped pretrained digits (public/digits/, issue 17) scored in Node with the same code the
 * lab runs: each family's weights loaded into a fresh model, 1,000 digits from fresh noise, judged
 * by the shipped classifier. Run by bench/digits.mjs (`npm run bench -- --digits`).
 */
import { test } from 'vitest';
import { readFileSync } from 'node:fs';
import { createClassifier, scoreDigits } from '../src/metrics/digit-classifier';
import { createDigitGenerator } from '../src/models/digit-generator';
import { digitFamilies } from '../src/models/digit-configs';
import { loadFastKernels } from '../src/models/fast/kernels';
import { decodeWeights, loadNetwork } from '../src/models/weights-file';
import { checkDigitWeights } from '../src/lab/shared/digits-files';
import { log, settings, setUp, writeResult } from './env';

const SAMPLES = 1000;

test('pretrained digits, scored', async () => {
  settings.backend = 'cpu';
  await setUp();
  const runtime = { fastKernels: await loadFastKernels({ variant: 'simd' }) };
  const classifier = createClassifier(runtime);
  loadNetwork('classifier', classifier, decodeWeights(readFileSync('public/digits/classifier.bin')).arrays);
  const rows = [];
  for (const family of digitFamilies) {
    const generator = createDigitGenerator(family, runtime, 2);
    const file = decodeWeights(readFileSync(`public/digits/${family}.bin`));
    checkDigitWeights(family, file.meta);
    generator.model.loadSamplerWeights(file.arrays);
    const score = scoreDigits(classifier, generator.generate(generator.noise(SAMPLES), SAMPLES), SAMPLES);
    log(`digits ${family}: ${(100 * score.confident).toFixed(1)}% confident, ${score.classesPresent} classes, spread ${score.spread.toFixed(2)}`);
    rows.push({ family, samples: SAMPLES, confident: score.confident, classesPresent: score.classesPresent, spread: score.spread });
    generator.model.dispose();
  }
  writeResult({ rows });
});
