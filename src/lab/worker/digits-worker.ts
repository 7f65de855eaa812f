/// <reference lib="webworker" />
/**
 * The digits lab's Web Worker: it fetches what the reader asked for (a family's pretrained
 * weights, the classifier that scores digits, the training digits only when training from
 * scratch), owns the model, trains it in slices between which it answers the page, and sends
 * digits back as grey bytes. Every failure becomes a message; none is left to the console.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../../data/random';
import { decodeDigitSet, DIGIT_PIXELS, fillDigitBatch, modelToGrey, type DigitSet } from '../../data/digits';
import { createClassifier, scoreDigits } from '../../metrics/digit-classifier';
import { initBackend } from '../../models/backend';
import { createDigitGenerator, interpolateNoise, latentGrid, type DigitGenerator } from '../../models/digit-generator';
import type { DigitFamily } from '../../models/digit-configs';
import { loadFastKernels } from '../../models/fast/kernels';
import type { Network } from '../../models/network';
import type { ModelRuntime } from '../../models/types';
import { decodeWeights, loadNetwork } from '../../models/weights-file';
import { checkDigitWeights, digitFiles } from '../shared/digits-files';
import { GRID_DIGITS, PATH_FRAMES, type Fetched, type FromDigits, type ToDigits } from '../shared/digits-protocol';
import { yieldNow } from './yield-now';

const scope = self as unknown as DedicatedWorkerGlobalScope;
/** Training runs in slices of this many milliseconds, and shows a new grid this often. */
const SLICE_MS = 40;
const GRID_EVERY_MS = 1500;
/** Fresh digits scored beside the grid's 64 while training. */
const EXTRA_SCORED = 64;

function post(msg: FromDigits): void {
  const buffers: Transferable[] = [];
  for (const v of Object.values(msg)) if (v instanceof Uint8Array) buffers.push(v.buffer);
  scope.postMessage(msg, buffers);
}

function greyBytes(images: Float32Array): Uint8Array {
  const out = new Uint8Array(images.length);
  for (let i = 0; i < images.length; i++) out[i] = Math.round(255 * modelToGrey(images[i]));
  return out;
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url.split('/').pop()}: the server answered ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

let runtime: Promise<ModelRuntime> | null = null;
function setup(): Promise<ModelRuntime> {
  runtime ??= (async () => {
    // tfjs only carries batches into trainStep here; the networks run on the fused kernels.
    await initBackend('cpu');
    tf.enableProdMode();
    try {
      const kernels = await loadFastKernels({ threads: false });
      post({ type: 'ready', fused: true });
      return { fastKernels: kernels, threads: 1 as const };
    } catch {
      post({ type: 'ready', fused: false });
      return { trainingPath: 'tfjs' as const };
    }
  })();
  return runtime;
}

let classifier: { net: Network; bytes: number } | null = null;
async function loadClassifier(base: string, rt: ModelRuntime): Promise<{ net: Network; bytes: number }> {
  if (classifier) return classifier;
  const bytes = await fetchBytes(base + digitFiles.classifier);
  const net = createClassifier(rt);
  loadNetwork('classifier', net, decodeWeights(bytes).arrays);
  classifier = { net, bytes: bytes.length };
  return classifier;
}

let data: { set: DigitSet; bytes: number } | null = null;

interface Current {
  /** The `generation` that built it. */
  id: number;
  generator: DigitGenerator;
  /** The grid's 64 draws of noise, fixed for the model's life. */
  noise: Float32Array;
  source: 'pretrained' | 'scratch';
  step: number;
  trainingMs: number;
  fetched: Fetched;
}
let current: Current | null = null;
let training = false;
/** Bumped by every request that replaces the model, so a training loop of an older model stops. */
let generation = 0;

function replaceModel(next: Current | null): void {
  current?.generator.model.dispose();
  current = next;
}

function drawGrid(c: Current, extra: number, scorer: Network): FromDigits {
  const { generator, noise } = c;
  const frames = generator.path?.(noise, GRID_DIGITS, PATH_FRAMES);
  const images = frames ? frames.at(-1)! : generator.generate(noise, GRID_DIGITS);
  let scoredImages = images;
  if (extra > 0) {
    scoredImages = new Float32Array((GRID_DIGITS + extra) * DIGIT_PIXELS);
    scoredImages.set(images);
    scoredImages.set(generator.generate(generator.noise(extra), extra), images.length);
  }
  const n = scoredImages.length / DIGIT_PIXELS;
  let path: Uint8Array | undefined;
  if (frames) {
    path = new Uint8Array(frames.length * GRID_DIGITS * DIGIT_PIXELS);
    frames.forEach((f, i) => path!.set(greyBytes(f), i * GRID_DIGITS * DIGIT_PIXELS));
  }
  return {
    type: 'grid',
    model: c.id,
    family: generator.family,
    source: c.source,
    images: greyBytes(images),
    score: scoreDigits(scorer, scoredImages, n),
    scored: n,
    step: c.step,
    trainingSeconds: c.trainingMs / 1000,
    path,
    frames: frames?.length,
    fetched: { ...c.fetched },
    training,
  };
}

