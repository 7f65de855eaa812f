/**
 * The arena (issue 16) in Chromium: all seven families on 8 Gaussians for 5 s each. Every row gets
 * its numbers; the flow's and the autoregressive model's NLL are finite and above the entropy
 * floor; the GAN row says why it has no likelihood; the CSV export holds the table's numbers; the
 * share link reproduces the configuration; bad input is refused with a message; leaving the page
 * ends the worker. openPage fails the test on any console error or CSP violation.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { useSiteAndBrowser } from './support/site-and-browser';
import { openPage, type Browser } from './support/browser';
import type { StaticServer } from './support/static-server';

let server: StaticServer;
let browser: Browser;
useSiteAndBrowser((s, b) => {
  server = s;
  browser = b;
});

const FAMILIES = ['autoregressive', 'vae', 'flow', 'ebm', 'gan', 'diffusion', 'flow-matching'];

async function cellText(page: import('playwright-core').Page, family: string, col: string): Promise<string> {
  return (await page.locator(`[data-role="row-${family}"] [data-col="${col}"]`).textContent()) ?? '';
}

describe('the arena', () => {
  it('8 Gaussians, 5 s each: every row gets its numbers, the exports and the share link hold them, leaving ends the worker', async () => {
    const monitored = await openPage(browser.context, server.origin);
    const { page } = monitored;
    try {
      await page.goto(`${server.url}en/arena/?dataset=eight-gaussians&budget=5&seed=3`, { waitUntil: 'load' });
      const arena = page.locator('gen-arena');
      await page.waitForSelector('gen-arena[data-state="idle"]', { timeout: 20_000 });
      expect(await page.locator('[data-role="budget"]').inputValue()).toBe('5');
      expect(await page.locator('[data-role="seed"]').inputValue()).toBe('3');
      expect(await page.locator('[data-role="machine"]').textContent()).toMatch(/\d+ threads; cross-origin isolated: (yes|no)/);

      const workerStarted = page.waitForEvent('worker');
      await page.locator('[data-role="start"]').click();
      const worker = await workerStarted;
      const firstClosed = new Promise<void>((resolve) => worker.once('close', () => resolve()));
      await page.waitForSelector('gen-arena[data-state="done"]', { timeout: 7 * 5_000 + 120_000 });

      for (const f of FAMILIES) {
        const steps = Number(await cellText(page, f, 'steps'));
        expect(steps, f).toBeGreaterThan(0);
        for (const col of ['msPerStep', 'msPer1000Samples', 'trainingSeconds']) expect(Number(await cellText(page, f, col)), `${f} ${col}`).toBeGreaterThan(0);
        // "r× (energy distance ÷ noise floor)": the ratio, and the two numbers it divides.
        const ratioCell = /^([\d.e+-]+)× \(([\d.e+-]+) ÷ ([\d.e+-]+)\)$/.exec(await cellText(page, f, 'energyRatio'));
        expect(ratioCell, f).not.toBeNull();
        const [ratio, distance, floor] = ratioCell!.slice(1).map(Number);
        expect(ratio, f).toBeGreaterThan(0);
        expect(Math.abs(distance / floor - ratio) / ratio, f).toBeLessThan(0.02);
      }
      const entropy = Number(await cellText(page, 'flow', 'entropy'));
      expect(entropy).toBeGreaterThan(0);
      for (const f of ['flow', 'autoregressive']) {
        const text = await cellText(page, f, 'nll');
        expect(text).toMatch(/\(exact\)/);
        const nll = Number(text.split(' ')[0]);
        expect(Number.isFinite(nll), f).toBe(true);
        expect(nll, f).toBeGreaterThan(entropy - 0.05);
      }
      expect(await cellText(page, 'gan', 'nll')).toMatch(/no likelihood/);
      expect(Number(await arena.getAttribute('data-share-spread'))).toBeLessThan(0.1);
      expect(await page.locator('[data-role="status"]').textContent()).toMatch(/within 10%/);

      // The CSV export has the table's numbers.
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-role="export-csv"]').click()]);
      const csv = await readFile((await download.path()) ?? '', 'utf8');
      const lines = csv.trim().split('\n');
      expect(lines[0].split(',').slice(0, 3)).toEqual(['family', 'steps', 'trainingSeconds']);
      expect(lines.length).toBe(1 + FAMILIES.length);
      for (const line of lines.slice(1)) {
        const [family, steps, , msPerStep] = line.split(',');
        expect(steps).toBe(await cellText(page, family, 'steps'));
        expect(Number(msPerStep)).toBeCloseTo(Number(await cellText(page, family, 'msPerStep')), 1);
      }
      const [json] = await Promise.all([page.waitForEvent('download'), page.locator('[data-role="export-json"]').click()]);
      const parsed = JSON.parse(await readFile((await json.path()) ?? '', 'utf8'));
      expect(parsed.rows.length).toBe(FAMILIES.length);
      const [png] = await Promise.all([page.waitForEvent('download'), page.locator('[data-role="export-png"]').click()]);
      expect((await readFile((await png.path()) ?? '')).subarray(1, 4).toString()).toBe('PNG');

      // Leaving the page ends the worker (a finished run has ended it already; start one and leave).
      await firstClosed;
      const second = page.waitForEvent('worker');
      await page.locator('[data-role="start"]').click();
      const running = await second;
      const closed = new Promise<void>((resolve) => running.once('close', () => resolve()));
      await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pagehide')));
      await closed;

      // The share link reproduces the configuration.
      const share = await page.locator('[data-role="share"]').getAttribute('href');
      expect(share).toMatch(/dataset=eight-gaussians/);
      const other = await openPage(browser.context, server.origin);
      try {
        await other.page.goto(share ?? '', { waitUntil: 'load' });
        await other.page.waitForSelector('gen-arena[data-state="idle"]', { timeout: 20_000 });
        expect(await other.page.locator('[data-role="dataset"]').inputValue()).toBe('eight-gaussians');
        expect(await other.page.locator('[data-role="budget"]').inputValue()).toBe('5');
        expect(await other.page.locator('[data-role="seed"]').inputValue()).toBe('3');
        expect(other.report()).toEqual([]);
      } finally {
        await other.page.close();
      }
      expect(monitored.report()).toEqual([]);
    } finally {
      await page.close();
    }
  }, 240_000);

  it('refuses too few drawn points and a budget out of range, with a message and no worker', async () => {
    const monitored = await openPage(browser.context, server.origin);
    const { page } = monitored;
    try {
      await page.goto(`${server.url}ko/arena/?dataset=drawn`, { waitUntil: 'load' });
      await page.waitForSelector('gen-arena[data-state="idle"]', { timeout: 20_000 });
      let workers = 0;
      page.on('worker', (w) => {
        if (!/coi-service/.test(w.url())) workers++;
      });
      const canvas = page.locator('[data-role="draw"]');
      await canvas.click({ position: { x: 50, y: 50 } });
      await canvas.click({ position: { x: 120, y: 90 } });
      await page.locator('[data-role="start"]').click();
      expect(await page.locator('[data-role="problem"]').textContent()).toMatch(/점이 2개뿐/);
      await page.selectOption('[data-role="dataset"]', 'eight-gaussians');
      await page.fill('[data-role="budget"]', '500');
      await page.locator('[data-role="start"]').click();
      expect(await page.locator('[data-role="problem"]').textContent()).toMatch(/5초에서 120초/);
      expect(workers).toBe(0);
      expect(monitored.report()).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);
  it('a CSV with a bad row gets a sentence naming the row, and a good one loads as the data', async () => {
    const monitored = await openPage(browser.context, server.origin);
    const { page } = monitored;
    try {
      await page.goto(`${server.url}en/arena/`, { waitUntil: 'load' });
      await page.waitForSelector('gen-arena[data-state="idle"]', { timeout: 20_000 });
      const file = (body: string) => ({ name: 'points.csv', mimeType: 'text/csv', buffer: Buffer.from(body) });
      await page.locator('[data-role="csv"]').setInputFiles(file('x,y\n0.1,0.2\nhello,3\n'));
      await expect.poll(async () => page.locator('[data-role="problem"]').textContent()).toMatch(/Row 3 \(.*hello.*\) is not two numbers/);
      expect(await page.locator('[data-role="problem"]').textContent()).not.toMatch(/not-two-numbers/);
      const many = Array.from({ length: 301 }, (_, i) => `${(Math.cos(i) * 2).toFixed(2)},${(Math.sin(i) * 2).toFixed(2)}`).join('\n');
      await page.locator('[data-role="csv"]').setInputFiles(file(`x,y\n${many}\n`));
      await expect.poll(async () => page.locator('[data-role="problem"]').textContent()).toMatch(/301 points, more than the 300 allowed/);
      const good = Array.from({ length: 30 }, (_, i) => `${(Math.cos(i) * 2).toFixed(2)},${(Math.sin(i) * 2).toFixed(2)}`).join('\n');
      await page.locator('[data-role="csv"]').setInputFiles(file(`x,y\n${good}\n`));
      await expect.poll(async () => page.locator('[data-role="status"]').textContent()).toMatch(/Loaded 30 points/);
      expect(await page.locator('[data-role="problem"]').textContent()).toBe('');
      expect(await page.locator('[data-role="dataset"]').inputValue()).toBe('drawn');
      expect(monitored.report()).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('a worker that goes silent is noticed by the watchdog: a message, the run ended, Start works again', async () => {
    const monitored = await openPage(browser.context, server.origin);
    const { page } = monitored;
    const script = /\/_astro\/arena-worker-[^/]*\.js$/;
    try {
      let silent = true;
      // The worker closes itself half a second into its first family's turn: no error, no message, it just stops.
      await page.context().route(script, async (route) => {
        if (!silent) return route.continue();
        const response = await route.fetch();
        await route.fulfill({ response, body: `${await response.text()}\n;{ const post = self.postMessage.bind(self); self.postMessage = (m, t) => { post(m, t); if (m && m.type === 'turn') setTimeout(() => self.close(), 500); }; }\n` });
      });
      await page.goto(`${server.url}en/arena/?budget=5`, { waitUntil: 'load' });
      await page.waitForSelector('gen-arena[data-state="idle"]', { timeout: 20_000 });
      await page.locator('gen-arena').evaluate((el) => void ((el as HTMLElement).dataset.watchdog = JSON.stringify({ loadMs: 30_000, heartbeatMs: 3_000 })));
      await page.locator('[data-role="start"]').click();
      await page.waitForSelector('gen-arena[data-state="failed"]', { timeout: 40_000 });
      expect(await page.locator('[data-role="problem"]').textContent()).toMatch(/has not answered for 3 s/);
      expect(await page.locator('[data-role="start"]').isDisabled()).toBe(false);
      expect(await page.locator('[data-role="stop"]').isDisabled()).toBe(true);
      silent = false;
      await page.context().unroute(script);
      expect(monitored.report()).toEqual([]);
    } finally {
      await page.close();
    }
  }, 90_000);
});
