/**
 * `npm run pretrain`: the digits lab's static files, made by the same model code the lab runs.
 *   public/digits/train.bin        the 8,004 training digits (14 × 14, one byte per pixel)
 *   public/digits/classifier.bin   the classifier that scores generated digits
 *   public/digits/<family>.bin     each family's pretrained sampler, half-precision weights
 *   src/lab/shared/digits-manifest.json   what the page states about them
 * Deterministic from the seed: the fused kernels' plain SIMD variant is pinned (relaxed SIMD's
 * fused multiply-add differs between processors) and every step count is fixed, not timed.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../../src/data/random';
import { decodeDigitSet, DIGIT_PIXELS, downsample28, encodeDigitSet, fillDigitBatch, type DigitSet } from '../../src/data/digits';
import { accuracy, augmentDigits, classifierStep, classify, createClassifier, scoreDigits, scoreProbabilities } from '../../src/metrics/digit-classifier';
import { initBackend } from '../../src/models/backend';
import { createDigitGenerator } from '../../src/models/digit-generator';
import { digitConfigs, digitFamilies, type DigitFamily } from '../../src/models/digit-configs';
import { loadFastKernels } from '../../src/models/fast/kernels';
import type { Network } from '../../src/models/network';
import type { ModelRuntime } from '../../src/models/types';
import { encodeWeights, networkArrays } from '../../src/models/weights-file';
import { digitFiles, type DigitsManifest, type DigitWeightsMeta } from '../../src/lab/shared/digits-files';

export interface PretrainOptions {
  /** Folder of the binary files (public/digits). */
  outDir: string;
  /** Where the manifest goes (src/lab/shared/digits-manifest.json). */
  manifestPath: string;
  seed: number;
  classifierSteps: number;
  steps: Record<DigitFamily, number>;
  families?: readonly DigitFamily[];
  /** Use only the first `subset` digits of each class (tests); all of them by default. */
  subset?: number;
  /** Samples each family is scored on for the manifest. */
  scoreSamples?: number;
  log?: (line: string) => void;
}

export const pretrainDefaults: Omit<PretrainOptions, 'outDir' | 'manifestPath'> = {
  seed: 1,
  classifierSteps: 15000,
  steps: { vae: 20000, gan: 40000, diffusion: 30000, 'flow-matching': 30000 },
  scoreSamples: 1000,
};

/**
 * MNIST from the `mnist` package at 14 × 14: of each class's digits every fifth is held out. Each
 * part comes with its file's bytes and is read back from them, so that pretraining sees exactly
 * the digits the browser trains on (train.bin is `train.bytes`).
 */
export function loadMnist(subset = Infinity): { train: DigitSet & { bytes: Uint8Array }; heldOut: DigitSet & { bytes: Uint8Array } } {
  const require = createRequire(import.meta.url);
  const folder = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  const parts = { train: { grey: [] as Float32Array[], labels: [] as number[] }, heldOut: { grey: [] as Float32Array[], labels: [] as number[] } };
  for (let digit = 0; digit < 10; digit++) {
    const raw = (JSON.parse(readFileSync(join(folder, `${digit}.json`), 'utf8')) as { data: number[] }).data;
    const count = Math.min(raw.length / 784, subset);
    for (let i = 0; i < count; i++) {
      const grey = new Float32Array(DIGIT_PIXELS);
      downsample28(raw, i * 784, grey, 0);
      const part = i % 5 === 4 ? parts.heldOut : parts.train;
      part.grey.push(grey);
      part.labels.push(digit);
    }
  }
  const toSet = (p: { grey: Float32Array[]; labels: number[] }) => {
    const grey = new Float32Array(p.grey.length * DIGIT_PIXELS);
    p.grey.forEach((g, i) => grey.set(g, i * DIGIT_PIXELS));
    const bytes = encodeDigitSet(grey, Uint8Array.from(p.labels));
    return { ...decodeDigitSet(bytes), bytes };
  };
  return { train: toSet(parts.train), heldOut: toSet(parts.heldOut) };
}

export function trainClassifier(set: DigitSet, steps: number, runtime: ModelRuntime, seed: number): Network {
  const net = createClassifier(runtime, seed);
  const rng = createRng(seed + 1);
  const rows = 128;
  const junkRows = 64;
  const images = new Float32Array(rows * DIGIT_PIXELS);
  const labels = new Uint8Array(rows);
  for (let s = 0; s < steps; s++) {
    fillDigitBatch(set, rows, rng, images, labels);
    const junk = augmentDigits(images, rows, junkRows, rng);
    if (!Number.isFinite(classifierStep(net, images, labels, rows, junk, junkRows))) throw new Error(`the classifier's step ${s} was not finite`);
  }
  return net;
}

