/**
 * The language switch keeps the reader on the same article and, once they have scrolled into
 * a section, on the same section of the other edition (section i ↔ section i).
 */
import { describe, expect, it } from 'vitest';
import { useSiteAndBrowser } from './support/site-and-browser';
import type { Page } from 'playwright-core';
import { TEST_BASE, type StaticServer } from './support/static-server';
import { openPage, type Browser } from './support/browser';
import { articlePaths, discoverPages } from './support/site';

const pages = await discoverPages();
const pairs = (['ko', 'en'] as const).flatMap((lang) =>
  articlePaths(pages, lang).map((path) => ({ from: path, to: path.replace(`${TEST_BASE}${lang}/`, `${TEST_BASE}${lang === 'ko' ? 'en' : 'ko'}/`) })),
);

let server: StaticServer;
let browser: Browser;

useSiteAndBrowser((s, b) => {
  server = s;
  browser = b;
});

/** Fonts loaded and two frames drawn: headings no longer move. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
}

async function tocIds(page: Page): Promise<{ id: string; twin: string | null }[]> {
  return page.$$eval('#toc a[href^="#"]', (as) =>
    as.map((a) => ({ id: decodeURIComponent((a as HTMLAnchorElement).hash.slice(1)), twin: a.getAttribute('data-twin') })),
  );
}

describe('language switch', () => {
  it('finds article pairs to test', () => {
    expect(pairs.length, 'no article pages in dist/').toBeGreaterThan(0);
  });

  for (const { from, to } of pairs) {
    it(`${from} → ${to}`, async () => {
      const monitored = await openPage(browser.context, server.origin);
      const { page } = monitored;
      try {
        await page.goto(server.origin + from);
        await settle(page);
        const switcher = page.locator('#language-switch');
        expect(new URL(await switcher.evaluate((a) => (a as HTMLAnchorElement).href)).pathname).toBe(to);

        // The twin ids the page carries are the other edition's heading ids, in order.
        const here = await tocIds(page);
        const other = await openPage(browser.context, server.origin);
        await other.page.goto(server.origin + to);
        const there = await tocIds(other.page);
        await other.page.close();
        expect(here.length, 'both editions have the same table of contents length').toBe(there.length);
        expect(here.map((h) => h.twin)).toEqual(there.map((h) => h.id));
        if (here.length === 0) return;

        // Scroll to a section in the middle; the switch follows the section in view.
        const i = Math.min(here.length - 1, Math.floor(here.length / 2));
        await page.evaluate((id) => document.getElementById(id)!.scrollIntoView({ block: 'start' }), here[i].id);
        await settle(page);
        await page.waitForFunction(() => document.querySelector('#toc a[aria-current="location"]') !== null, null, { timeout: 5000 });
        const current = await page.$$eval('#toc a[href^="#"]', (as) => as.findIndex((a) => a.getAttribute('aria-current') === 'location'));
        // At the bottom of a page a later, shorter section may be the one in view.
        expect(current).toBeGreaterThanOrEqual(i);
        const expectedHash = `#${encodeURIComponent(there[current].id)}`;
        await page.waitForFunction(
          (hash) => (document.getElementById('language-switch') as HTMLAnchorElement).hash === hash,
          expectedHash,
          { timeout: 5000 },
        );
        // A real mouse click where the link is on screen (the header is sticky). Playwright's
        // locator.click() would first scroll the sticky element "into view", moving the page.
        const hrefAtClick = await switcher.evaluate((a) => (a as HTMLAnchorElement).hash);
        expect(hrefAtClick).toBe(expectedHash);
        const boxOfSwitch = (await switcher.boundingBox())!;
        await Promise.all([
          page.waitForURL((u) => u.pathname === to),
          page.mouse.click(boxOfSwitch.x + boxOfSwitch.width / 2, boxOfSwitch.y + boxOfSwitch.height / 2),
        ]);
        const landed = new URL(page.url());
        expect(landed.pathname).toBe(to);
        expect(decodeURIComponent(landed.hash.slice(1))).toBe(there[current].id);
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(to.includes('/ko/') ? 'ko' : 'en');
        const box = await page.evaluate((id) => {
          const r = document.getElementById(id)!.getBoundingClientRect();
          return { top: r.top, height: window.innerHeight };
        }, there[current].id);
        expect(box.top >= 0 && box.top < box.height, 'the twin section is on screen').toBe(true);
        expect(monitored.report()).toEqual([]);
      } finally {
        await page.close();
      }
    });
  }
});
