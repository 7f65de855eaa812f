/** Pagefind: each language's search page finds that language's articles, with base-correct links. */
import { describe, expect, it } from 'vitest';
import { useSiteAndBrowser } from './support/site-and-browser';
import { readFile } from 'node:fs/promises';
import { TEST_BASE, type StaticServer } from './support/static-server';
import { openPage, type Browser } from './support/browser';
import { articlePaths, discoverPages } from './support/site';

const pages = await discoverPages();

/** A word from the first article's title, which Pagefind must find. */
async function queryFor(lang: 'ko' | 'en'): Promise<string> {
  const first = articlePaths(pages, lang)[0];
  const page = pages.find((p) => p.path === first);
  if (!page) throw new Error(`no ${lang} article in dist/`);
  const html = await readFile(page.file, 'utf8');
  const title = /<h1[^>]*>([^<]+)<\/h1>/.exec(html)?.[1] ?? '';
  const word = title.split(/\s+/).find((w) => w.replace(/[^\p{L}]/gu, '').length >= 2) ?? title;
  return word.replace(/[^\p{L}\p{N}]/gu, '');
}

let server: StaticServer;
let browser: Browser;

useSiteAndBrowser((s, b) => {
  server = s;
  browser = b;
});

describe('search', () => {
  for (const lang of ['ko', 'en'] as const) {
    it(`finds ${lang} articles from /${lang}/search/`, async () => {
      const query = await queryFor(lang);
      const { page, report } = await openPage(browser.context, server.origin);
      await page.goto(`${server.origin}${TEST_BASE}${lang}/search/`);
      const input = page.locator('.pagefind-ui__search-input');
      await input.waitFor({ timeout: 10_000 });
      await input.fill(query);
      const first = page.locator('.pagefind-ui__result-link').first();
      await first.waitFor({ timeout: 10_000 });
      const hrefs = await page.$$eval('.pagefind-ui__result-link', (as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
      expect(hrefs.length, `results for "${query}"`).toBeGreaterThan(0);
      for (const href of hrefs) expect(href.startsWith(`${TEST_BASE}${lang}/`), `${href} is a ${lang} page under the base`).toBe(true);
      expect(report()).toEqual([]);
      await page.close();
    });
  }
});
