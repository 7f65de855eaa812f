/**
 * Screenshots and measurements of a lab as a reader first meets it (issue 14), from the built site
 * (`npm run build:test` first). For each size (1280×800 laptop, 390×844 phone) and language, the
 * diffusion article is opened, scrolled so the lab's top is at the viewport's top, and:
 * - the viewport is saved as docs/screenshots/lab-<tag>-<lang>-<size>.png;
 * - the vertical distances from the canvases' bottom to Train, the view slider (t) and the Data
 *   menu are measured (negative: above the canvases' bottom);
 * - the gzipped JavaScript the page loaded before any click is summed.
 *
 * Run: npx node scripts/lab-screens.mts <tag>   (tag: before | after)
 */
import { gzipSync } from 'node:zlib';
import { mkdir } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../tests/e2e/support/browser.ts';
import { startStaticServer } from '../tests/e2e/support/static-server.ts';

const tag = process.argv[2] ?? 'after';
const sizes = [
  { name: '1280x800', width: 1280, height: 800, mobile: false },
  { name: '390x844', width: 390, height: 844, mobile: true },
];
const server = await startStaticServer();
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS, headless: true });
await mkdir('docs/screenshots', { recursive: true });
const rows: string[] = [];
for (const size of sizes) {
  for (const lang of ['en', 'ko'] as const) {
    const context = await browser.newContext({
      viewport: { width: size.width, height: size.height },
      isMobile: size.mobile,
      hasTouch: size.mobile,
      deviceScaleFactor: 1,
      reducedMotion: 'reduce',
    });
    const page = await context.newPage();
    const scripts: string[] = [];
    page.on('response', (r) => {
      if (r.request().resourceType() === 'script' || /\.m?js(\?|$)/.test(r.url())) scripts.push(r.url());
    });
    await page.goto(`${server.url}${lang}/diffusion/`, { waitUntil: 'load' });
    const lab = page.locator('#lab-diffusion');
    await lab.scrollIntoViewIfNeeded();
    await page.waitForSelector('#lab-diffusion[data-hydrated]', { timeout: 20_000 });
    await page.evaluate(() => {
      const el = document.querySelector('#lab-diffusion');
      if (el) window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY);
    });
    await page.waitForTimeout(600);
    const m = await page.evaluate(() => {
      const root = document.querySelector<HTMLElement>('#lab-diffusion');
      if (!root) throw new Error('no lab');
      const top = root.getBoundingClientRect().top;
      const box = (sel: string) => root.querySelector(sel)?.getBoundingClientRect() ?? null;
      const canvases = [...root.querySelectorAll('canvas[data-role]')].map((c) => c.getBoundingClientRect());
      const canvasBottom = Math.max(...canvases.map((c) => c.bottom));
      const rel = (r: DOMRect | null) => (r ? Math.round(r.top - canvasBottom) : null);
      return {
        canvasBottom: Math.round(canvasBottom - top),
        train: rel(box('[data-action=train]')),
        t: rel(box('[data-key=t]')),
        data: rel(box('[data-key=dataset]')),
        labHeight: Math.round(root.getBoundingClientRect().height),
      };
    });
    let gz = 0;
    for (const url of new Set(scripts)) gz += gzipSync(Buffer.from(await (await fetch(url)).arrayBuffer()), { level: 9 }).length;
    const file = `docs/screenshots/lab-${tag}-${lang}-${size.name}.png`;
    await page.screenshot({ path: file });
    rows.push(
      `${tag} ${lang} ${size.name}: canvases end ${m.canvasBottom} px below the lab's top; from there Train ${m.train} px, ` +
        `t slider ${m.t} px, Data menu ${m.data} px; lab height ${m.labHeight} px; JS before Train ${gz} B gzip`,
    );
    await context.close();
  }
}
await browser.close();
await server.close();
console.log(rows.join('\n'));