/**
 * The families split into `groups` groups of about equal training steps (longest first onto the
 * lightest group), one group per process, so that `npm run pretrain` uses both cores.
 */
export function splitFamilies(families: readonly DigitFamily[], steps: Record<DigitFamily, number>, groups: number): DigitFamily[][] {
  const out = Array.from({ length: groups }, () => [] as DigitFamily[]);
  const load = new Array<number>(groups).fill(0);
  for (const family of [...families].sort((a, b) => steps[b] - steps[a])) {
    const g = load.indexOf(Math.min(...load));
    out[g].push(family);
    load[g] += steps[family];
  }
  return out;
}

/**
 * One manifest from the groups' manifests (each trained the same classifier on the same digits,
 * from the same seed); `previous` keeps the entries of families this run did not train.
 */
export function mergeManifests(parts: readonly DigitsManifest[], previous?: DigitsManifest): DigitsManifest {
  if (parts.length === 0) throw new Error('no group wrote a manifest');
  const families = Object.assign({}, previous?.families, ...parts.map((p) => p.families)) as DigitsManifest['families'];
  return { ...parts[0], families };
}

/** Trains the classifier and `options.families` (all by default), writes their files and a manifest of them alone. */
export async function pretrainDigits(options: PretrainOptions): Promise<DigitsManifest> {
  const log = options.log ?? (() => {});
  await initBackend('cpu');
  tf.enableProdMode();
  const runtime: ModelRuntime = { fastKernels: await loadFastKernels({ variant: 'simd' }) };
  const { train, heldOut } = loadMnist(options.subset);
  mkdirSync(options.outDir, { recursive: true });
  const trainBytes = train.bytes;
  writeFileSync(join(options.outDir, digitFiles.train), trainBytes);

  const classifier = trainClassifier(train, options.classifierSteps, runtime, options.seed);
  const heldOutProbs = classify(classifier, heldOut.images, heldOut.n);
  const heldOutAccuracy = accuracy(heldOutProbs, heldOut.labels);
  const realConfident = scoreProbabilities(heldOutProbs, heldOut.n).confident;
  const classifierBytes = encodeWeights({ sizes: classifier.sizes, steps: options.classifierSteps }, networkArrays('classifier', classifier.getParams()));
  writeFileSync(join(options.outDir, digitFiles.classifier), classifierBytes);
  log(`classifier: ${options.classifierSteps} steps, held-out accuracy ${(100 * heldOutAccuracy).toFixed(2)}% on ${heldOut.n} digits`);

  const families = {} as DigitsManifest['families'];
  for (const family of options.families ?? digitFamilies) {
    const start = performance.now();
    const generator = createDigitGenerator(family, runtime, options.seed);
    const model = generator.model;
    const rows = model.config.batchSize;
    const batch = new Float32Array(rows * DIGIT_PIXELS);
    const rng = createRng(options.seed + 2);
    const steps = options.steps[family];
    for (let s = 0; s < steps; s++) {
      fillDigitBatch(train, rows, rng, batch);
      const result = tf.tidy(() => model.trainStep(tf.tensor2d(batch, [rows, DIGIT_PIXELS])));
      if (!result.ok) throw new Error(`${family}, step ${s}: ${result.message}`);
    }
    const meta: DigitWeightsMeta = { family, config: digitConfigs[family], steps, seed: options.seed };
    const bytes = encodeWeights(meta, model.samplerWeights());
    writeFileSync(join(options.outDir, digitFiles.weights(family)), bytes);
    const n = options.scoreSamples ?? 1000;
    const score = scoreDigits(classifier, generator.generate(generator.noise(n), n), n);
    families[family] = { steps, bytes: bytes.length, scored: n, confident: score.confident, classesPresent: score.classesPresent, spread: score.spread };
    log(`${family}: ${steps} steps in ${((performance.now() - start) / 1000).toFixed(0)} s, ${bytes.length} bytes, ${(100 * score.confident).toFixed(1)}% confident, ${score.classesPresent} classes, spread ${score.spread.toFixed(2)}`);
    model.dispose();
  }
  const manifest: DigitsManifest = {
    seed: options.seed,
    data: { train: train.n, heldOut: heldOut.n, bytes: trainBytes.length },
    classifier: { steps: options.classifierSteps, heldOutAccuracy, realConfident, bytes: classifierBytes.length },
    families,
  };
  writeFileSync(options.manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  classifier.dispose();
  return manifest;
}
