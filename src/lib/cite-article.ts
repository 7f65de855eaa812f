/**
 * "Cite this article": a BibTeX entry and a plain-text citation of one article, built at build
 * time from its frontmatter (title, date) and its canonical URL.
 */
export interface CitableArticle {
  /** The article's title, as on the page. */
  title: string;
  /** The article's key (its slug), shared by both editions. */
  key: string;
  lang: 'ko' | 'en';
  date: Date;
  /** The absolute canonical URL of the article. */
  url: string;
  /** The site's name in the article's language (the "author" of the series). */
  siteName: string;
}

/** Escape a value for a BibTeX field in braces: backslashes, braces and the characters TeX treats specially. */
export function bibtexEscape(text: string): string {
  return text
    .replace(/\\/g, '\\textbackslash{}')
    .replace(/([{}])/g, '\\$1')
    .replace(/([&%$#_])/g, '\\$1')
    .replace(/~/g, '\\textasciitilde{}')
    .replace(/\^/g, '\\textasciicircum{}');
}

/** The BibTeX key: site, key, language and year, e.g. generative-in-your-browser-2026-vae-en. */
export function bibtexKey(a: CitableArticle): string {
  return `generative-in-your-browser-${a.date.getUTCFullYear()}-${a.key}-${a.lang}`.replace(/[^A-Za-z0-9-]/g, '-');
}

/** An @online entry (biblatex) that plain BibTeX reads as @misc fields too. */
export function bibtexEntry(a: CitableArticle): string {
  const day = a.date.toISOString().slice(0, 10);
  const fields: [string, string][] = [
    ['title', `{${bibtexEscape(a.title)}}`],
    ['author', `{${bibtexEscape(a.siteName)}}`],
    ['year', String(a.date.getUTCFullYear())],
    ['date', day],
    ['url', a.url],
    ['language', a.lang === 'ko' ? 'korean' : 'english'],
    ['note', `Interactive article, ${a.lang === 'ko' ? 'Korean' : 'English'} edition`],
  ];
  return `@online{${bibtexKey(a)},\n${fields.map(([k, v]) => `  ${k} = {${v}}`).join(',\n')}\n}`;
}

/** "Site. (Year). Title. URL" in the article's language. */
export function plainCitation(a: CitableArticle): string {
  const year = a.date.getUTCFullYear();
  return a.lang === 'ko' ? `${a.siteName} (${year}). 「${a.title}」. ${a.url}` : `${a.siteName} (${year}). “${a.title}.” ${a.url}`;
}
