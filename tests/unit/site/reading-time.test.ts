import { describe, expect, it } from 'vitest';
import {
  ENGLISH_WORDS_PER_MINUTE,
  KOREAN_CHARS_PER_MINUTE,
  countEnglishWords,
  countKoreanCharacters,
  proseOf,
  readingMinutes,
} from '../../../src/lib/reading-time';

describe('reading time', () => {
  it('counts English words at 230 a minute, rounding up', () => {
    expect(ENGLISH_WORDS_PER_MINUTE).toBe(230);
    const words = Array.from({ length: 461 }, () => 'word').join(' ');
    expect(readingMinutes(words, 'en')).toBe(3);
    expect(readingMinutes(Array.from({ length: 460 }, () => 'word').join(' '), 'en')).toBe(2);
  });

  it('counts Korean non-space characters at 500 a minute', () => {
    expect(KOREAN_CHARS_PER_MINUTE).toBe(500);
    const text = Array.from({ length: 250 }, () => '생성 모델').join(' '); // 4 characters each
    expect(countKoreanCharacters(text)).toBe(1000);
    expect(readingMinutes(text, 'ko')).toBe(2);
  });

  it('is at least one minute', () => {
    expect(readingMinutes('Short.', 'en')).toBe(1);
    expect(readingMinutes('', 'ko')).toBe(1);
  });

  it('adds 15 seconds per display equation and ignores markup, code, comments and citations', () => {
    const mdx = [
      '## A heading',
      'Some **bold** [linked](../vae/) words [@ho-2020-ddpm] and $x^2$ inline.',
      '```js',
      'const ignored = "many many words in code";',
      '```',
      '{/* widget:gan */}',
      '<Callout kind="note">Inside a callout.</Callout>',
      '$$',
      'E = mc^2',
      '$$',
    ].join('\n');
    const { prose, displayEquations } = proseOf(mdx);
    expect(displayEquations).toBe(1);
    expect(prose).not.toMatch(/ignored|widget|ho-2020|Callout|\.\.\/vae/);
    expect(countEnglishWords(prose)).toBe(12); // A heading / Some bold linked words and x inline. / Inside a callout.
    expect(readingMinutes(Array.from({ length: 230 * 2 }, () => 'w').join(' ') + '\n$$\na\n$$\n$$\nb\n$$\n$$\nc\n$$\n$$\nd\n$$\n$$\ne\n$$', 'en')).toBe(4);
  });
});
