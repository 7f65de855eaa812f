/**
 * The build subsets KaTeX's fonts to the characters the site's math uses
 * (src/lib/katex-font-subset.mjs). A new article with a symbol no other page uses must never ship
 * without its glyph, so this reads the built site: for every character inside KaTeX output on
 * any page, each KaTeX font in dist/ that KaTeX's own copy maps it in must map it too, to the
 * same outline and advance, and .notdef (the box drawn for a character no font has) must be
 * KaTeX's. Then Chromium must accept every subset font (its font sanitizer
 * rejects a broken file) and the fonts must really be subsets.
 */
import { describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { useSiteAndBrowser } from './support/site-and-browser';
import { DIST, type StaticServer } from './support/static-server';
import { openPage, type Browser } from './support/browser';
import { discoverPages } from './support/site';
import { KATEX_FONT_FILE, codepointsFor, fontGlyphs, katexText, notdefPath } from '../../src/lib/katex-font-subset.mjs';

const pages = await discoverPages();
const katexFonts = join(dirname(createRequire(import.meta.url).resolve('katex/package.json')), 'dist', 'fonts');
const assets = join(DIST, '_astro');
const builtFonts = (await readdir(assets)).filter((f) => KATEX_FONT_FILE.test(f)).sort();
const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

let server: StaticServer;
let browser: Browser;
useSiteAndBrowser((s, b) => {
  server = s;
  browser = b;
});

describe('KaTeX fonts in the built site', () => {
  it('every character of the math on every page keeps its glyph in each KaTeX font', async () => {
    // Which pages use each code point, to name them in a failure.
    const usedOn = new Map<number, string[]>();
    for (const { path, file } of pages) {
      const text = katexText(await readFile(file, 'utf8'));
      const inText = new Set([...text].map((c) => c.codePointAt(0)!));
      // codepointsFor adds printable ASCII and decompositions: kept too, but not "used on" the page.
      for (const cp of codepointsFor(text)) {
        const list = usedOn.get(cp) ?? [];
        if (inText.has(cp)) list.push(path);
        usedOn.set(cp, list);
      }
    }
    // The math must really be there to check (the articles have hundreds of formulas).
    expect([...usedOn.keys()].filter((cp) => cp > 0x7f).length).toBeGreaterThan(20);
    expect(builtFonts.length).toBeGreaterThanOrEqual(10);

    const problems: string[] = [];
    for (const name of builtFonts) {
      const family = KATEX_FONT_FILE.exec(name)![1];
      const original = await fontGlyphs(await readFile(join(katexFonts, `${family}.woff2`)));
      const built = await fontGlyphs(await readFile(join(assets, name)));
      expect(original.size, family).toBeGreaterThan(0);
      const originalFile = await readFile(join(katexFonts, `${family}.woff2`));
      if ((await notdefPath(await readFile(join(assets, name)))) !== (await notdefPath(originalFile))) problems.push(`${family} changed its .notdef glyph`);
      for (const [cp, where] of usedOn) {
        const want = original.get(cp);
        if (!want) continue;
        const got = built.get(cp);
        const use = where.length ? `used on ${where.slice(0, 3).join(', ')}${where.length > 3 ? ` and ${where.length - 3} more` : ''}` : 'always kept';
        if (!got) problems.push(`${family} lost ${hex(cp)} ${String.fromCodePoint(cp)} (${use})`);
        else if (got.advance !== want.advance || got.path !== want.path) problems.push(`${family} changed the glyph of ${hex(cp)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the fonts are subsets: smaller than KaTeX’s own', async () => {
    for (const name of builtFonts) {
      const family = KATEX_FONT_FILE.exec(name)![1];
      const [original, built] = await Promise.all([readFile(join(katexFonts, `${family}.woff2`)), readFile(join(assets, name))]);
      expect(built.subarray(0, 4).toString('latin1'), name).toBe('wOF2');
      expect(built.length, name).toBeLessThan(original.length);
    }
  });

  it('an article whose opening has math preloads its two main fonts, and each is fetched once and used', async () => {
    // /en/why-gaussian/ opens with z ∼ N(0, I) in its first paragraph; /en/timeline/ has no math.
    const withMath = pages.find((p) => p.path.endsWith('/en/why-gaussian/'))!;
    const withoutMath = pages.find((p) => p.path.endsWith('/en/timeline/'))!;
    const preloads = (html: string) => [...html.matchAll(/<link rel="preload" href="([^"]+)" as="font" type="font\/woff2" crossorigin>/g)].map((m) => m[1]);
    const html = await readFile(withMath.file, 'utf8');
    const hrefs = preloads(html);
    expect(hrefs.map((h) => KATEX_FONT_FILE.exec(h.split('/').pop()!)?.[1])).toEqual(['KaTeX_Main-Regular', 'KaTeX_Math-Italic']);
    // The same URLs as the @font-face rules, or the browser would download each font twice.
    for (const href of hrefs) expect(html).toContain(`url(${href})`);
    expect(preloads(await readFile(withoutMath.file, 'utf8'))).toEqual([]);

    const monitored = await openPage(browser.context, server.origin);
    const warnings: string[] = [];
    monitored.page.on('console', (m) => {
      if (m.type() === 'warning') warnings.push(m.text());
    });
    try {
      await monitored.page.goto(server.origin + withMath.path, { waitUntil: 'load' });
      // Chromium warns a few seconds after load about a preload nothing used.
      await monitored.page.waitForTimeout(3500);
      for (const href of hrefs) expect(monitored.requests.filter((r) => r.url.endsWith(href)).length, href).toBe(1);
      const used = await monitored.page.evaluate(() => [...document.fonts].filter((f) => f.status === 'loaded').map((f) => `${f.family.replace(/["']/g, '')} ${f.style}`));
      expect(used).toEqual(expect.arrayContaining(['KaTeX_Main normal', 'KaTeX_Math italic']));
      expect(warnings.filter((w) => /preload/i.test(w))).toEqual([]);
      expect(monitored.report()).toEqual([]);
    } finally {
      await monitored.page.close();
    }
  });

  it('Chromium loads every KaTeX font of a math page', async () => {
    const path = pages.find((p) => p.path.endsWith('/en/diffusion/'))?.path;
    expect(path).toBeTruthy();
    const { page } = await openPage(browser.context, server.origin);
    try {
      await page.goto(server.origin + path, { waitUntil: 'load' });
      // Load every KaTeX @font-face, used on this page or not; a file Chromium's sanitizer rejects ends in 'error'.
      const statuses = await page.evaluate(async () => {
        const faces = [...document.fonts].filter((f) => f.family.replace(/["']/g, '').startsWith('KaTeX_'));
        await Promise.allSettled(faces.map((f) => f.load()));
        return faces.map((f) => `${f.family} ${f.weight} ${f.style}: ${f.status}`);
      });
      // One more than the files: Vite inlines the smallest font (KaTeX_Size3, 3 kB) into the CSS as a data: URL.
      expect(statuses.length).toBeGreaterThanOrEqual(builtFonts.length);
      expect(statuses.filter((s) => !s.endsWith(': loaded'))).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
