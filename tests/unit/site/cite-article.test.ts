import { describe, expect, it } from 'vitest';
import { bibtexEntry, bibtexEscape, bibtexKey, plainCitation, type CitableArticle } from '../../../src/lib/cite-article';

const article: CitableArticle = {
  title: 'GANs: 50% of {everything} & more_',
  key: 'gan',
  lang: 'en',
  date: new Date('2026-11-29T00:00:00Z'),
  url: 'https://example.github.io/generative-in-your-browser/en/gan/',
  siteName: 'Generative, in your browser',
};

/** Braces balance and never close below zero, outside escaped ones. */
function balanced(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    if (text[i] === '{') depth++;
    if (text[i] === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

describe('cite this article', () => {
  it('writes a well-formed BibTeX entry with the required fields, special characters escaped', () => {
    const entry = bibtexEntry(article);
    expect(entry.startsWith(`@online{${bibtexKey(article)},\n`)).toBe(true);
    expect(entry.endsWith('\n}')).toBe(true);
    expect(balanced(entry)).toBe(true);
    for (const field of ['title', 'author', 'year', 'date', 'url']) expect(entry).toMatch(new RegExp(`^  ${field} = \\{`, 'm'));
    expect(entry).toContain('title = {{GANs: 50\\% of \\{everything\\} \\& more\\_}}');
    expect(entry).toContain('year = {2026}');
    expect(bibtexKey(article)).toBe('generative-in-your-browser-2026-gan-en');
  });

  it('escapes backslashes before braces so no brace is left unbalanced', () => {
    expect(balanced(bibtexEscape('a \\ b { c } ~ ^'))).toBe(true);
  });

  it('gives a plain citation in the article’s language', () => {
    expect(plainCitation(article)).toBe(`Generative, in your browser (2026). “GANs: 50% of {everything} & more_.” ${article.url}`);
    expect(plainCitation({ ...article, lang: 'ko', title: '생성적 적대 신경망', siteName: '생성 모델, 브라우저에서' })).toBe(
      `생성 모델, 브라우저에서 (2026). 「생성적 적대 신경망」. ${article.url}`,
    );
  });
});
