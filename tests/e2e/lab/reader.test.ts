/**
 * The lab as a newcomer meets it (issue 14): everything that changes the pictures is on screen
 * with the pictures; a thumb on a canvas scrolls a phone's page unless the reader draws; diffusion's
 * t slider scrubs the reverse process from noise to data; a copied link lands on the lab with its
 * settings; samples download as CSV; a CSV file with a bad row is refused, naming the row; each
 * number of the stats row explains itself.
 */
import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { settingsFor } from '../../../src/lab/shared/settings';
import type { Family } from '../../../src/models/types';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, openPage, type Browser } from '../support/browser';
import { useSiteAndBrowser } from '../support/site-and-browser';
import { type StaticServer } from '../support/static-server';
import { ARTICLE_OF, attr, button, numberAttr, openLab, waitForLab } from './support';

let server: StaticServer;
let browser: Browser;

useSiteAndBrowser((s, b) => {
  server = s;
  browser = b;
});

const FAMILIES: Family[] = ['autoregressive', 'vae', 'flow', 'ebm', 'gan', 'diffusion', 'flow-matching'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the lab, for a reader', () => {
  it('at 1280×800, with a lab at the top of the viewport, its canvases, Train, view controls and Data menu are all on screen; the noise comparison’s panels stand side by side, phone included', async () => {
    const { page, monitored } = await openPage(browser.context, server.origin).then((m) => ({ page: m.page, monitored: m }));
    try {
      await page.setViewportSize({ width: 1280, height: 800 });
      for (const family of FAMILIES) {
        await page.goto(`${server.url}en/${ARTICLE_OF[family]}/`, { waitUntil: 'load' });
        await page.locator(`#lab-${family}`).scrollIntoViewIfNeeded();
        await page.waitForSelector(`#lab-${family}[data-hydrated]`, { timeout: 20_000 });
        await page.evaluate((id) => {
          const el = document.getElementById(id);
          if (el) window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY);
        }, `lab-${family}`);
        await sleep(200);
        const viewKeys = settingsFor(family).filter((s) => s.effect === 'view').map((s) => s.key);
        const selectors = ['canvas[data-role=main]', 'canvas[data-role=aux]', '[data-action=train]', '[data-key=dataset]', ...viewKeys.map((k) => `[data-key="${k}"]`)];
        const boxes = await page.evaluate(
          ({ id, selectors }) =>
            selectors.map((sel) => {
              const r = document.getElementById(id)?.querySelector(sel)?.getBoundingClientRect();
              return { sel, top: r?.top ?? NaN, bottom: r?.bottom ?? NaN };
            }),
          { id: `lab-${family}`, selectors },
        );
        for (const b of boxes) {
          expect(b.top, `${family} ${b.sel}`).toBeGreaterThanOrEqual(0);
          expect(b.bottom, `${family} ${b.sel}`).toBeLessThanOrEqual(800);
        }
      }
      // The noise comparison: its three panels side by side, at 1280×800 and on a phone.
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: width === 1280 ? 800 : 844 });
        await page.goto(`${server.url}en/why-gaussian/`, { waitUntil: 'load' });
        await page.locator('#lab-diffusion-noise').scrollIntoViewIfNeeded();
        await page.waitForSelector('#lab-diffusion-noise[data-hydrated]', { timeout: 20_000 });
        const panels = await page.locator('#lab-diffusion-noise canvas[data-role=panel-canvas]').evaluateAll((els) =>
          els.map((el) => el.getBoundingClientRect()).map((r) => ({ top: Math.round(r.top), width: r.width })),
        );
        expect(panels).toHaveLength(3);
        expect(new Set(panels.map((p) => p.top)).size, `panels at ${width} px`).toBe(1);
        expect(Math.min(...panels.map((p) => p.width))).toBeGreaterThan(80);
      }
      expect(monitored.report()).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('at 390×844, a touch swipe that starts on a canvas scrolls the page while drawing is off (and not while drawing)', async () => {
    const phone = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS, headless: true });
    try {
      const context = await phone.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, reducedMotion: 'reduce' });
      const swipe = async (query: string): Promise<number> => {
        const { page, problems } = await openPage(context, server.origin);
        await page.goto(`${server.url}en/gan/${query}`, { waitUntil: 'load' });
        await page.locator('#lab-gan').scrollIntoViewIfNeeded();
        await page.waitForSelector('#lab-gan[data-hydrated]', { timeout: 20_000 });
        const box = await page.locator('#lab-gan canvas[data-role=main]').boundingBox();
        if (!box) throw new Error('no canvas box');
        await page.evaluate((y) => window.scrollBy(0, y), box.y - 60);
        const start = await page.evaluate(() => window.scrollY);
        const b = await page.locator('#lab-gan canvas[data-role=main]').boundingBox();
        if (!b) throw new Error('no canvas box');
        const cdp = await context.newCDPSession(page);
        const x = b.x + b.width / 2;
        let y = b.y + b.height * 0.8;
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
        for (let i = 0; i < 10; i++) {
          y -= 20;
          await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y }] });
          await sleep(16);
        }
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
        await sleep(300);
        const moved = (await page.evaluate(() => window.scrollY)) - start;
        expect(problems.consoleErrors).toEqual([]);
        await page.close();
        return moved;
      };
      expect(await swipe('')).toBeGreaterThan(100);
      expect(Math.abs(await swipe('?gan.dataset=drawn'))).toBeLessThan(20);
    } finally {
      await phone.close();
    }
  });

  it('dragging diffusion’s t slider after Sample moves the reverse trajectories monotonically from noise to data', async () => {
    const { page, lab, monitored } = await openLab(browser, server, 'diffusion', 'en', '?diffusion.sampler=ddim');
    try {
      await button(lab, 'train').click();
      await waitForLab(lab, (a) => a.step >= 400 && a.energy < 0.5 * a.energyStart, 120_000, 'a trained diffusion model');
      await button(lab, 'train').click();
      await button(lab, 'sample').click();
      // Reduced motion: Sample jumps t to 0, the end of the reverse process.
      await expect.poll(async () => attr(lab, 'reverse-t'), { timeout: 20_000 }).toBe('0');
      const slider = lab.locator('[data-key=t]');
      const box = await slider.boundingBox();
      if (!box) throw new Error('no slider box');
      const yMid = box.y + box.height / 2;
      // Drag from the right end (t = T: noise) to the left end (t = 0: data).
      await page.mouse.move(box.x + box.width - 2, yMid);
      await page.mouse.down();
      const gaps: number[] = [];
      const ts: number[] = [];
      for (let i = 0; i <= 6; i++) {
        await page.mouse.move(box.x + box.width - 2 - ((box.width - 4) * i) / 6, yMid, { steps: 3 });
        await sleep(150);
        ts.push(await numberAttr(lab, 'reverse-t'));
        gaps.push(await numberAttr(lab, 'reverse-gap'));
      }
      await page.mouse.up();
      expect(ts[0]).toBe(Number(await slider.getAttribute('max')));
      expect(ts[ts.length - 1]).toBe(0);
      for (let i = 1; i < gaps.length; i++) expect(gaps[i], `gaps ${gaps.join(', ')}`).toBeLessThanOrEqual(gaps[i - 1] * 1.05 + 0.01);
      expect(gaps[gaps.length - 1]).toBeLessThan(0.5 * gaps[0]);
      expect(monitored.report()).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('flow matching: dragging t from 0 to 1 carries the noise onto the data; Reflow straightens the paths and the strip reports each step count', async () => {
    const { page, lab, monitored } = await openLab(browser, server, 'flow-matching', 'en', '?flow-matching.t=0');
    try {
      await button(lab, 'train').click();
      await waitForLab(lab, (a) => a.step >= 600 && a.energy < 0.5 * a.energyStart, 120_000, 'a trained flow-matching model');
      await button(lab, 'train').click();
      await expect.poll(async () => (await attr(lab, 'strip')) ?? '', { timeout: 20_000 }).toMatch(/^1:[\d.]+,2:[\d.]+,4:[\d.]+,8:[\d.]+,16:[\d.]+$/);
      const slider = lab.locator('[data-key=t]');
      const box = await slider.boundingBox();
      if (!box) throw new Error('no slider box');
      const yMid = box.y + box.height / 2;
      // From the left end (t = 0: noise) to the right end (t = 1: data).
      await page.mouse.move(box.x + 2, yMid);
      await page.mouse.down();
      const ts: number[] = [];
      const gaps: number[] = [];
      for (let i = 0; i <= 6; i++) {
        await page.mouse.move(box.x + 2 + ((box.width - 4) * i) / 6, yMid, { steps: 3 });
        await sleep(150);
        ts.push(await numberAttr(lab, 'reverse-t'));
        gaps.push(await numberAttr(lab, 'reverse-gap'));
      }
      await page.mouse.up();
      expect(ts[0]).toBe(0);
      expect(ts[ts.length - 1]).toBe(1);
      for (let i = 1; i < ts.length; i++) expect(ts[i]).toBeGreaterThan(ts[i - 1]);
      // The straight path shrinks the cloud half-way ((1 − t)² + t² < 1), so the gap to the data
      // first grows a little; over the second half it falls all the way onto the data.
      for (let i = 4; i < gaps.length; i++) expect(gaps[i], `gaps ${gaps.join(', ')}`).toBeLessThanOrEqual(gaps[i - 1] * 1.05 + 0.01);
      expect(gaps[gaps.length - 1]).toBeLessThan(0.2 * Math.max(...gaps));

      const before = await numberAttr(lab, 'straightness');
      expect(await attr(lab, 'reflows')).toBe('0');
      await button(lab, 'reflow').click();
      await expect.poll(async () => attr(lab, 'reflows'), { timeout: 20_000 }).toBe('1');
      await button(lab, 'train').click();
      const start = Number(await attr(lab, 'step'));
      await waitForLab(lab, (a) => a.step >= start + 800, 120_000, '800 steps after the reflow');
      await button(lab, 'train').click();
      await expect.poll(async () => numberAttr(lab, 'straightness'), { timeout: 20_000 }).toBeLessThan(0.3 * before);
      expect(monitored.report()).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('the EBM’s chain slider appears after Sample and scrubs the Langevin chains; Reset hides it', async () => {
    const { lab, monitored } = await openLab(browser, server, 'ebm');
    try {
      const field = lab.locator('[data-role=scrub-field]');
      expect(await field.isVisible()).toBe(false);
      await button(lab, 'sample').click();
      await expect.poll(() => field.isVisible(), { timeout: 30_000 }).toBe(true);
      await lab.locator('[data-role=scrub]').fill('0');
      expect(await lab.locator('[data-role=scrub-output]').textContent()).toBe('0%');
      await button(lab, 'reset').click();
      expect(await field.isVisible()).toBe(false);
      expect(monitored.report()).toEqual([]);
    } finally {
      await lab.page().close();
    }
  });

  it('the copied link carries #lab-<id> and the settings, and opens with the lab in view; the CSV download has the samples shown, the PNG the view', async () => {
    const { page, lab, monitored } = await openLab(browser, server, 'gan');
    try {
      await lab.locator('[data-key=loss]').selectOption('wgan-gp');
      await button(lab, 'train').click();
      await waitForLab(lab, (a) => a.step >= 30, 60_000, 'a few steps');
      await button(lab, 'train').click();
      await sleep(800);
      const count = Number(await attr(lab, 'samples'));
      const head = await attr(lab, 'samples-head');
      expect(count).toBeGreaterThan(0);
      const [download] = await Promise.all([page.waitForEvent('download'), button(lab, 'download-csv').click()]);
      const path = await download.path();
      const rows = (await readFile(path, 'utf8')).trim().split('\n');
      expect(rows[0]).toBe('x,y');
      expect(rows.length - 1).toBe(count);
      expect(rows[1]).toBe(head);
      const [png] = await Promise.all([page.waitForEvent('download'), button(lab, 'download-png').click()]);
      expect(png.suggestedFilename()).toMatch(/^gan-step-\d+\.png$/);
      const bytes = await readFile(await png.path());
      expect(bytes.subarray(1, 4).toString()).toBe('PNG');

      await button(lab, 'copy-link').click();
      const link = await lab.locator('[data-role=link]').inputValue();
      expect(link).toContain('#lab-gan');
      expect(link).toContain('gan.loss=wgan-gp');
      expect(monitored.report()).toEqual([]);

      const other = await openPage(browser.context, server.origin);
      try {
        await other.page.goto(link, { waitUntil: 'load' });
        const labTwo = other.page.locator('#lab-gan');
        await other.page.waitForSelector('#lab-gan[data-hydrated]', { timeout: 20_000 });
        const top = await labTwo.evaluate((el) => el.getBoundingClientRect().top);
        const height = await other.page.evaluate(() => window.innerHeight);
        expect(top).toBeGreaterThanOrEqual(0);
        expect(top).toBeLessThan(height / 3);
        expect(await labTwo.locator('[data-key=loss]').inputValue()).toBe('wgan-gp');
        expect(other.report()).toEqual([]);
      } finally {
        await other.page.close();
      }
    } finally {
      await page.close();
    }
  });

  it('a CSV file with a bad row is refused with a message naming the row; a good one becomes the data', async () => {
    for (const lang of ['en', 'ko'] as const) {
      const { page, lab, monitored } = await openLab(browser, server, 'flow', lang);
      try {
        const file = lab.locator('[data-role=csv-file]');
        await file.setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('x,y\n0.5,1\n2,oops\n1,1\n') });
        await expect.poll(async () => attr(lab, 'csv')).toBe('refused');
        const status = (await lab.locator('[data-role=csv-note]').textContent()) ?? '';
        expect(status).toContain(lang === 'en' ? 'Row 3' : '3번째 줄');
        expect(status).toContain('2,oops');
        expect(await lab.locator('[data-key=dataset]').inputValue()).toBe('eight-gaussians');

        await file.setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from('x,y\n0.5,1\n-2,1.5\n1,-1\n') });
        await expect.poll(async () => attr(lab, 'csv')).toBe('loaded');
        expect(await lab.locator('[data-key=dataset]').inputValue()).toBe('drawn');
        expect(await lab.locator('[data-role=csv-note]').textContent()).toContain('3');
        expect(monitored.report()).toEqual([]);
      } finally {
        await page.close();
      }
    }
  });

  it('each family article opens with a "jump to the lab" link that lands on its lab, in both languages', async () => {
    const { page, problems } = await openPage(browser.context, server.origin);
    try {
      for (const [lang, slug, id, text] of [
        ['en', 'flow', 'lab-flow', 'Jump to the lab'],
        ['ko', 'why-gaussian', 'lab-diffusion-noise', '실험실로 바로 가기'],
      ] as const) {
        await page.goto(`${server.url}${lang}/${slug}/`, { waitUntil: 'load' });
        const link = page.locator('.article-lab-link:not(.article-arena-link):not(.article-digits-link) a');
        expect(await link.getAttribute('href')).toBe(`#${id}`);
        expect(await link.textContent()).toContain(text);
        await link.click();
        await expect.poll(() => page.locator(`#${id}`).evaluate((el) => el.getBoundingClientRect().top)).toBeLessThan(150);
        expect(await page.locator(`#${id}`).evaluate((el) => el.getBoundingClientRect().top)).toBeGreaterThanOrEqual(0);
      }
      expect(problems.consoleErrors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('each number in the stats row explains itself on focus and on a tap; the lab passes axe with its charts and Advanced open', async () => {
    const { page, lab, monitored } = await openLab(browser, server, 'diffusion', 'ko');
    try {
      const help = lab.locator('[data-role=stat-help]').nth(2);
      const tip = lab.locator('[role=tooltip]').nth(2);
      expect(await tip.isVisible()).toBe(false);
      await help.focus();
      await page.keyboard.press('Tab');
      await page.keyboard.press('Shift+Tab');
      expect(await tip.isVisible()).toBe(true);
      await page.keyboard.press('Escape');
      await help.click();
      expect(await help.getAttribute('aria-expanded')).toBe('true');
      expect(await tip.textContent()).toContain('에너지 거리');
      // The open tooltip, the charts after training and the open Advanced settings pass axe.
      await button(lab, 'train').click();
      await waitForLab(lab, (x) => x.step > 20 && x.energy > 0, 60_000, 'a few steps');
      await button(lab, 'train').click();
      await lab.locator('.lab-advanced summary').click();
      await help.click();
      const axe = await new AxeBuilder({ page }).include('#lab-diffusion').analyze();
      expect(axe.violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
      expect(monitored.report()).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
