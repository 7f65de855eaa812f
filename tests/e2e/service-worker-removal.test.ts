/**
 * The service worker can be removed (issue 18, item 8; docs/DESIGN.md, "Retiring the service
 * worker"). The server plays a later deploy by answering chosen paths with other content:
 * - the kill switch at coi-serviceworker.js (what a build with SITE_COI_SERVICEWORKER=off serves)
 *   unregisters the worker a reader already has, and the next load is no longer isolated; it does
 *   so as the worker's update alone and as the page's script alone;
 * - a worker under the base path with another script (an older build's) is unregistered by the
 *   next page a reader opens, while a worker of another site on the same origin is left alone.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, openPage, type Browser } from './support/browser';
import { startStaticServer, type Override, type StaticServer } from './support/static-server';
import { assertTestBuild } from './support/site';

const overrides = new Map<string, Override>();
let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  await assertTestBuild();
  server = await startStaticServer({ overrides });
});
afterAll(async () => {
  await server?.close();
});
// Each test with a fresh profile: a reader who has never met the site.
beforeEach(async () => {
  browser = await launchBrowser();
});
afterEach(async () => {
  overrides.clear();
  await browser?.close();
});

const js = (body: string): Override => ({ body, type: 'text/javascript; charset=utf-8' });
const registrations = (page: Page) =>
  page.evaluate(async () =>
    (await navigator.serviceWorker.getRegistrations()).map((r) => ({
      scope: r.scope,
      script: (r.installing ?? r.waiting ?? r.active)?.scriptURL ?? null,
    })),
  );

/** Waits until the page's registrations (sorted by scope) are `want`; returns what it saw last. */
async function waitForRegistrations(page: Page, want: { scope: string; script: string }[], timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let got = await registrations(page);
  while (JSON.stringify(got.sort((a, b) => a.scope.localeCompare(b.scope))) !== JSON.stringify(want) && Date.now() < deadline) {
    await page.waitForTimeout(200);
    got = await registrations(page);
  }
  return got;
}

describe('removing the service worker', () => {
  // The kill switch acts twice, as the worker's update and as the page's script; each alone suffices.
  for (const only of ['service-worker', 'others'] as const) {
    it(`the kill switch unregisters the worker ${only === 'service-worker' ? 'as its update alone' : 'as the page\'s script alone'}`, async () => {
      const { page, report } = await openPage(browser.context, server.origin);
      try {
        await page.goto(`${server.url}en/`, { waitUntil: 'load' });
        const coi = { scope: server.url, script: `${server.url}coi-serviceworker.js` };
        expect(await waitForRegistrations(page, [coi])).toEqual([coi]);
        await page.reload({ waitUntil: 'load' });
        expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
        overrides.set(`${server.base}coi-serviceworker.js`, { ...js(await readFile('src/lib/coi-serviceworker-kill-switch.js', 'utf8')), only });
        await page.reload({ waitUntil: 'load' });
        expect(await waitForRegistrations(page, [])).toEqual([]);
        expect(report()).toEqual([]);
      } finally {
        await page.close();
      }
    });
  }

  it('the kill switch served at the worker\'s URL unregisters it, and the next load is not isolated', async () => {
    const { page, report } = await openPage(browser.context, server.origin);
    try {
      await page.goto(`${server.url}en/`, { waitUntil: 'load' });
      const coi = { scope: server.url, script: `${server.url}coi-serviceworker.js` };
      expect(await waitForRegistrations(page, [coi])).toEqual([coi]);
      await page.reload({ waitUntil: 'load' });
      expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);

      // The next deploy serves the kill switch at the same URL.
      overrides.set(`${server.base}coi-serviceworker.js`, js(await readFile('src/lib/coi-serviceworker-kill-switch.js', 'utf8')));
      await page.reload({ waitUntil: 'load' });
      expect(await waitForRegistrations(page, [])).toEqual([]);

      const response = await page.reload({ waitUntil: 'load' });
      expect(response?.headers()['cross-origin-embedder-policy']).toBeUndefined();
      expect(await page.evaluate(() => ({ isolated: self.crossOriginIsolated, controlled: navigator.serviceWorker.controller !== null }))).toEqual({
        isolated: false,
        controlled: false,
      });
      expect(await registrations(page)).toEqual([]);
      expect(report()).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('a page unregisters a worker under the base path with another script, and leaves other sites\' workers alone', async () => {
    // An older build's worker (its script since renamed) and another site's on the same origin.
    const worker = js('self.addEventListener("fetch", function () {});');
    overrides.set(`${server.base}old-worker.js`, worker);
    overrides.set('/another-site/sw.js', worker);
    const { page, report } = await openPage(browser.context, server.origin);
    try {
      await page.goto(`${server.url}en/`, { waitUntil: 'load' });
      const coi = { scope: server.url, script: `${server.url}coi-serviceworker.js` };
      expect(await waitForRegistrations(page, [coi])).toEqual([coi]);
      await page.evaluate(async ([old, other]) => {
        await navigator.serviceWorker.register(old, { scope: old.replace('old-worker.js', 'en/') });
        await navigator.serviceWorker.register(other);
      }, [`${server.url}old-worker.js`, `${server.origin}/another-site/sw.js`]);
      const another = { scope: `${server.origin}/another-site/`, script: `${server.origin}/another-site/sw.js` };
      const old = { scope: `${server.url}en/`, script: `${server.url}old-worker.js` };
      expect(await waitForRegistrations(page, [another, coi, old])).toEqual([another, coi, old]);

      // The script is gone from the site; the next page the reader opens cleans up.
      overrides.delete(`${server.base}old-worker.js`);
      await page.goto(`${server.url}en/introduction/`, { waitUntil: 'load' });
      expect(await waitForRegistrations(page, [another, coi])).toEqual([another, coi]);
      expect(report().filter((line) => !line.includes('old-worker.js'))).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
