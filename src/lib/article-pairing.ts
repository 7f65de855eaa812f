/**
 * Pairs the Korean and English editions of each article by `key` and checks the series is
 * consistent. Pure (no astro imports) so the unit tests can feed it fake entries. Every problem
 * is collected and reported at once, each line naming the file to fix.
 */
import { isLang, languages, type Lang } from './i18n';

export interface PairableEntry {
  /** "<lang>/<slug>", as the glob loader names entries. */
  id: string;
  filePath?: string;
  data: { key: string; order: number };
}

export interface EditionPair<T extends PairableEntry> {
  key: string;
  order: number;
  editions: Record<Lang, T>;
}

export class SeriesError extends Error {
  constructor(public readonly problems: string[]) {
    super(`The article series is inconsistent:\n  - ${problems.join('\n  - ')}`);
    this.name = 'SeriesError';
  }
}

/** Slugs taken by the site's own pages under /<lang>/. */
export const RESERVED_SLUGS = ['tags', 'search', 'glossary', 'arena', 'digits', 'rss.xml'];

const languageName: Record<Lang, string> = { ko: 'Korean', en: 'English' };

function fileOf(entry: PairableEntry): string {
  return entry.filePath ?? `content/${entry.id}.mdx`;
}

/** Splits "ko/vae" into its language and slug, or explains why it cannot. */
export function parseEntryId(id: string): { lang: Lang; slug: string } | string {
  const [lang, ...rest] = id.split('/');
  const slug = rest.join('/');
  if (!isLang(lang) || !slug) return `expected content/ko/<slug>.mdx or content/en/<slug>.mdx, got "${id}"`;
  if (slug.includes('/')) return `articles must sit directly in content/${lang}/, not in a sub-folder ("${id}")`;
  return { lang, slug };
}

/** Pairs editions by key, sorted by `order`; throws a SeriesError listing every problem. */
export function pairEditions<T extends PairableEntry>(entries: readonly T[]): EditionPair<T>[] {
  const problems: string[] = [];
  const byKey = new Map<string, Partial<Record<Lang, T>>>();

  for (const entry of entries) {
    const parsed = parseEntryId(entry.id);
    if (typeof parsed === 'string') {
      problems.push(`${fileOf(entry)}: ${parsed}`);
      continue;
    }
    const { lang, slug } = parsed;
    if (RESERVED_SLUGS.includes(slug)) {
      problems.push(`${fileOf(entry)}: "${slug}" is the name of a site page; choose another file name and key`);
      continue;
    }
    if (entry.data.key !== slug) {
      problems.push(`${fileOf(entry)}: key "${entry.data.key}" must equal the file name "${slug}"`);
      continue;
    }
    const slot = byKey.get(slug) ?? {};
    const existing = slot[lang];
    if (existing) {
      problems.push(`${fileOf(entry)} and ${fileOf(existing)} are both the ${languageName[lang]} edition of "${slug}"`);
      continue;
    }
    slot[lang] = entry;
    byKey.set(slug, slot);
  }

  const pairs: EditionPair<T>[] = [];
  for (const [key, slot] of byKey) {
    const present = languages.filter((l) => slot[l]);
    if (present.length !== languages.length) {
      const have = slot[present[0]]!;
      const missing = languages.find((l) => !slot[l])!;
      problems.push(
        `${fileOf(have)} has no ${languageName[missing]} translation: create content/${missing}/${key}.mdx ` +
          `with "key: ${key}" (every article exists in both languages)`,
      );
      continue;
    }
    const ko = slot.ko!;
    const en = slot.en!;
    if (ko.data.order !== en.data.order) {
      problems.push(`${fileOf(ko)} has order ${ko.data.order} but ${fileOf(en)} has order ${en.data.order}: the two editions must agree`);
      continue;
    }
    pairs.push({ key, order: ko.data.order, editions: { ko, en } });
  }

  const byOrder = new Map<number, EditionPair<T>>();
  for (const pair of pairs) {
    const clash = byOrder.get(pair.order);
    if (clash) {
      problems.push(
        `${fileOf(pair.editions.en)} and ${fileOf(clash.editions.en)} (and their Korean editions) share order ${pair.order}: each article needs its own place in the series`,
      );
    } else {
      byOrder.set(pair.order, pair);
    }
  }

  if (problems.length) throw new SeriesError(problems);
  return pairs.sort((a, b) => a.order - b.order);
}

/** Previous and next item of a list sorted by order. */
export function neighbours<T>(list: readonly T[], index: number): { prev?: T; next?: T } {
  return { prev: index > 0 ? list[index - 1] : undefined, next: index < list.length - 1 ? list[index + 1] : undefined };
}
