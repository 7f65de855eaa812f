/**
 * One setting's value as text and back, for the URL and for the controls. Every value read from
 * text is validated against its setting: parseValue never throws and never returns NaN (unlike
 * TensorFlow Playground, which parses a link's numbers with a bare `+`).
 */
import type { Setting, Value } from './settings';

export type IgnoredReason =
  | 'unknown-setting'
  | 'not-a-number'
  | 'out-of-range'
  | 'not-an-integer'
  | 'not-an-option'
  | 'bad-points'
  | 'too-many-points';

export type Parsed = { ok: true; value: Value } | { ok: false; reason: IgnoredReason };

/** Parse one raw string against its setting; never throws, never returns NaN. */
export function parseValue(setting: Setting, raw: string): Parsed {
  switch (setting.kind) {
    case 'number': {
      const text = raw.trim();
      // Number('') is 0 and Number(' ') too; a bare '+' parse is exactly the Playground's bug.
      if (!isDecimalNumber(text)) return { ok: false, reason: 'not-a-number' };
      const v = Number(text);
      if (!Number.isFinite(v)) return { ok: false, reason: 'not-a-number' };
      if (setting.integer && !Number.isInteger(v)) return { ok: false, reason: 'not-an-integer' };
      if (v < setting.min || v > setting.max) return { ok: false, reason: 'out-of-range' };
      return { ok: true, value: v };
    }
    case 'choice':
      return setting.options.some((o) => o.value === raw) ? { ok: true, value: raw } : { ok: false, reason: 'not-an-option' };
    case 'boolean':
      if (raw === '1' || raw === 'true') return { ok: true, value: true };
      if (raw === '0' || raw === 'false') return { ok: true, value: false };
      return { ok: false, reason: 'not-an-option' };
    case 'points': {
      const pts = decodePoints(raw);
      if (!pts) return { ok: false, reason: 'bad-points' };
      if (pts.length / 2 > setting.maxPoints) return { ok: false, reason: 'too-many-points' };
      return { ok: true, value: pts };
    }
  }
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * Whether `text` is a plain decimal number, `[+-]?(digits[.digits?] | .digits)([eE][+-]?digits)?`
 * (no hex, no Infinity, no NaN, no blanks). One pass, each character looked at once: the regular
 * expression this replaces (`\d+\.?\d*`) tried every split of a digit run between its two digit
 * groups before failing, so a link of 100,000 digits and an 'x' froze the tab for tens of seconds
 * (issue 18). Shared with the CSV reader.
 */
export function isDecimalNumber(text: string): boolean {
  const n = text.length;
  const skipDigits = (from: number): number => {
    let j = from;
    while (j < n && isDigit(text.charCodeAt(j))) j++;
    return j;
  };
  let i = 0;
  if (text[i] === '+' || text[i] === '-') i++;
  const intEnd = skipDigits(i);
  let mantissaDigits = intEnd - i;
  i = intEnd;
  if (text[i] === '.') {
    const fracEnd = skipDigits(i + 1);
    mantissaDigits += fracEnd - i - 1;
    i = fracEnd;
  }
  if (mantissaDigits === 0) return false;
  if (text[i] === 'e' || text[i] === 'E') {
    i++;
    if (text[i] === '+' || text[i] === '-') i++;
    const expEnd = skipDigits(i);
    if (expEnd === i) return false;
    i = expEnd;
  }
  return i === n;
}

/** Format a value for the URL (the inverse of parseValue). */
export function formatValue(setting: Setting, value: Value): string {
  switch (setting.kind) {
    case 'number':
      // Integers exactly; other numbers to 6 significant digits (parseValue accepts both forms).
      if (typeof value !== 'number') return String(value);
      return setting.integer ? String(value) : String(Number(value.toPrecision(6)));
    case 'choice':
      return String(value);
    case 'boolean':
      return value ? '1' : '0';
    case 'points':
      return value instanceof Float32Array ? encodePoints(value) : '';
  }
}

export function sameValue(setting: Setting, a: Value, b: Value): boolean {
  if (setting.kind === 'points') return formatValue(setting, a) === formatValue(setting, b);
  return a === b;
}

/**
 * Drawn points as URL-safe text: each coordinate is quantised to 1/50 in [−4, 4] (401 levels) and
 * written as two base-64url characters, so 300 points take 1,200 characters.
 */
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const POINT_SCALE = 50;
const POINT_LIMIT = 4;

export function encodePoints(points: Float32Array): string {
  let out = '';
  for (const v of points) {
    const q = Math.round((Math.max(-POINT_LIMIT, Math.min(POINT_LIMIT, v)) + POINT_LIMIT) * POINT_SCALE);
    out += B64[q >> 6] + B64[q & 63];
  }
  return out;
}

export function decodePoints(text: string): Float32Array | null {
  if (text.length === 0 || text.length % 4 !== 0) return null;
  const out = new Float32Array(text.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = B64.indexOf(text[2 * i]);
    const lo = B64.indexOf(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return null;
    const q = hi * 64 + lo;
    if (q > 2 * POINT_LIMIT * POINT_SCALE) return null;
    out[i] = q / POINT_SCALE - POINT_LIMIT;
  }
  return out;
}

