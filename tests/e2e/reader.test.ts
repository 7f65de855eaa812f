/**
 * What a reader experiences beyond "no errors": the theme toggle and its memory, the phone
 * layout (no sideways page scroll, TOC collapsed, math scrolls in place), KaTeX fonts served by
 * the site itself, and the bytes of JavaScript and CSS the introduction costs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useSiteAndBrowser } from './support/site-and-browser';
import { gzipSync } from 'node:zlib';
import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { resolvePath, TEST_BASE, DIST, type StaticServer } from './support/static-server';
import { launchBrowser, openPage, type Browser } from './support/browser';
import { articlePaths, discoverPages } from './support/site';

const pages = await discoverPages();
const articles = [...articlePaths(pages, 'en'), ...articlePaths(pages, 'ko')];
const intro = `${TEST_BASE}en/introduction/`;

let server: StaticServer;
let browser: Browser;

useSiteAndBrowser((s, b) => {
  server = s;
  browser = b;
});

describe('theme', () => {
  it('follows the system, toggles, and remembers the choice without a flash', async () => {
    const { page, report } = await openPage(browser.context, server.origin);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(server.origin + TEST_BASE + 'en/');
    await page.evaluate(() => localStorage.removeItem('theme'));
    await page.reload();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.reload();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');

    await page.click('#theme-toggle');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await page.getAttribute('#theme-toggle', 'aria-pressed')).toBe('true');
    // The head script sets the theme before the stylesheet applies: check at DOMContentLoaded.
    await page.goto(server.origin + intro, { waitUntil: 'domcontentloaded' });
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.evaluate(() => localStorage.removeItem('theme'));
    expect(report()).toEqual([]);
    await page.close();
  });

  // The stylesheets are shared by every page of a kind, so a sample covers the dark palette.
  const darkSample = [TEST_BASE, `${TEST_BASE}ko/`, `${TEST_BASE}en/tags/`, `${TEST_BASE}en/search/`, intro, `${TEST_BASE}ko/introduction/`];
  for (const path of darkSample) {
    it(`has enough contrast in the dark theme: ${path}`, async () => {
      const { page, report } = await openPage(browser.context, server.origin);
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.goto(server.origin + path);
      await page.waitForLoadState('networkidle');
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      const axe = await new AxeBuilder({ page }).exclude('.katex').withRules(['color-contrast', 'link-in-text-block']).analyze();
      const problems = axe.violations.map((v) => `axe ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
      expect([...problems, ...report()]).toEqual([]);
      await page.close();
    }, 120_000);
  }
});

describe('phone layout (375 × 740)', () => {
  let phone: Browser;
  beforeAll(async () => {
    phone = await launchBrowser({ viewport: { width: 375, height: 740 } });
  });
  afterAll(async () => {
    await phone?.close();
  });

  for (const path of [TEST_BASE, `${TEST_BASE}ko/`, ...articles]) {
    it(`never scrolls sideways, TOC collapsed, header on one line: ${path}`, async () => {
      const { page, report } = await openPage(phone.context, server.origin);
      await page.goto(server.origin + path);
      const m = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        width: window.innerWidth,
        tocOpen: (document.getElementById('toc') as HTMLDetailsElement | null)?.open ?? false,
        headerHeight: document.querySelector('.site-header')!.getBoundingClientRect().height,
      }));
      const problems: string[] = [];
      if (m.scrollWidth > m.width) problems.push(`the page is ${m.scrollWidth}px wide on a ${m.width}px screen`);
      if (m.tocOpen) problems.push('the table of contents starts open on a phone');
      if (m.headerHeight > 64) problems.push(`the sticky header is ${m.headerHeight}px tall`);
      if (path.endsWith('/introduction/')) {
        const axe = await new AxeBuilder({ page }).exclude('.katex').analyze();
        for (const v of axe.violations) problems.push(`axe ${v.id}: ${v.help} at ${v.nodes[0]?.target.join(' ')}`);
      }
      expect([...problems, ...report()]).toEqual([]);
      await page.close();
    }, 120_000);
  }
});

describe('what the introduction costs a reader', () => {
  it('serves KaTeX fonts itself and stays within the JS + CSS budget', async () => {
    expect(articles, `${intro} was not built`).toContain(intro);
    const monitored = await openPage(browser.context, server.origin);
    await monitored.page.goto(server.origin + intro);
    await monitored.page.waitForLoadState('networkidle');
    await monitored.page.evaluate(() => document.fonts.ready);

    const fonts = monitored.requests.filter((r) => /KaTeX_.*\.woff2$/.test(r.url));
    expect(fonts.length, 'KaTeX fonts are requested').toBeGreaterThan(0);
    for (const f of fonts) expect(new URL(f.url).origin).toBe(server.origin);

    const sum = async (type: 'script' | 'stylesheet') => {
      let raw = 0;
      let gzip = 0;
      for (const r of monitored.requests.filter((q) => q.type === type)) {
        const found = await resolvePath(DIST, TEST_BASE, new URL(r.url).pathname);
        if (found.kind !== 'file') continue;
        const body = await readFile(found.file);
        raw += body.length;
        gzip += gzipSync(body, { level: 9 }).length;
      }
      return { raw, gzip };
    };
    // Inline scripts and styles count too: they are part of the HTML.
    const inline = await monitored.page.evaluate(() => ({
      js: [...document.querySelectorAll('script:not([src])')].map((s) => s.textContent ?? '').join(''),
      css: [...document.querySelectorAll('style')].map((s) => s.textContent ?? '').join(''),
    }));
    const js = await sum('script');
    const css = await sum('stylesheet');
    const inlineJs = Buffer.byteLength(inline.js);
    const inlineJsGzip = gzipSync(inline.js, { level: 9 }).length;
    const inlineCss = Buffer.byteLength(inline.css);
    const fontBytes = fonts.reduce((n, f) => n + f.bytes, 0);
    console.log(
      `[budget] ${intro}: JS ${js.raw} B in files (gzip ${js.gzip} B) + ${inlineJs} B inline (gzip ${inlineJsGzip} B); ` +
        `CSS ${css.raw} B in files (gzip ${css.gzip} B) + ${inlineCss} B inline; ` +
        `KaTeX fonts ${fonts.length} files, ${fontBytes} B`,
    );
    // A generous ceiling that still catches tfjs (≈1 MB) sneaking into an article's first load.
    expect(js.gzip + css.gzip, 'JS + CSS (gzip) of the introduction').toBeLessThan(200_000);
    expect(monitored.report()).toEqual([]);
    await monitored.page.close();
  });
});
