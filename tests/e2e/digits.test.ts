/**
 * The digits lab (issue 17) in Chromium. Pretrained digits appear without the MNIST training set
 * being fetched; picking two digits interpolates between them; diffusion's reverse process scrubs;
 * the VAE shows its latent space; training from scratch advances the step counter and the score;
 * a corrupted or missing weights file gets a message and training from scratch still works.
 * openPage fails a test on any console error or CSP violation.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useSiteAndBrowser } from './support/site-and-browser';
import { openPage, type Browser, type MonitoredPage } from './support/browser';
import { startStaticServer, TEST_BASE, type StaticServer } from './support/static-server';

let server: StaticServer;
let browser: Browser;
useSiteAndBrowser((s, b) => {
  server = s;
  browser = b;
});

/** A hash of a canvas's pixels, to tell whether a drawing changed. */
function canvasPixels(page: Page, role: string): Promise<string> {
  return page.locator(`gen-digits [data-role="${role}"]`).evaluate((c) => (c as HTMLCanvasElement).toDataURL());
}

async function withPage(origin: string, run: (m: MonitoredPage) => Promise<void>, allowed: RegExp[] = []): Promise<void> {
  const monitored = await openPage(browser.context, origin);
  try {
    await run(monitored);
    expect(monitored.report().filter((line) => !allowed.some((re) => re.test(line)))).toEqual([]);
  } finally {
    await monitored.page.close();
  }
}

async function choose(page: Page, family: string): Promise<void> {
  await page.waitForSelector('gen-digits[data-state="idle"], gen-digits[data-state="shown"]', { timeout: 20_000 });
  await page.locator('gen-digits [data-role="family"]').selectOption(family);
}

const digitsFetched = (m: MonitoredPage) => m.requests.map((r) => r.url).filter((u) => u.includes('/digits/') && u.endsWith('.bin'));

