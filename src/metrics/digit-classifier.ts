import { createRng, type Rng } from '../data/random';
import { DIGIT_CLASSES, DIGIT_PIXELS } from '../data/digits';
import { applyUpdates, createNetwork, type Network } from '../models/network';
import type { ModelRuntime } from '../models/types';

/**
 * The digit classifier that scores generated digits: a small MLP (196 → 128 → 128 → 10, ReLU)
 * trained by softmax cross-entropy on the training digits. Its only job is to be an honest judge:
 * a sample counts as a digit when the classifier is more than 90% sure which one it is, and a
 * model that draws only ones is caught by the spread of the classes it draws.
 */
export const CLASSIFIER_SIZES = [DIGIT_PIXELS, 128, 128, DIGIT_CLASSES] as const;
/** A sample is "confident" above this probability of its most likely class. */
export const CONFIDENCE = 0.9;
/** A class is "present" when at least this share of the samples is confidently that class. */
export const PRESENT_SHARE = 0.01;

export function createClassifier(runtime: ModelRuntime, seed = 1, learningRate = 1e-3): Network {
  return createNetwork({ sizes: CLASSIFIER_SIZES, activation: 'relu', name: 'digit-classifier', learningRate, batchRows: 128 }, createRng(seed), runtime);
}

/** Softmax of each row of logits, in place; returns the same array. */
export function softmaxRows(logits: Float32Array, n: number, k = DIGIT_CLASSES): Float32Array {
  for (let r = 0; r < n; r++) {
    let max = -Infinity;
    for (let j = 0; j < k; j++) max = Math.max(max, logits[r * k + j]);
    let sum = 0;
    for (let j = 0; j < k; j++) sum += logits[r * k + j] = Math.exp(logits[r * k + j] - max);
    for (let j = 0; j < k; j++) logits[r * k + j] /= sum;
  }
  return logits;
}

/** Weight of the outlier-exposure term against the cross-entropy on real digits (Hendrycks et al. use 0.5). */
export const OUTLIER_WEIGHT = 0.5;

/**
 * One Adam step of the classifier: mean cross-entropy −log softmax(f(x))_y on n real images, plus
 * outlier exposure (Hendrycks, Mazeika & Dietterich 2019, arXiv:1812.04606) on m junk images: the
 * cross-entropy to the uniform distribution, −(1/10) Σ_k log softmax(f(x̃))_k, weighted by 0.5. A
 * plain classifier is a lenient judge: it is sure of one digit or another on pure noise. Trained to
 * be unsure on noise, ink dots, shuffled pixels and blank pages (augmentDigits), its confidence
 * means "a digit".
 * Gradients with respect to the logits: (softmax − onehot(y))/n and 0.5 (softmax − 1/10)/m.
 * Returns the real images' mean cross-entropy (NaN: the step was skipped).
 */
