/**
 * URL states for fuzzing the lab's link reader (issue 18), from a seeded generator: random keys
 * (the family's own and unknown ones), values valid, at their limits and garbage (long digit runs
 * with a bad ending, unicode with lone surrogates, bidirectional controls and emoji, percent
 * escapes broken on purpose), lengths up to 10,000, repeated keys, in the query and the hash.
 * Shared by the unit fuzz (readUrl) and the end-to-end one (the widget).
 */
import { families, type Family } from '../../../src/models/types';
import { settingFor, settingsFor, type Setting } from '../../../src/lab/shared/settings';
import { encodePoints, formatValue } from '../../../src/lab/shared/value-codec';

/** mulberry32: a small seeded generator, so that a failing state can be replayed from its index. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rand = () => number;
export const int = (r: Rand, n: number): number => Math.floor(r() * n);
export const pick = <T,>(r: Rand, xs: readonly T[]): T => xs[int(r, xs.length)];

/** Pieces of text a hostile link may carry, unicode and otherwise. */
const ATOMS = [
  'a', 'Z', '0', '7', '.', '-', '+', 'e', 'E', ' ', '_', '~', '=', '&', '#', '?', '/', '%', '%2', '%G1', '%E2%80', '%ED%A0%80', '%F0%9F', '%25', '%00', '%0A', '%E2%80%AE',
  '\u202e', '\u202d', '\u2066', '\u2067', '\u2069', '\u200e', '\u200f', '\u061c', '\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u2028',
  '\ud83d', '\ude00', '😀', '👨‍👩‍👧‍👦', '🇰🇷', 'e\u0301', '\u0301', '가', 'שלום', 'مفتاح', '\uFEFF', '\uFFFD', 'NaN', 'Infinity', '0x1F', '1e309', '.5', '5.',
];

/** A text of up to `max` characters drawn from ATOMS (lengths spread on a log scale, so long ones are common). */
function junk(r: Rand, max: number): string {
  const target = Math.floor(Math.exp(r() * Math.log(max)));
  let out = '';
  while (out.length < target) out += pick(r, ATOMS);
  return out.slice(0, Math.max(target, 1));
}

/** A value for `setting`: valid, at or past its limits, or garbage, often long. */
function valueFor(r: Rand, setting: Setting): string {
  const roll = r();
  if (roll < 0.3) {
    // Valid (formatValue of a value in range).
    switch (setting.kind) {
      case 'number': {
        const v = setting.min + r() * (setting.max - setting.min);
        return formatValue(setting, setting.integer ? Math.round(v) : v);
      }
      case 'choice':
        return pick(r, setting.options).value;
      case 'boolean':
        return pick(r, ['0', '1', 'true', 'false']);
      case 'points':
        return encodePoints(Float32Array.from({ length: 2 * (1 + int(r, setting.maxPoints)) }, () => r() * 8 - 4));
    }
  }
  if (roll < 0.45) {
    // Limits and near misses.
    switch (setting.kind) {
      case 'number':
        return pick(r, [String(setting.min), String(setting.max), String(setting.max + 1), String(setting.min / 2 - 1), `${setting.max}.5`, '1e3', '-0', '']);
      case 'points':
        return pick(r, [encodePoints(new Float32Array(2 * (setting.maxPoints + 1 + int(r, 50)))), 'AAA', 'AAAA'.repeat(setting.maxPoints), '____', '']);
      default:
        return pick(r, ['', 'TRUE', ' 1', 'fast ', 'linear\u202e']);
    }
  }
  if (roll < 0.6) {
    // Long digit runs with a bad ending (the shape that froze the tab).
    return `${pick(r, ['', '+', '-', '.'])}${'1'.repeat(1 + int(r, 10_000))}${pick(r, ['x', '.', 'e', 'e+', '..', '.1.', ' x', '\u202e'])}`;
  }
  return junk(r, 10_000);
}

/** A key: mostly the family's own, else unknown (unicode included). */
function keyFor(r: Rand, family: Family): string {
  return r() < 0.75 ? pick(r, settingsFor(family)).key : junk(r, r() < 0.9 ? 12 : 2000);
}

/** Percent-encode what encodeURIComponent can (it throws on a lone surrogate: leave those to the URL parser). */
function encode(r: Rand, text: string): string {
  if (r() < 0.3) return text; // raw: the URL parser encodes what it must, and '&', '=', '#' split as they fall
  try {
    return encodeURIComponent(text);
  } catch {
    return text;
  }
}

export interface UrlState {
  family: Family;
  /** The widget id the parameters are written for (usually the family; sometimes another widget's). */
  id: string;
  /** `?…` or '' */
  query: string;
  /** `#…` or '' */
  hash: string;
}

/** The URL state number `seed`; `family` and `id` fixed when given (the e2e fuzz opens one lab). */
export function generate(seed: number, fixed: { family?: Family; id?: string } = {}): UrlState {
  const r = rng(seed);
  const family = fixed.family ?? pick(r, families);
  const id = fixed.id ?? (r() < 0.8 ? family : pick(r, [`${family}2`, 'x', 'd']));
  const query: string[] = [];
  const hash: string[] = [];
  const n = int(r, 14);
  for (let i = 0; i < n; i++) {
    const key = keyFor(r, family);
    const setting = settingFor(family, key);
    const count = r() < 0.25 ? 2 + int(r, 3) : 1; // repeated keys
    for (let j = 0; j < count; j++) {
      const raw = setting ? valueFor(r, setting) : junk(r, 200);
      const prefix = r() < 0.9 ? `${id}.` : pick(r, ['other.', `${id}`, `${id}..`, '']);
      (r() < 0.7 ? query : hash).push(`${encode(r, prefix + key)}=${encode(r, raw)}`);
    }
  }
  if (r() < 0.2) hash.push(pick(r, ['lab-gan', '%', '%%%', 'a=%E2%80']));
  return { family, id, query: query.length ? `?${query.join('&')}` : '', hash: hash.length ? `#${hash.join('&')}` : '' };
}

