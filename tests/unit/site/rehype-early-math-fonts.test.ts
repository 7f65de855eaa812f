/** Which KaTeX fonts an article's opening needs (src/lib/rehype-early-math-fonts.mjs), on small trees. */
import { describe, expect, it } from 'vitest';
import { ALWAYS_RENDERED_BLOCKS, earlyMathFonts } from '../../../src/lib/rehype-early-math-fonts.mjs';

const el = (className: string[], children: object[] = []) => ({ type: 'element', tagName: 'span', properties: { className }, children });
const p = (...children: object[]) => ({ type: 'element', tagName: 'p', properties: {}, children });
const text = (value: string) => ({ type: 'text', value });
const variable = el(['katex'], [el(['katex-html'], [el(['mord', 'mathnormal'], [text('x')])])]);
const digits = el(['katex'], [el(['katex-html'], [el(['mord'], [text('2')])])]);
const root = (...children: object[]) => ({ type: 'root', children });

describe('earlyMathFonts', () => {
  it('names KaTeX_Main for any formula in the opening blocks and KaTeX_Math for a variable', () => {
    expect(earlyMathFonts(root(p(text('a')), p(text('see '), variable)))).toEqual(['KaTeX_Main-Regular', 'KaTeX_Math-Italic']);
    expect(earlyMathFonts(root(p(digits)))).toEqual(['KaTeX_Main-Regular']);
  });

  it('names nothing when the math starts after the blocks rendered at once', () => {
    const prose = Array.from({ length: ALWAYS_RENDERED_BLOCKS }, () => p(text('words')));
    expect(earlyMathFonts(root(...prose, p(variable)))).toEqual([]);
    expect(earlyMathFonts(root(...prose.slice(1), p(variable)))).toEqual(['KaTeX_Main-Regular', 'KaTeX_Math-Italic']);
  });

  it('counts MDX components as blocks and skips the whitespace between blocks', () => {
    const lab = { type: 'mdxJsxFlowElement', name: 'Lab', attributes: [], children: [] };
    const blocks = [lab, ...Array.from({ length: ALWAYS_RENDERED_BLOCKS - 1 }, () => p(text('w')))];
    expect(earlyMathFonts(root(...blocks.flatMap((b) => [text('\n'), b]), p(variable)))).toEqual([]);
  });
});
