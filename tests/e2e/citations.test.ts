/**
 * Citations as a reader of Distill expects (issue 15): a citation's reference shows on hover and on
 * keyboard focus and Escape hides it, without overflowing a phone; "Cite this article" copies a
 * well-formed BibTeX entry and a plain citation, in both languages.
 */
import { describe, expect, it } from 'vitest';
import { useSiteAndBrowser } from './support/site-and-browser';
import { TEST_BASE, type StaticServer } from './support/static-server';
import { openPage, type Browser } from './support/browser';

let server: StaticServer;
let browser: Browser;

useSiteAndBrowser((s, b) => {
  server = s;
  browser = b;
});

describe('citations', () => {
  it('the reference shows on hover and on keyboard focus, Escape hides it, and it fits a 390 px phone', async () => {
    const monitored = await openPage(browser.context, server.origin);
    const { page } = monitored;
    try {
      await page.goto(`${server.origin}${TEST_BASE}en/gan/`, { waitUntil: 'load' });
      const ref = page.locator('.citation-ref').first();
      const card = ref.locator('.citation-card');
      expect(await card.isVisible()).toBe(false);
      await ref.locator('a').hover();
      expect(await card.isVisible()).toBe(true);
      expect(await card.textContent()).toMatch(/Goodfellow.*\(2014\)\. Generative Adversarial/);
      const describedBy = await ref.locator('a').getAttribute('aria-describedby');
      expect(describedBy && (await card.getAttribute('id'))).toBe(describedBy);

      await page.mouse.move(0, 0);
      expect(await card.isVisible()).toBe(false);
      await ref.locator('a').focus();
      expect(await card.isVisible()).toBe(true);
      await page.keyboard.press('Escape');
      expect(await card.isVisible()).toBe(false);
      // Tab moves on: the next citation's card shows.
      await page.keyboard.press('Tab');
      const next = page.locator('.citation-ref:focus-within .citation-card');
      if ((await next.count()) > 0) expect(await next.first().isVisible()).toBe(true);

      await page.setViewportSize({ width: 390, height: 844 });
      await ref.locator('a').focus();
      const box = await card.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
      expect(monitored.report()).toEqual([]);
    } finally {
      await page.close();
    }
  });

  for (const lang of ['en', 'ko'] as const) {
    it(`${lang}: "cite this article" copies a well-formed BibTeX entry and a plain citation`, async () => {
      await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
      const monitored = await openPage(browser.context, server.origin);
      const { page } = monitored;
      try {
        await page.goto(`${server.origin}${TEST_BASE}${lang}/vae/`, { waitUntil: 'load' });
        const section = page.locator('.cite-this');
        await section.scrollIntoViewIfNeeded();
        const buttons = section.locator('button.cite-copy');
        expect(await buttons.count()).toBe(2);
        await buttons.nth(1).click();
        await expect.poll(() => section.locator('.cite-status').nth(1).textContent()).toBe(lang === 'ko' ? '복사했습니다.' : 'Copied.');
        const bibtex = await page.evaluate(() => navigator.clipboard.readText());
        expect(bibtex).toMatch(new RegExp(`^@online\\{generative-in-your-browser-\\d{4}-vae-${lang},\\n`));
        for (const field of ['title', 'author', 'year', 'date', 'url']) expect(bibtex).toMatch(new RegExp(`^  ${field} = \\{`, 'm'));
        let depth = 0;
        for (const c of bibtex.replace(/\\[{}]/g, '')) {
          if (c === '{') depth++;
          if (c === '}') depth--;
          expect(depth).toBeGreaterThanOrEqual(0);
        }
        expect(depth).toBe(0);
        await buttons.nth(0).click();
        await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toMatch(/\/vae\/$/);
        expect(monitored.report()).toEqual([]);
      } finally {
        await page.close();
      }
    });
  }
});