export function classifierStep(net: Network, images: Float32Array, labels: ArrayLike<number>, n: number, junk: Float32Array = new Float32Array(0), m = 0): number {
  const input = m > 0 ? concat(images.subarray(0, n * DIGIT_PIXELS), junk.subarray(0, m * DIGIT_PIXELS)) : images;
  const p = softmaxRows(net.forward(input, n + m).slice(), n + m);
  let loss = 0;
  for (let r = 0; r < n; r++) {
    loss -= Math.log(Math.max(p[r * DIGIT_CLASSES + labels[r]], 1e-30));
    p[r * DIGIT_CLASSES + labels[r]] -= 1;
    for (let j = 0; j < DIGIT_CLASSES; j++) p[r * DIGIT_CLASSES + j] /= n;
  }
  for (let r = n; r < n + m; r++) {
    for (let j = 0; j < DIGIT_CLASSES; j++) p[r * DIGIT_CLASSES + j] = (OUTLIER_WEIGHT * (p[r * DIGIT_CLASSES + j] - 1 / DIGIT_CLASSES)) / m;
  }
  net.backward(p);
  return applyUpdates([net]) ? loss / n : NaN;
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * Softens a digit in place with the [1, 2, 1]/4 kernel along rows and columns (a blur of about
 * 0.7 pixel): a slightly blurred digit is still a digit (a VAE draws its decoder's mean, which is
 * smooth).
 */
export function softenDigit(row: Float32Array): void {
  const tmp = new Float32Array(DIGIT_PIXELS);
  const side = Math.sqrt(DIGIT_PIXELS);
  const at = (src: Float32Array, r: number, c: number) => src[Math.min(side - 1, Math.max(0, r)) * side + Math.min(side - 1, Math.max(0, c))];
  for (let r = 0; r < side; r++) for (let c = 0; c < side; c++) tmp[r * side + c] = (at(row, r, c - 1) + 2 * at(row, r, c) + at(row, r, c + 1)) / 4;
  for (let r = 0; r < side; r++) for (let c = 0; c < side; c++) row[r * side + c] = (at(tmp, r - 1, c) + 2 * at(tmp, r, c) + at(tmp, r + 1, c)) / 4;
}

/** Greys a digit's paper by up to a quarter of the range and adds mild noise (σ ≤ 0.25): a digit on grey, grainy paper is still a digit. */
export function greyPaper(row: Float32Array, rng: Rng): void {
  const paper = 0.5 * rng.uniform();
  const grain = 0.25 * rng.uniform();
  for (let i = 0; i < row.length; i++) row[i] = Math.min(1, Math.max(-1, row[i] + (paper * (1 - row[i])) / 2 + grain * rng.normal()));
}

/**
 * What the judge learns from: each real row as it is, softened (a quarter) or on grey paper (a
 * quarter), in place; and m images that are not digits, in turn Gaussian noise, sparse ink dots,
 * a blank or grey page, the average of 10 to 30 digits (the grey blob an untrained generator
 * draws first), and a real digit with its pixels shuffled (the same ink, no shape).
 *
 * Harder junk was tried and left out: blends of two digits and digits under heavy noise made the
 * judge refuse most of what the generators draw (a diffusion model's slightly grainy digits
 * above all), so that the share of confident samples said more about grain than about shape.
 */
export function augmentDigits(images: Float32Array, n: number, m: number, rng: Rng): Float32Array {
  const rowOf = (a: Float32Array, k: number) => a.subarray(k * DIGIT_PIXELS, (k + 1) * DIGIT_PIXELS);
  const junk = new Float32Array(m * DIGIT_PIXELS);
  for (let r = 0; r < m; r++) {
    const row = rowOf(junk, r);
    switch (r % 5) {
      case 0: {
        const mean = -1 + 2 * rng.uniform();
        const sd = 0.3 + 1.2 * rng.uniform();
        for (let i = 0; i < DIGIT_PIXELS; i++) row[i] = Math.min(1, Math.max(-1, mean + sd * rng.normal()));
        break;
      }
      case 1: {
        const density = 0.05 + 0.35 * rng.uniform();
        for (let i = 0; i < DIGIT_PIXELS; i++) row[i] = rng.uniform() < density ? 1 : -1;
        break;
      }
      case 2:
        row.fill(-1 + 2 * rng.uniform() * rng.uniform());
        break;
      case 3: {
        // The average of several digits: the grey blob an untrained generator draws first.
        const k = 10 + rng.int(21);
        row.fill(0);
        for (let j = 0; j < k; j++) {
          const digit = rowOf(images, rng.int(n));
          for (let i = 0; i < DIGIT_PIXELS; i++) row[i] += digit[i] / k;
        }
        break;
      }
      default: {
        row.set(rowOf(images, rng.int(n)));
        for (let i = DIGIT_PIXELS - 1; i > 0; i--) {
          const j = rng.int(i + 1);
          [row[i], row[j]] = [row[j], row[i]];
        }
      }
    }
  }
  for (let r = 0; r < n; r++) {
    if (r % 4 === 1) softenDigit(rowOf(images, r));
    else if (r % 4 === 2) greyPaper(rowOf(images, r), rng);
  }
  return junk;
}

/** Class probabilities [n × 10] of n images (model values in [−1, 1]). */
export function classify(net: Network, images: Float32Array, n: number): Float32Array {
  return softmaxRows(net.evaluate(images, n, 'trained'), n);
}

/** Share of images whose most likely class is their label. */
export function accuracy(probs: Float32Array, labels: ArrayLike<number>): number {
  let right = 0;
  for (let r = 0; r < labels.length; r++) if (argmax(probs, r) === labels[r]) right++;
  return right / labels.length;
}

function argmax(probs: Float32Array, r: number): number {
  let best = 0;
  for (let j = 1; j < DIGIT_CLASSES; j++) if (probs[r * DIGIT_CLASSES + j] > probs[r * DIGIT_CLASSES + best]) best = j;
  return best;
}

export interface DigitScore {
  /** Share of samples classified with confidence above 0.9. */
  confident: number;
  /** Classes that at least 1% of the samples are confidently drawn as. */
  classesPresent: number;
  /** exp(entropy) of the confident samples' classes: 10 when every digit is drawn equally often, 1 when one digit only (0 when none is confident). */
  spread: number;
  /** Confident samples of each class. */
  counts: number[];
}

/** The digits lab's quality number for n generated images (model values). */
export function scoreDigits(net: Network, images: Float32Array, n: number): DigitScore {
  return scoreProbabilities(classify(net, images, n), n);
}

export function scoreProbabilities(probs: Float32Array, n: number): DigitScore {
  const counts = new Array<number>(DIGIT_CLASSES).fill(0);
  let confident = 0;
  for (let r = 0; r < n; r++) {
    const c = argmax(probs, r);
    if (probs[r * DIGIT_CLASSES + c] > CONFIDENCE) {
      confident++;
      counts[c]++;
    }
  }
  let entropy = 0;
  for (const k of counts) if (k > 0) entropy -= (k / confident) * Math.log(k / confident);
  return {
    confident: confident / n,
    classesPresent: counts.filter((k) => k > 0 && k >= PRESENT_SHARE * n).length,
    spread: confident === 0 ? 0 : Math.exp(entropy),
    counts,
  };
}
