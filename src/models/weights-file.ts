import type { Network, NetworkParams } from './network';

/**
 * Trained weights as a small static file (the digits lab's pretrained samplers and classifier):
 *   "GW16" · uint32 header length H (little-endian) · H bytes of JSON · padding to an even offset ·
 *   every array's values as IEEE half-precision floats, in the header's order.
 * The header is { meta, arrays: [{ name, length }] }. Half precision keeps about three significant
 * digits, far finer than what changes a sampled digit, at half the bytes of float32.
 */
export type NamedArrays = Record<string, Float32Array>;

export interface WeightsFile<Meta> {
  meta: Meta;
  arrays: NamedArrays;
}

/** A weights file that cannot be read or does not fit the model; the message says why, for the page. */
export class WeightsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WeightsFileError';
  }
}

const MAGIC = 'GW16';

export function encodeWeights<Meta>(meta: Meta, arrays: NamedArrays): Uint8Array {
  const names = Object.keys(arrays);
  const header = new TextEncoder().encode(JSON.stringify({ meta, arrays: names.map((name) => ({ name, length: arrays[name].length })) }));
  const start = 8 + header.length + ((8 + header.length) % 2);
  const total = names.reduce((s, k) => s + arrays[k].length, 0);
  const bytes = new Uint8Array(start + 2 * total);
  for (let i = 0; i < 4; i++) bytes[i] = MAGIC.charCodeAt(i);
  const view = new DataView(bytes.buffer);
  view.setUint32(4, header.length, true);
  bytes.set(header, 8);
  let at = start;
  for (const name of names) {
    for (const v of arrays[name]) {
      view.setUint16(at, toHalf(v), true);
      at += 2;
    }
  }
  return bytes;
}

export function decodeWeights<Meta>(bytes: Uint8Array): WeightsFile<Meta> {
  if (bytes.length < 8 || String.fromCharCode(...bytes.subarray(0, 4)) !== MAGIC) throw new WeightsFileError('not a weights file (its first bytes are not "GW16")');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(4, true);
  if (8 + headerLength > bytes.length) throw new WeightsFileError('the weights file is cut short inside its header');
  let header: { meta: Meta; arrays: { name: string; length: number }[] };
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)));
  } catch {
    throw new WeightsFileError('the weights file has an unreadable header');
  }
  if (!header || !Array.isArray(header.arrays) || !header.arrays.every((a) => typeof a?.name === 'string' && Number.isInteger(a.length) && a.length >= 0)) {
    throw new WeightsFileError('the weights file’s header does not list its arrays');
  }
  let at = 8 + headerLength + ((8 + headerLength) % 2);
  const expected = at + 2 * header.arrays.reduce((s, a) => s + a.length, 0);
  if (bytes.length !== expected) throw new WeightsFileError(`the weights file should have ${expected} bytes and has ${bytes.length}`);
  const arrays: NamedArrays = {};
  for (const { name, length } of header.arrays) {
    const values = new Float32Array(length);
    for (let i = 0; i < length; i++, at += 2) values[i] = fromHalf(view.getUint16(at, true));
    for (const v of values) if (!Number.isFinite(v)) throw new WeightsFileError(`the weights file’s array "${name}" holds a value that is not a finite number`);
    arrays[name] = values;
  }
  return { meta: header.meta, arrays };
}

/** A network's parameters as named arrays: `${prefix}.W0`, `${prefix}.b0`, … */
export function networkArrays(prefix: string, params: NetworkParams): NamedArrays {
  const out: NamedArrays = {};
  params.weights.forEach((w, l) => (out[`${prefix}.W${l}`] = w));
  params.biases.forEach((b, l) => (out[`${prefix}.b${l}`] = b));
  return out;
}

/** Loads named arrays into a network (trained and averaged weights alike), checking every shape first. */
export function loadNetwork(prefix: string, net: Network, arrays: NamedArrays): void {
  const weights: Float32Array[] = [];
  const biases: Float32Array[] = [];
  for (let l = 0; l + 1 < net.sizes.length; l++) {
    weights.push(expectArray(arrays, `${prefix}.W${l}`, net.sizes[l] * net.sizes[l + 1]));
    biases.push(expectArray(arrays, `${prefix}.b${l}`, net.sizes[l + 1]));
  }
  net.setParams({ weights, biases });
}

export function expectArray(arrays: NamedArrays, name: string, length: number): Float32Array {
  const a = arrays[name];
  if (!a) throw new WeightsFileError(`the weights file has no array "${name}"`);
  if (a.length !== length) throw new WeightsFileError(`the weights file’s "${name}" has ${a.length} values where the model needs ${length}`);
  return a;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 binary32 → binary16 bits, rounding to nearest even; overflow becomes ±Infinity. */
export function toHalf(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    return sign | (half + (rest > mid || (rest === mid && half & 1) ? 1 : 0));
  }
  const half = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  return sign | (half + (rest > 0x1000 || (rest === 0x1000 && half & 1) ? 1 : 0));
}

/** IEEE 754 binary16 bits → number. */
export function fromHalf(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >>> 10) & 0x1f;
  const mant = bits & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}
