/** The machine-readable files: RSS per language, sitemap, robots.txt, all with full URLs under the base. */
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DIST, TEST_BASE } from './support/static-server';
import { articlePaths, assertTestBuild, discoverPages } from './support/site';

await assertTestBuild();
const pages = await discoverPages();
const SITE = 'https://example.github.io'; // SITE_URL of npm run build:test
const read = (p: string) => readFile(join(DIST, p), 'utf8');

describe('feeds and crawler files', () => {
  for (const lang of ['ko', 'en'] as const) {
    it(`/${lang}/rss.xml lists every ${lang} article with its full URL`, async () => {
      const xml = await read(`${lang}/rss.xml`);
      const links = [...xml.matchAll(/<item>[\s\S]*?<link>([^<]+)<\/link>/g)].map((m) => m[1]);
      const expected = articlePaths(pages, lang).map((p) => SITE + p);
      expect(links.sort()).toEqual(expected.sort());
      expect(xml).toContain(`<language>${lang === 'ko' ? 'ko-KR' : 'en-US'}</language>`);
    });
  }

  it('the sitemap lists every content page under the base, and no search page', async () => {
    const index = await read('sitemap-index.xml');
    const sitemaps = [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    expect(sitemaps.length).toBeGreaterThan(0);
    const urls: string[] = [];
    for (const s of sitemaps) {
      expect(s.startsWith(SITE + TEST_BASE)).toBe(true);
      const xml = await read(s.slice((SITE + TEST_BASE).length));
      urls.push(...[...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]));
    }
    for (const path of [...articlePaths(pages, 'ko'), ...articlePaths(pages, 'en'), TEST_BASE]) {
      expect(urls).toContain(SITE + path);
    }
    expect(urls.filter((u) => u.includes('/search/'))).toEqual([]);
  });

  it('robots.txt points at the sitemap', async () => {
    expect(await read('robots.txt')).toContain(`Sitemap: ${SITE}${TEST_BASE}sitemap-index.xml`);
  });

  it('every article has canonical, hreflang and Open Graph meta with full URLs', async () => {
    for (const lang of ['ko', 'en'] as const) {
      for (const path of articlePaths(pages, lang)) {
        const html = await readFile(pages.find((p) => p.path === path)!.file, 'utf8');
        expect(html).toContain(`<html lang="${lang}"`);
        expect(html).toContain(`<link rel="canonical" href="${SITE}${path}">`);
        const twin = path.replace(`/${lang}/`, `/${lang === 'ko' ? 'en' : 'ko'}/`);
        expect(html).toContain(`hreflang="${lang === 'ko' ? 'en' : 'ko'}" href="${SITE}${twin}"`);
        expect(html).toContain('<meta property="og:type" content="article">');
        expect(html).toContain(`<meta property="og:url" content="${SITE}${path}">`);
        expect(html).toContain(`<meta property="og:locale" content="${lang === 'ko' ? 'ko_KR' : 'en_US'}">`);
        expect(html).toContain(`<meta property="og:image" content="${SITE}${TEST_BASE}og-card.png">`);
        expect(html).toContain('<meta name="twitter:card" content="summary_large_image">');
      }
    }
  });
});
