/**
 * A widget's settings in the URL, both ways. A malformed or out-of-range value falls back to the
 * default, a repeated key takes its last valid value, a value above its bound is lowered, and each
 * value not used as given is listed in `ignored`, which the widget shows to the reader (notices.ts).
 *
 * URL format: `?<id>.<key>=<value>&…` (query string), e.g. `?gan.lr=0.0005&gan.loss=minimax#lab-gan`.
 * Keys are namespaced by the widget id so that two widgets on one page never clash. The query is
 * used rather than the hash because the hash already belongs to the article's heading anchors; the
 * hash stays free to scroll to the widget (`#lab-<id>`). Parameters in the hash are read too, so a
 * Playground-style `#gan.lr=0.0005` link also works.
 */
import type { Family } from '../../models/types';
import { boundedBy, defaultValues, normalise, settingFor, settingsFor, type Value, type Values } from './settings';
import { formatValue, parseValue, sameValue, type IgnoredReason } from './value-codec';

/**
 * Why a value of the link is not used as given: it is unreadable (IgnoredReason); it is valid but
 * the same key came again with a later valid value ('repeated'); or it was lowered to the value of
 * the setting that bounds it ('clamped', e.g. diffusion's t above T).
 */
export type NoticeReason = IgnoredReason | 'repeated' | 'clamped';

/** A value of the link that the widget does not use as given; the widget tells the reader (notices.ts). */
export interface Ignored {
  key: string;
  raw: string;
  reason: NoticeReason;
  /** What the widget uses instead (absent for an unknown setting). */
  using?: Value;
  /**
   * Where `using` comes from: the default, the key's last valid value in the link, or the setting
   * that bounds this one (which may have lowered either).
   */
  source?: 'default' | 'last-valid' | 'bound';
  /** For 'clamped': the key of the setting that bounds this one. */
  bound?: string;
}

/**
 * Read this widget's settings from a URL: the hash (a Playground-style link), then the query.
 * A key given more than once takes its LAST VALID value (query after hash, left to right); every
 * other value of it is reported, as is every value that is unreadable, unknown or clamped, so the
 * reader is told of every value the widget did not use as given.
 */
export function readUrl(
  family: Family,
  id: string,
  url: URL,
  overrides: Record<string, string> = {},
): { values: Values; ignored: Ignored[] } {
  const values = defaultValues(family, overrides);
  const ignored: Ignored[] = [];
  const prefix = `${id}.`;
  const given = new Map<string, string[]>();
  const hashParams = new URLSearchParams(url.hash.startsWith('#') ? url.hash.slice(1) : url.hash);
  for (const params of [hashParams, url.searchParams]) {
    for (const [k, raw] of params) {
      if (!k.startsWith(prefix)) continue;
      const key = k.slice(prefix.length);
      const list = given.get(key);
      if (list) list.push(raw);
      else given.set(key, [raw]);
    }
  }
  const accepted = new Map<string, { raw: string; value: Value }>();
  for (const [key, raws] of given) {
    const setting = settingFor(family, key);
    if (!setting) {
      for (const raw of raws) ignored.push({ key, raw, reason: 'unknown-setting' });
      continue;
    }
    const parsed = raws.map((raw) => parseValue(setting, raw));
    const used = parsed.map((p) => p.ok).lastIndexOf(true);
    const source = used >= 0 ? 'last-valid' : 'default';
    parsed.forEach((p, i) => {
      if (!p.ok) ignored.push({ key, raw: raws[i], reason: p.reason, source });
      else if (i !== used) ignored.push({ key, raw: raws[i], reason: 'repeated', source });
      else {
        values[key] = p.value;
        accepted.set(key, { raw: raws[i], value: p.value });
      }
    });
  }
  const out = normalise(family, values);
  for (const [key, bound] of Object.entries(boundedBy[family] ?? {})) {
    const link = accepted.get(key);
    if (link && link.value !== out[key]) ignored.push({ key, raw: link.raw, reason: 'clamped', source: 'bound', bound });
  }
  const defaults = defaultValues(family, overrides);
  for (const item of ignored) {
    const setting = settingFor(family, item.key);
    if (!setting) continue;
    item.using = out[item.key];
    // A default or a last valid value that the bound lowered in turn is named as the bound's.
    const meant = item.source === 'default' ? defaults[item.key] : accepted.get(item.key)?.value;
    if (meant !== undefined && !sameValue(setting, meant, item.using)) item.source = 'bound';
  }
  return { values: out, ignored };
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

