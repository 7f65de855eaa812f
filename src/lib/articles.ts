/**
 * The article series as the pages see it: both editions of every article, paired by `key`,
 * in `order`, with URLs, reading time and neighbours. A missing translation, a key that is not
 * the file name or two articles with one order fail the build here, naming the files
 * (see article-pairing.ts).
 */
import { getCollection, render, type CollectionEntry } from 'astro:content';
import { pairEditions, neighbours, type EditionPair } from './article-pairing';
import { languages, otherLang, type Lang } from './i18n';
import { articleUrl, withBase } from './paths';
import { readingMinutes } from './reading-time';
import { slugify } from './rehype-article-headings.mjs';

export type ArticleEntry = CollectionEntry<'articles'>;

export interface Article {
  key: string;
  lang: Lang;
  order: number;
  entry: ArticleEntry;
  title: string;
  description: string;
  date: Date;
  tags: string[];
  url: string;
  readingMinutes: number;
}

export interface TocItem {
  depth: number;
  id: string;
  text: string;
}

let seriesPromise: Promise<EditionPair<ArticleEntry>[]> | undefined;

/** Every published article, both editions paired, sorted by order (cached for the build). */
export function loadSeries(): Promise<EditionPair<ArticleEntry>[]> {
  seriesPromise ??= getCollection('articles', (e) => import.meta.env.DEV || !e.data.draft).then((entries) =>
    pairEditions(entries),
  );
  return seriesPromise;
}

function toArticle(entry: ArticleEntry, lang: Lang): Article {
  const { data } = entry;
  return {
    key: data.key,
    lang,
    order: data.order,
    entry,
    title: data.title,
    description: data.description,
    date: data.date,
    tags: data.tags,
    url: articleUrl(lang, data.key),
    readingMinutes: readingMinutes(entry.body ?? '', lang),
  };
}

/** The series in one language, in order. */
export async function articlesIn(lang: Lang): Promise<Article[]> {
  return (await loadSeries()).map((pair) => toArticle(pair.editions[lang], lang));
}

export interface ArticlePage {
  article: Article;
  twin: Article;
  prev?: Article;
  next?: Article;
}

/** One entry per (language, article) for getStaticPaths. */
export async function articlePages(): Promise<ArticlePage[]> {
  const pages: ArticlePage[] = [];
  for (const lang of languages) {
    const list = await articlesIn(lang);
    const twins = await articlesIn(otherLang(lang));
    list.forEach((article, i) => pages.push({ article, twin: twins[i], ...neighbours(list, i) }));
  }
  return pages;
}

/**
 * The rendered content, the h2/h3 outline recorded by rehype-article-headings, and the KaTeX fonts
 * the opening uses (rehype-early-math-fonts), which the layout preloads.
 */
export async function renderArticle(entry: ArticleEntry) {
  const { Content, remarkPluginFrontmatter } = await render(entry);
  const toc = (remarkPluginFrontmatter.toc ?? []) as TocItem[];
  const earlyMathFonts = (remarkPluginFrontmatter.earlyMathFonts ?? []) as string[];
  return { Content, toc, earlyMathFonts };
}

/**
 * Section i of one edition ↔ section i of the other. The two editions must have the same
 * heading structure (tests/unit/site/heading-parity.test.ts enforces it); if they ever differ,
 * the switch still works but lands at the top of the article.
 */
export function twinSections(toc: TocItem[], twinToc: TocItem[]): Map<string, string> {
  const map = new Map<string, string>();
  const same = toc.length === twinToc.length && toc.every((h, i) => h.depth === twinToc[i].depth);
  if (same) toc.forEach((h, i) => map.set(h.id, twinToc[i].id));
  return map;
}

/** Tags are anchors on the per-language tag page: /<lang>/tags/#tag-<slug>. */
export function tagId(tag: string): string {
  return `tag-${slugify(tag)}`;
}

export function tagUrl(lang: Lang, tag: string): string {
  return withBase(`/${lang}/tags/#${tagId(tag)}`);
}

/** Tags of one language with their articles, most used first, then alphabetical. */
export async function tagsIn(lang: Lang): Promise<{ tag: string; id: string; articles: Article[] }[]> {
  const byTag = new Map<string, Article[]>();
  for (const article of await articlesIn(lang)) {
    for (const tag of article.tags) byTag.set(tag, [...(byTag.get(tag) ?? []), article]);
  }
  return [...byTag]
    .map(([tag, list]) => ({ tag, id: tagId(tag), articles: list }))
    .sort((a, b) => b.articles.length - a.articles.length || a.tag.localeCompare(b.tag, lang));
}
