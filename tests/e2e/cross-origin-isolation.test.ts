/**
 * coi-serviceworker: the first page a reader opens registers the service worker under the base
 * path without reloading; from the next load on, pages are cross-origin isolated (the lab can
 * use SharedArrayBuffer and two threads), and search still works on an isolated page.
 */
import { describe, expect, it } from 'vitest';
import { useSiteAndBrowser } from './support/site-and-browser';
import type { ConsoleMessage } from 'playwright-core';
import { openPage, type Browser } from './support/browser';
import { type StaticServer } from './support/static-server';
import { button, openLab, waitForLab } from './lab/support';

let server: StaticServer;
let browser: Browser;

useSiteAndBrowser((s, b) => {
  server = s;
  browser = b;
});

const isolation = () => ({ isolated: self.crossOriginIsolated, sharedArrayBuffer: typeof SharedArrayBuffer });

describe('cross-origin isolation', () => {
  it('registers the service worker on a first visit, without a reload; the next load is isolated', async () => {
    const monitored = await openPage(browser.context, server.origin);
    const { page } = monitored;
    // openPage watches the page's console; the service worker's errors reach only the context's.
    const workerErrors: string[] = [];
    const onConsole = (msg: ConsoleMessage) => {
      if (!msg.page() && msg.type() === 'error') workerErrors.push(msg.text());
    };
    browser.context.on('console', onConsole);
    try {
      const response = await page.goto(`${server.url}en/diffusion/`, { waitUntil: 'load' });
      expect(response?.headers()['cross-origin-embedder-policy']).toBeUndefined();
      expect(await page.evaluate(isolation)).toEqual({ isolated: false, sharedArrayBuffer: 'undefined' });

      // A mark on this document: it is gone if the page reloads itself.
      await page.evaluate(() => ((window as unknown as { firstLoad: boolean }).firstLoad = true));
      const registration = await page.evaluate(async () => {
        const r = await navigator.serviceWorker.ready;
        return { scope: r.scope, script: r.active?.scriptURL };
      });
      expect(registration).toEqual({ scope: server.url, script: `${server.url}coi-serviceworker.js` });
      await page.waitForTimeout(500);
      expect(await page.evaluate(() => (window as unknown as { firstLoad?: boolean }).firstLoad)).toBe(true);

      await page.reload({ waitUntil: 'load' });
      expect(await page.evaluate(isolation)).toEqual({ isolated: true, sharedArrayBuffer: 'function' });
      expect(monitored.report()).toEqual([]);
      expect(workerErrors).toEqual([]);
    } finally {
      browser.context.off('console', onConsole);
      await page.close();
    }
  });

  it('search works on an isolated page', async () => {
    const { page, report } = await openPage(browser.context, server.origin);
    try {
      await page.goto(`${server.url}en/search/`);
      expect(await page.evaluate(isolation)).toEqual({ isolated: true, sharedArrayBuffer: 'function' });
      const input = page.locator('.pagefind-ui__search-input');
      await input.waitFor({ timeout: 10_000 });
      await input.fill('diffusion');
      await page.locator('.pagefind-ui__result-link').first().waitFor({ timeout: 10_000 });
      expect(report()).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('a lab on an isolated page runs its fused kernels on two threads, and learns', async () => {
    // The energy-based model's training pass (256 data points and 1,024 importance points through
    // 2→64→64→64→1) is big enough to split across two threads (worthTwoThreads); its helper thread
    // starts with the model.
    const { page, lab, monitored } = await openLab(browser, server, 'ebm');
    try {
      expect(await page.evaluate(isolation)).toEqual({ isolated: true, sharedArrayBuffer: 'function' });
      await button(lab, 'train').click();
      const start = await waitForLab(lab, (a) => a.energyStart > 0, 30_000, 'the step-0 energy distance');
      await expect.poll(() => lab.getAttribute('data-threads'), { timeout: 20_000 }).toBe('2');
      expect(await lab.locator('[data-stat=backend]').textContent()).toBe('wasm + fused kernels, 2 threads');
      await waitForLab(lab, (a) => a.step >= 200 && a.energy < 0.5 * a.energyStart, 60_000, `energy distance < half of ${start.energyStart}`);
      await button(lab, 'train').click();
      expect(monitored.report()).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);
});