describe('the digits lab', () => {
  it('draws pretrained digits without fetching MNIST, interpolates between two picked digits, and shows the VAE’s latent space', async () => {
    await withPage(server.origin, async (m) => {
      const { page } = m;
      await page.goto(`${server.url}en/digits/`, { waitUntil: 'load' });
      await choose(page, 'vae');
      expect(digitsFetched(m), 'nothing fetched before a press').toEqual([]);
      await page.locator('gen-digits [data-role="pretrained"]').click();
      await page.waitForSelector('gen-digits[data-state="shown"]', { timeout: 30_000 });
      expect(digitsFetched(m).map((u) => u.split('/').pop()).sort()).toEqual(['classifier.bin', 'vae.bin']);
      expect(Number(await page.locator('gen-digits').getAttribute('data-confident'))).toBeGreaterThan(0.5);
      expect(await page.locator('gen-digits [data-role="classes"]').textContent()).toMatch(/^\d+ \/ 10$/);

      const grid = page.locator('gen-digits [data-role="grid"]');
      const box = (await grid.boundingBox())!;
      const cell = box.width / 8;
      await grid.click({ position: { x: cell * 0.5, y: cell * 0.5 } });
      await grid.click({ position: { x: cell * 7.5, y: cell * 7.5 } });
      await expect.poll(() => page.locator('gen-digits [data-role="strip"]').getAttribute('data-pair'), { timeout: 10_000 }).toBe('1-64');
      const first = await canvasPixels(page, 'strip');
      await page.locator('gen-digits [data-role="b"]').fill('20');
      await page.locator('gen-digits [data-role="b"]').dispatchEvent('change');
      await expect.poll(() => page.locator('gen-digits [data-role="strip"]').getAttribute('data-pair'), { timeout: 10_000 }).toBe('1-20');
      expect(await canvasPixels(page, 'strip')).not.toBe(first);

      await expect.poll(() => page.locator('gen-digits [data-role="latent"]').getAttribute('data-drawn'), { timeout: 10_000 }).toBe('true');
      expect(await page.locator('gen-digits [data-role="latent-box"]').isVisible()).toBe(true);
      expect(digitsFetched(m).some((u) => u.endsWith('/train.bin'))).toBe(false);
    });
  });

  it('scrubs diffusion’s reverse process from noise to digits (Korean page)', async () => {
    await withPage(server.origin, async (m) => {
      const { page } = m;
      await page.goto(`${server.url}ko/digits/`, { waitUntil: 'load' });
      await choose(page, 'diffusion');
      await page.locator('gen-digits [data-role="pretrained"]').click();
      await page.waitForSelector('gen-digits[data-state="shown"]', { timeout: 30_000 });
      expect(await page.locator('gen-digits [data-role="reverse"]').isVisible()).toBe(true);
      const digits = await canvasPixels(page, 'grid');
      await page.locator('gen-digits [data-role="scrub"]').fill('0');
      expect(await canvasPixels(page, 'grid')).not.toBe(digits);
      expect(await page.locator('gen-digits [data-role="scrub-label"]').textContent()).toContain('DDIM');
    });
  });

  it('trains the GAN from scratch: the step counter and the score advance, and Pause stops it', async () => {
    await withPage(server.origin, async (m) => {
      const { page } = m;
      await page.goto(`${server.url}en/digits/`, { waitUntil: 'load' });
      await choose(page, 'gan');
      await page.locator('gen-digits [data-role="train"]').click();
      await page.waitForSelector('gen-digits[data-state="training"]', { timeout: 30_000 });
      expect(digitsFetched(m).some((u) => u.endsWith('/train.bin'))).toBe(true);
      const digits = page.locator('gen-digits');
      await expect.poll(async () => Number(await digits.getAttribute('data-step')), { timeout: 30_000 }).toBeGreaterThan(100);
      const confident = await page.locator('gen-digits [data-role="confident"]').textContent();
      expect(confident).toMatch(/^\d+%$/);
      expect(await page.locator('gen-digits [data-role="rate"]').textContent()).toMatch(/^\d+$/);
      await page.locator('gen-digits [data-role="pause"]').click();
      await page.waitForSelector('gen-digits[data-state="shown"]', { timeout: 10_000 });
      const paused = Number(await digits.getAttribute('data-step'));
      await page.waitForTimeout(1500);
      expect(Number(await digits.getAttribute('data-step'))).toBe(paused);
      expect(await page.locator('gen-digits [data-role="train"]').textContent()).toBe('Resume training');
    });
  });

  it('a corrupted weights file and a missing one get a message, and training from scratch still works', async () => {
    const broken = await startStaticServer({
      overrides: new Map([[`${TEST_BASE}digits/gan.bin`, { body: '<!doctype html><title>Oops</title>', type: 'application/octet-stream' }]]),
    });
    try {
      await withPage(broken.origin, async (m) => {
        const { page } = m;
        await page.goto(`${broken.url}en/digits/`, { waitUntil: 'load' });
        await choose(page, 'gan');
        await page.locator('gen-digits [data-role="pretrained"]').click();
        await page.waitForSelector('gen-digits[data-state="failed"]', { timeout: 30_000 });
        expect(await page.locator('gen-digits [data-role="problem"]').textContent()).toMatch(/could not be read: not a weights file.*Training from scratch still works/);
        await page.locator('gen-digits [data-role="train"]').click();
        await expect.poll(async () => Number(await page.locator('gen-digits').getAttribute('data-step')), { timeout: 30_000 }).toBeGreaterThan(10);
        await page.locator('gen-digits [data-role="pause"]').click();
      });
    } finally {
      await broken.close();
    }
    const missing = await startStaticServer({ root: await copyWithout('digits/vae.bin') });
    try {
      await withPage(
        missing.origin,
        async (m) => {
          const { page } = m;
          await page.goto(`${missing.url}en/digits/`, { waitUntil: 'load' });
          await choose(page, 'vae');
          await page.locator('gen-digits [data-role="pretrained"]').click();
          await page.waitForSelector('gen-digits[data-state="failed"]', { timeout: 30_000 });
          expect(await page.locator('gen-digits [data-role="problem"]').textContent()).toMatch(/vae\.bin: the server answered 404/);
        },
        [/bad response: 404 .*vae\.bin/, /console error: Failed to load resource.*404/],
      );
    } finally {
      await missing.close();
    }
  });
});

/** A copy of the built site without one file (a failed deploy), in a temporary folder. */
async function copyWithout(relative: string): Promise<string> {
  const { cp, mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { DIST } = await import('./support/static-server');
  const root = await mkdtemp(join(tmpdir(), 'digits-site-'));
  await cp(DIST, root, { recursive: true });
  await rm(join(root, relative));
  return root;
}