async function showPretrained(family: DigitFamily, base: string): Promise<void> {
  const id = ++generation;
  training = false;
  const rt = await setup();
  let weights: Uint8Array;
  let scorer: { net: Network; bytes: number };
  try {
    [weights, scorer] = await Promise.all([fetchBytes(base + digitFiles.weights(family)), loadClassifier(base, rt)]);
  } catch (e) {
    post({ type: 'failed', what: classifier ? 'weights' : 'classifier', message: messageOf(e) });
    return;
  }
  if (id !== generation) return;
  const generator = createDigitGenerator(family, rt);
  let steps: number;
  try {
    const file = decodeWeights(weights);
    checkDigitWeights(family, file.meta);
    generator.model.loadSamplerWeights(file.arrays);
    steps = file.meta.steps;
  } catch (e) {
    generator.model.dispose();
    post({ type: 'failed', what: 'weights', message: messageOf(e) });
    return;
  }
  replaceModel({ id, generator, noise: generator.noise(GRID_DIGITS), source: 'pretrained', step: steps, trainingMs: 0, fetched: { weights: weights.length, classifier: scorer.bytes, data: 0 } });
  post(drawGrid(current!, 0, scorer.net));
}

async function trainFromScratch(family: DigitFamily, base: string): Promise<void> {
  const id = ++generation;
  const rt = await setup();
  let scorer: { net: Network; bytes: number };
  try {
    scorer = await loadClassifier(base, rt);
    if (!data) {
      const bytes = await fetchBytes(base + digitFiles.train);
      data = { set: decodeDigitSet(bytes), bytes: bytes.length };
    }
  } catch (e) {
    post({ type: 'failed', what: classifier ? 'data' : 'classifier', message: messageOf(e) });
    return;
  }
  if (id !== generation) return;
  // Resume the same model when the reader paused it; else a fresh one.
  if (!current || current.source !== 'scratch' || current.generator.family !== family) {
    const generator = createDigitGenerator(family, rt);
    replaceModel({ id, generator, noise: generator.noise(GRID_DIGITS), source: 'scratch', step: 0, trainingMs: 0, fetched: { weights: 0, classifier: scorer.bytes, data: data.bytes } });
  }
  const c = current!;
  const { set } = data;
  const model = c.generator.model;
  const batchSize = model.config.batchSize;
  const rng = createRng(c.step + 17);
  const batch = new Float32Array(batchSize * DIGIT_PIXELS);
  training = true;
  post(drawGrid(c, EXTRA_SCORED, scorer.net));
  let lastGrid = performance.now();
  while (training && id === generation) {
    const start = performance.now();
    while (performance.now() - start < SLICE_MS) {
      fillDigitBatch(set, batchSize, rng, batch);
      const result = tf.tidy(() => model.trainStep(tf.tensor2d(batch, [batchSize, DIGIT_PIXELS])));
      if (!result.ok) {
        training = false;
        post({ type: 'failed', what: 'training', message: result.message });
        return;
      }
      c.step++;
    }
    c.trainingMs += performance.now() - start;
    if (performance.now() - lastGrid >= GRID_EVERY_MS) {
      post(drawGrid(c, EXTRA_SCORED, scorer.net));
      lastGrid = performance.now();
    }
    await yieldNow();
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function handle(msg: ToDigits): Promise<void> | void {
  switch (msg.type) {
    case 'ping':
      return post({ type: 'pong' });
    case 'pretrained':
      return showPretrained(msg.family, msg.base);
    case 'train':
      return trainFromScratch(msg.family, msg.base);
    case 'pause':
      if (training && current && classifier) {
        training = false;
        post(drawGrid(current, EXTRA_SCORED, classifier.net));
      }
      return;
    case 'interpolate': {
      if (!current) return;
      const { generator, noise } = current;
      const size = generator.noiseSize;
      const at = (k: number) => noise.subarray(k * size, (k + 1) * size);
      const images = generator.generate(interpolateNoise(at(msg.a), at(msg.b), msg.steps), msg.steps);
      return post({ type: 'interpolation', a: msg.a, b: msg.b, steps: msg.steps, images: greyBytes(images) });
    }
    case 'latent-grid': {
      if (!current || current.generator.family !== 'vae') return;
      return post({ type: 'latent-grid', side: msg.side, images: greyBytes(current.generator.generate(latentGrid(msg.side), msg.side * msg.side)) });
    }
  }
}

scope.onmessage = (e: MessageEvent<ToDigits>) => {
  Promise.resolve()
    .then(() => handle(e.data))
    .catch((err: unknown) => {
      training = false;
      post({ type: 'error', message: messageOf(err) });
    });
};
scope.addEventListener('unhandledrejection', (e: PromiseRejectionEvent) => {
  e.preventDefault();
  post({ type: 'error', message: String(e.reason) });
});
