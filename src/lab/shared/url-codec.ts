/**
 * A widget's settings in the URL, both ways. A malformed or out-of-range value falls back to the
 * default and is listed in `ignored`, which the widget shows to the reader (notices.ts).
 *
 * URL format: `?<id>.<key>=<value>&…` (query string), e.g. `?gan.lr=0.0005&gan.loss=minimax#lab-gan`.
 * Keys are namespaced by the widget id so that two widgets on one page never clash. The query is
 * used rather than the hash because the hash already belongs to the article's heading anchors; the
 * hash stays free to scroll to the widget (`#lab-<id>`). Parameters in the hash are read too, so a
 * Playground-style `#gan.lr=0.0005` link also works.
 */
import type { Family } from '../../models/types';
import { defaultValues, normalise, settingFor, settingsFor, type Values } from './settings';
import { formatValue, parseValue, sameValue, type IgnoredReason } from './value-codec';

export interface Ignored {
  key: string;
  raw: string;
  reason: IgnoredReason;
}

/** Read this widget's settings from a URL: query first, then the hash (a Playground-style link). */
export function readUrl(
  family: Family,
  id: string,
  url: URL,
  overrides: Record<string, string> = {},
): { values: Values; ignored: Ignored[] } {
  const values = defaultValues(family, overrides);
  const ignored: Ignored[] = [];
  const prefix = `${id}.`;
  const seen = new Map<string, string>();
  const hashParams = new URLSearchParams(url.hash.startsWith('#') ? url.hash.slice(1) : url.hash);
  for (const params of [hashParams, url.searchParams]) {
    for (const [k, raw] of params) if (k.startsWith(prefix)) seen.set(k.slice(prefix.length), raw);
  }
  for (const [key, raw] of seen) {
    const setting = settingFor(family, key);
    if (!setting) {
      ignored.push({ key, raw, reason: 'unknown-setting' });
      continue;
    }
    const parsed = parseValue(setting, raw);
    if (parsed.ok) values[key] = parsed.value;
    else ignored.push({ key, raw, reason: parsed.reason });
  }
  return { values: normalise(family, values), ignored };
}

/**
 * The URL with this widget's settings written into the query (only those that differ from their
 * defaults) and its hash-form parameters removed; other widgets' parameters are left untouched.
 */
export function writeUrl(family: Family, id: string, values: Values, url: URL, overrides: Record<string, string> = {}): URL {
  const defaults = defaultValues(family, overrides);
  const out = new URL(url.href);
  const prefix = `${id}.`;
  for (const k of [...out.searchParams.keys()]) if (k.startsWith(prefix)) out.searchParams.delete(k);
  for (const s of settingsFor(family)) {
    const v = values[s.key];
    if (v !== undefined && !sameValue(s, v, defaults[s.key])) out.searchParams.set(prefix + s.key, formatValue(s, v));
  }
  if (out.hash.includes(prefix)) {
    const hp = new URLSearchParams(out.hash.slice(1));
    for (const k of [...hp.keys()]) if (k.startsWith(prefix)) hp.delete(k);
    const rest = hp.toString();
    out.hash = rest ? `#${rest}` : '';
  }
  return out;
}

