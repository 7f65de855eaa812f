/**
 * Reading time of an article from its MDX source.
 *
 * Rates (stated on the site's README): Korean prose is counted in characters, 500 non-space
 * characters a minute (Hangul is read syllable block by syllable block, and a word count says
 * little because particles attach to words); English prose in words, 230 words a minute (the
 * usual figure for adults reading non-fiction on screen). Each display equation adds 15 seconds:
 * formulas are read slower than prose. The result is rounded up to whole minutes, at least 1.
 */
export const KOREAN_CHARS_PER_MINUTE = 500;
export const ENGLISH_WORDS_PER_MINUTE = 230;
export const MINUTES_PER_DISPLAY_EQUATION = 0.25;

/** Markup removed; what is left is roughly what a reader reads. */
export function proseOf(mdx: string): { prose: string; displayEquations: number } {
  let text = mdx;
  let displayEquations = 0;
  text = text.replace(/^---\n[\s\S]*?\n---\n/, ''); // frontmatter, if the caller left it in
  text = text.replace(/^(```|~~~)[\s\S]*?^\1/gm, ' '); // fenced code
  text = text.replace(/\$\$[\s\S]*?\$\$/g, () => {
    displayEquations++;
    return ' ';
  });
  text = text.replace(/\$[^$\n]+\$/g, ' x '); // inline math reads like a word
  text = text.replace(/\{\/\*[\s\S]*?\*\/\}/g, ' '); // MDX comments (widget markers)
  text = text.replace(/^(import|export)\s.*$/gm, ' ');
  text = text.replace(/<\/?[A-Za-z][^>]*>/g, ' '); // JSX / HTML tags (their text children stay)
  text = text.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1'); // links and images: keep the label
  text = text.replace(/\[\^[^\]]+\]:?/g, ' '); // footnote markers
  text = text.replace(/\[@[^\]]+\]/g, ' '); // citations
  text = text.replace(/^\s*(?:[-*+]|\d+\.)\s/gm, ' '); // list markers
  text = text.replace(/[#*_`>|~\\]+/g, ' '); // markdown punctuation
  return { prose: text, displayEquations };
}

export function countKoreanCharacters(prose: string): number {
  return prose.replace(/\s+/g, '').length;
}

export function countEnglishWords(prose: string): number {
  return prose.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

export function readingMinutes(mdx: string, lang: 'ko' | 'en'): number {
  const { prose, displayEquations } = proseOf(mdx);
  const proseMinutes =
    lang === 'ko'
      ? countKoreanCharacters(prose) / KOREAN_CHARS_PER_MINUTE
      : countEnglishWords(prose) / ENGLISH_WORDS_PER_MINUTE;
  return Math.max(1, Math.ceil(proseMinutes + displayEquations * MINUTES_PER_DISPLAY_EQUATION));
}
