/**
 * The helpers of the build's KaTeX font subsetting (src/lib/katex-font-subset.mjs) on small
 * inputs: which text counts as KaTeX's, which code points are kept, and that a subset keeps the
 * requested glyphs unchanged and drops the others. tests/e2e/katex-fonts.test.ts checks the
 * built site's fonts.
 */
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { KATEX_FONT_FILE, codepointsFor, fontGlyphs, katexText, notdefPath, subsetKatexFont } from '../../../src/lib/katex-font-subset.mjs';

const katexFonts = join(dirname(createRequire(import.meta.url).resolve('katex/package.json')), 'dist', 'fonts');

describe('KaTeX font subsetting helpers', () => {
  it('collects the text of .katex elements only, with entities decoded', () => {
    const html =
      '<p>prose ∮ outside <span class="katex-display"><span class="katex"><span class="katex-mathml"><math><semantics><mrow><mi>x</mi></mrow>' +
      '<annotation encoding="application/x-tex">\\le</annotation></semantics></math></span><span class="katex-html"><span class="mord mathnormal">&#x3B1;</span>' +
      '<span class="mrel">&lt;&nbsp;≤</span></span></span></span> and <span class="not-katex">∯</span><span class="x katex y">∑</span></p>';
    const text = katexText(html);
    expect(text).toContain('x');
    expect(text).toContain('\\le');
    expect(text).toContain('α');
    expect(text).toContain('<\u00a0≤');
    expect(text).toContain('∑'); // class list with katex among others
    expect(text).not.toMatch(/prose|∮|∯/);
  });

  it('keeps printable ASCII, the no-break space and the decompositions of each character', () => {
    const cps = codepointsFor('é∑');
    for (const c of ' ~()0123456789azAZ\u00a0é∑\u0301') expect(cps.has(c.codePointAt(0)!), c).toBe(true);
    expect(cps.has('∫'.codePointAt(0)!)).toBe(false);
  });

  it('matches the font files Vite emits', () => {
    expect(KATEX_FONT_FILE.exec('KaTeX_Main-Regular.B22Nviop.woff2')?.[1]).toBe('KaTeX_Main-Regular');
    expect(KATEX_FONT_FILE.exec('KaTeX_Math-Italic.t53AETM-.woff2')?.[1]).toBe('KaTeX_Math-Italic');
    expect(KATEX_FONT_FILE.test('KaTeX_Main-Regular.B22Nviop.woff')).toBe(false);
    expect(KATEX_FONT_FILE.test('Inter.abc.woff2')).toBe(false);
  });

  it('a subset keeps the requested glyphs identical and drops the rest', async () => {
    const original = await readFile(join(katexFonts, 'KaTeX_Main-Regular.woff2'));
    const wanted = codepointsFor('≤×α'); // α is not in KaTeX_Main (it is in KaTeX_Math-Italic)
    const subset = await subsetKatexFont(original, wanted, 'KaTeX_Main-Regular');
    expect(subset.subarray(0, 4).toString('latin1')).toBe('wOF2');
    expect(subset.length).toBeLessThan(original.length / 2);
    const [before, after] = await Promise.all([fontGlyphs(original), fontGlyphs(subset)]);
    for (const cp of wanted) {
      if (before.has(cp)) expect(after.get(cp), `U+${cp.toString(16)}`).toEqual(before.get(cp));
    }
    expect(after.has('≤'.codePointAt(0)!)).toBe(true);
    expect(after.has('α'.codePointAt(0)!)).toBe(false);
    expect(after.has('A'.codePointAt(0)!)).toBe(true);
    expect(before.has('∫'.codePointAt(0)!)).toBe(true);
    expect(after.has('∫'.codePointAt(0)!)).toBe(false);
    // .notdef, drawn for a character no font has, keeps its box.
    expect(await notdefPath(subset)).toBe(await notdefPath(original));
    expect(await notdefPath(subset)).not.toBe('');
  });
});
