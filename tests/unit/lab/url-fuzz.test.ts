/**
 * Fuzzing the lab's link reader (issue 18): URL states from a seeded generator (random keys and
 * values, lengths up to 10,000, unicode with surrogates, bidirectional controls and emoji, repeated
 * keys, percent escapes broken on purpose), each checked against what readUrl promises: it never
 * throws, ends in valid settings (the last valid value of a key, else its default, lowered to its
 * bound), names every value it did not use as given and nothing else, and stays fast.
 */
import { describe, expect, it } from 'vitest';
import { describeIgnored, MAX_NOTICE_LINES } from '../../../src/lab/shared/notices';
import { boundedBy, defaultValues, settingFor, settingsFor, type Setting, type Value } from '../../../src/lab/shared/settings';
import { readUrl, type Ignored } from '../../../src/lab/shared/url-codec';
import { isDecimalNumber, parseValue } from '../../../src/lab/shared/value-codec';
import { generate, int, pick, rng } from './url-states';

/** What the URL holds for this widget, read the way a browser splits it: key → its raw values in order (hash, then query). */
function givenValues(url: URL, id: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const hash = new URLSearchParams(url.hash.slice(1));
  for (const params of [hash, url.searchParams]) {
    for (const [k, raw] of params) {
      if (!k.startsWith(`${id}.`)) continue;
      const key = k.slice(id.length + 1);
      out.set(key, [...(out.get(key) ?? []), raw]);
    }
  }
  return out;
}

function isValid(setting: Setting, value: Value): boolean {
  switch (setting.kind) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && value >= setting.min && value <= setting.max && (!setting.integer || Number.isInteger(value));
    case 'choice':
      return setting.options.some((o) => o.value === value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'points':
      return value instanceof Float32Array && value.length % 2 === 0 && value.length / 2 <= setting.maxPoints && value.every((v) => v >= -4 && v <= 4);
  }
}

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Parse time of one state, ms: the fastest of up to three tries (one slow run on a shared machine is noise). */
function timed(work: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 3 && best >= 50; i++) {
    const t0 = performance.now();
    work();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

const STATES = 300;

describe('fuzzing the link reader', () => {
  it(`${STATES} generated links each end in valid settings, with a notice for every value not used as given`, () => {
    let withNotice = 0;
    let repeated = 0;
    let long = 0;
    for (let seed = 1; seed <= STATES; seed++) {
      const state = generate(seed);
      const href = `https://example.github.io/generative-in-your-browser/en/${state.family}/${state.query}${state.hash}`;
      const where = `state ${seed}: ${href.slice(0, 200)}`;
      const url = new URL(href);
      let result: { values: Record<string, Value>; ignored: Ignored[] } = { values: {}, ignored: [] };
      let lines: string[] = [];
      const ms = timed(() => {
        result = readUrl(state.family, state.id, url);
        lines = [...describeIgnored(state.family, result.ignored, 'en'), ...describeIgnored(state.family, result.ignored, 'ko')];
      });
      expect(ms, where).toBeLessThan(50);
      const { values, ignored } = result;

      // Every setting valid, and within its bound.
      const defaults = defaultValues(state.family);
      for (const s of settingsFor(state.family)) expect(isValid(s, values[s.key]), `${where}: ${s.key}`).toBe(true);
      expect(Object.keys(values).sort()).toEqual(Object.keys(defaults).sort());
      const bounds = boundedBy[state.family] ?? {};
      for (const [key, bound] of Object.entries(bounds)) expect(values[key] as number, where).toBeLessThanOrEqual(values[bound] as number);

      // The value of each setting: its last valid value in the link, else its default; lowered to its bound.
      const given = givenValues(url, state.id);
      let expectedNotices = 0;
      for (const s of settingsFor(state.family)) {
        const raws = given.get(s.key) ?? [];
        const parsed = raws.map((raw) => parseValue(s, raw));
        const last = parsed.map((p) => p.ok).lastIndexOf(true);
        const wanted = last >= 0 ? (parsed[last] as { ok: true; value: Value }).value : defaults[s.key];
        const bound = bounds[s.key];
        const expected = bound ? Math.min(wanted as number, values[bound] as number) : wanted;
        expect(values[s.key], `${where}: ${s.key}`).toEqual(expected);
        // Every raw value but the one used is named, with what is used instead; so is the used one if it was lowered.
        const named = ignored.filter((i) => i.key === s.key);
        const clamped = last >= 0 && expected !== wanted;
        expect(named.length, `${where}: ${s.key}`).toBe(raws.length - (last >= 0 ? 1 : 0) + (clamped ? 1 : 0));
        for (const [i, raw] of raws.entries()) {
          if (i === last && !clamped) continue;
          expect(named.some((n) => n.raw === raw), `${where}: ${s.key}`).toBe(true);
        }
        for (const n of named) expect(n.using, where).toEqual(values[s.key]);
        expectedNotices += named.length;
        if (raws.length > 1) repeated++;
      }
      // Every value of an unknown key is named too, and nothing else.
      for (const [key, raws] of given) {
        if (settingFor(state.family, key)) continue;
        expect(ignored.filter((i) => i.key === key && i.reason === 'unknown-setting').map((i) => i.raw), where).toEqual(raws);
        expectedNotices += raws.length;
      }
      expect(ignored.length, where).toBe(expectedNotices);
      if (ignored.length > 0) withNotice++;
      if (href.length > 5000) long++;

      // The notice: a bounded number of short lines, with nothing of the reader's that could rearrange it.
      const perLang = Math.min(ignored.length, MAX_NOTICE_LINES) + (ignored.length > MAX_NOTICE_LINES ? 1 : 0);
      expect(lines.length, where).toBe(2 * perLang);
      for (const line of lines) {
        expect(line.replace(/\u2068([^\u2066-\u2069]*)\u2069/g, '$1'), where).not.toMatch(UNSAFE);
        expect(line, where).not.toMatch(LONE_SURROGATE);
        expect([...line].length, where).toBeLessThan(400);
      }
    }
    // The generator reaches what it is meant to.
    expect(withNotice).toBeGreaterThan(STATES / 2);
    expect(repeated).toBeGreaterThan(STATES / 10);
    expect(long).toBeGreaterThan(STATES / 10);
  });

  it('the number scanner agrees with the old pattern wherever the pattern was quick (short texts)', () => {
    const OLD = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
    const r = rng(7);
    const alphabet = ['0', '1', '9', '.', 'e', 'E', '+', '-', 'x', ' ', '٣', '１'];
    for (let i = 0; i < 20_000; i++) {
      const text = Array.from({ length: int(r, 10) }, () => pick(r, alphabet)).join('');
      expect(isDecimalNumber(text), JSON.stringify(text)).toBe(OLD.test(text));
    }
  });
});
