/**
 * Faults a reader may meet, each shown in the widget rather than left to the console: the
 * preferred tfjs backend failing to start (another is used and the widget says which), the
 * training worker crashing, closing itself, hanging, never arriving or rejecting a promise (the
 * watchdog, src/lab/page/watchdog.ts, with timeouts shortened through data-watchdog), the
 * widget's own scripts failing to load, a browser without JavaScript (a static picture and a
 * sentence), hostile links (a value built to freeze the tab, generated garbage); and where the
 * keyboard focus goes when a box hides itself.
 */
import type { Locator, Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { describeIgnored } from '../../../src/lab/shared/notices';
import { settingsFor } from '../../../src/lab/shared/settings';
import { readUrl } from '../../../src/lab/shared/url-codec';
import { generate } from '../../unit/lab/url-states';
import { useSiteAndBrowser } from '../support/site-and-browser';
import { openPage, type Browser } from '../support/browser';
import { type StaticServer } from '../support/static-server';
import { attr, button, openLab, waitForLab } from './support';

/** The lab's worker bundle (not coi-serviceworker.js). */
const WORKER_SCRIPT = /\/_astro\/worker-[^/]*\.js$/;

/** Short watchdog timeouts on a hydrated widget (read when its worker is created), so a test need not wait a minute. */
async function shortWatchdog(lab: Locator, timeouts: { loadMs: number; heartbeatMs: number }): Promise<void> {
  await lab.evaluate((el, json) => void ((el as HTMLElement).dataset.watchdog = json), JSON.stringify(timeouts));
}

/** Serve the real worker bundle with `code` appended (a fault injected into the worker itself). */
async function workerWith(route: Route, code: string): Promise<void> {
  const response = await route.fetch();
  await route.fulfill({ response, body: `${await response.text()}\n;${code}\n` });
}

/** What the page's keyboard focus is on: a description, 'body' when it was lost, 'hidden …' when on a hidden element. */
async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    const action = el.getAttribute('data-action');
    const name = `${el.tagName.toLowerCase()}${action ? `[data-action=${action}]` : ''}`;
    return el.checkVisibility() ? name : `hidden ${name}`;
  });
}

/** Bidirectional controls, other control characters and the line separators. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The longest task of the page's main thread while `act` runs, in CPU milliseconds (a Chromium
 * trace, as traceMainThread in ./support; CPU time, since the wall time of a task on this shared
 * machine also counts the time it waited for a core).
 */
async function longestTaskDuring(page: Page, act: () => Promise<void>): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  const chunks: unknown[] = [];
  cdp.on('Tracing.dataCollected', (e: { value: unknown[] }) => chunks.push(...e.value));
  const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  try {
    await act();
  } finally {
    await cdp.send('Tracing.end');
    await done;
    await cdp.detach();
  }
  type Ev = { name: string; ph: string; pid: number; tid: number; tdur?: number; args?: { name?: string } };
  const events = chunks as Ev[];
  const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const tasks = events.filter((e) => e.ph === 'X' && e.name === 'RunTask' && main.has(`${e.pid}:${e.tid}`));
  return Math.max(0, ...tasks.map((e) => (e.tdur ?? 0) / 1000));
}

let server: StaticServer;
let browser: Browser;

useSiteAndBrowser((s, b) => {
  server = s;
  browser = b;
});

describe('lab widget faults', () => {
  it('when the wasm backend cannot start, trains on cpu and says why', async () => {
    const { page, lab, monitored } = await openLab(browser, server, 'gan');
    // Routed on the context: page.route does not see what the service worker (coi-serviceworker) fetches.
    const notWasm = '**/*.wasm';
    try {
      // Serve bytes that are not WebAssembly: the module fails to compile, tfjs falls back.
      await page.context().route(notWasm, (route) => route.fulfill({ status: 200, contentType: 'application/wasm', body: 'not wasm' }));
      await button(lab, 'train').click();
      await waitForLab(lab, (a) => a.step > 5, 60_000, 'training on the fallback backend');
      expect(await lab.locator('[data-stat=backend]').textContent()).toBe('cpu');
      const note = lab.locator('[data-role=backend-note]');
      expect(await note.isVisible()).toBe(true);
      expect(await note.textContent()).toMatch(/^Using cpu because wasm failed: ./);
      // The fused kernels are WebAssembly too: the GAN says it trains with TensorFlow.js instead.
      expect(await lab.getAttribute('data-training-path')).toBe('tfjs');
      expect(await lab.locator('[data-role=fused-note]').textContent()).toMatch(/^Training with TensorFlow\.js, since the fused kernels cannot be used: ./);
      await button(lab, 'train').click();
      // Handled faults leave nothing in the console.
      expect(monitored.report()).toEqual([]);
    } finally {
      await page.context().unroute(notWasm);
      await page.close();
    }
  });

  it('a worker that crashes is reported in the widget, and Reset starts a new one', async () => {
    const { page, lab, monitored } = await openLab(browser, server, 'flow');
    const workerScript = /\/worker-[^/]*\.js$/;
    try {
      let crash = true;
      await page.context().route(workerScript, (route) =>
        crash ? route.fulfill({ status: 200, contentType: 'text/javascript', body: 'throw new Error("simulated crash")' }) : route.continue(),
      );
      await button(lab, 'train').click();
      await waitForLab(lab, (a) => a.state === 'error', 30_000, 'the crash to be reported');
      const alert = lab.locator('[data-role=alert]');
      expect(await alert.isVisible()).toBe(true);
      expect(await alert.textContent()).toMatch(/The training worker crashed: .*simulated crash.*Press Reset/);

      crash = false;
      await alert.locator('[data-action=reset]').click();
      expect(await alert.isHidden()).toBe(true);
      await button(lab, 'train').click();
      await waitForLab(lab, (a) => a.state === 'running' && a.step > 5, 60_000, 'training in a new worker');
      await button(lab, 'train').click();
      // Handled faults leave nothing in the console.
      expect(monitored.report()).toEqual([]);
    } finally {
      await page.context().unroute(workerScript);
      await page.close();
    }
  });

  it('a worker that closes itself is noticed within the watchdog time, and Reset trains again in a new worker with the same settings and data', async () => {
    const { page, lab, monitored } = await openLab(browser, server, 'flow', 'en', '?flow.lr=0.002');
    try {
      let close = true;
      // The worker closes itself 1.5 s after Train: no error, no message, it just stops.
      await page.context().route(WORKER_SCRIPT, (route) =>
        close
          ? workerWith(route, `self.addEventListener('message', (e) => { if (e.data && e.data.type === 'train') setTimeout(() => self.close(), 1500); });`)
          : route.continue(),
      );
      // Drawn data (from a CSV file), which the new worker must train on too.
      await lab.locator('[data-role=csv-file]').setInputFiles({
        name: 'points.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(`x,y\n${Array.from({ length: 40 }, (_, i) => `${(Math.cos(i) * 2).toFixed(2)},${(Math.sin(i) * 2).toFixed(2)}`).join('\n')}\n`),
      });
      await expect.poll(async () => attr(lab, 'csv')).toBe('loaded');
      await shortWatchdog(lab, { loadMs: 30_000, heartbeatMs: 4_000 });
      await button(lab, 'train').click();
      await waitForLab(lab, (a) => a.state === 'running' && a.step > 0, 60_000, 'training to start');
      const started = Date.now();
      await waitForLab(lab, (a) => a.state === 'error', 30_000, 'the watchdog to notice the silent worker');
      console.log(`worker closed itself: noticed ${Date.now() - started} ms after training started`);
      const alert = lab.locator('[data-role=alert]');
      expect(await alert.isVisible()).toBe(true);
      expect(await alert.textContent()).toMatch(/The training worker has not answered for 4 s and seems to have stopped\. Press Reset/);
      expect(await lab.locator('[data-role=status]').textContent()).not.toBe('Training');

      close = false;
      await alert.locator('[data-action=reset]').click();
      expect(await alert.isHidden()).toBe(true);
      expect(await lab.locator('[data-key=lr]').inputValue()).toBe('0.002');
      expect(await lab.locator('[data-key=dataset]').inputValue()).toBe('drawn');
      await button(lab, 'train').click();
      await waitForLab(lab, (a) => a.state === 'running' && a.step > 20, 60_000, 'training in a new worker');
      // Past the watchdog time, still training: the new worker is heard.
      await new Promise((r) => setTimeout(r, 5_000));
      expect(await attr(lab, 'state')).toBe('running');
      expect(await lab.locator('[data-key=dataset]').inputValue()).toBe('drawn');
      await button(lab, 'train').click();
      expect(monitored.report()).toEqual([]);
    } finally {
      await page.context().unroute(WORKER_SCRIPT);
      await page.close();
    }
  });

  it('a worker stuck in an endless loop is noticed, and Reset ends it and trains in a new one', async () => {
    const { page, lab, monitored } = await openLab(browser, server, 'gan', 'ko');
    try {
      let hang = true;
      await page.context().route(WORKER_SCRIPT, (route) =>
        hang
          ? workerWith(route, `self.addEventListener('message', (e) => { if (e.data && e.data.type === 'train') setTimeout(() => { for (;;); }, 1000); });`)
          : route.continue(),
      );
      await shortWatchdog(lab, { loadMs: 30_000, heartbeatMs: 4_000 });
      await button(lab, 'train').click();
      await waitForLab(lab, (a) => a.state === 'error', 40_000, 'the watchdog to notice the stuck worker');
      expect(await lab.locator('[data-role=alert]').textContent()).toMatch(/^학습 워커가 4초 동안 응답하지 않아 멈춘 것으로 보입니다\..*처음부터 버튼/);
      hang = false;
      await lab.locator('[data-role=alert] [data-action=reset]').click();
      await button(lab, 'train').click();
      await waitForLab(lab, (a) => a.state === 'running' && a.step > 5, 60_000, 'training in a new worker');
      await button(lab, 'train').click();
      expect(monitored.report()).toEqual([]);
    } finally {
      await page.context().unroute(WORKER_SCRIPT);
      await page.close();
    }
  });

  it('a worker that is busy for seconds at a stretch, but under the heartbeat, is not taken for dead', async () => {
    const { page, lab, monitored } = await openLab(browser, server, 'flow');
    try {
      // Every 3 s the worker's event loop is blocked for 2.5 s (as a heavy Sample or report blocks it).
      await page.context().route(WORKER_SCRIPT, (route) =>
        workerWith(route, `setInterval(() => { const t = Date.now(); while (Date.now() - t < 2500); }, 3000);`),
      );
      await shortWatchdog(lab, { loadMs: 30_000, heartbeatMs: 5_000 });
      await button(lab, 'train').click();
      await waitForLab(lab, (a) => a.state === 'running' && a.step > 0, 60_000, 'training to start');
      await button(lab, 'train').click();
      // Paused: only the watchdog's pings keep it in touch, answered late but answered.
      await new Promise((r) => setTimeout(r, 8_000));
      expect(await attr(lab, 'state')).toBe('paused');
      await button(lab, 'train').click();
      await new Promise((r) => setTimeout(r, 8_000));
      expect(await attr(lab, 'state')).toBe('running');
      expect(await lab.locator('[data-role=alert]').isHidden()).toBe(true);
      await button(lab, 'train').click();
      expect(monitored.report()).toEqual([]);
    } finally {
      await page.context().unroute(WORKER_SCRIPT);
      await page.close();
    }
  });

  it('a worker script that never arrives ends "Loading" with a message, and Reset loads a new one', async () => {
    const { page, lab, monitored } = await openLab(browser, server, 'gan');
    const held: Route[] = [];
    try {
      let hold = true;
      await page.context().route(WORKER_SCRIPT, (route) => (hold ? void held.push(route) : route.continue()));
      await shortWatchdog(lab, { loadMs: 3_000, heartbeatMs: 20_000 });
      await button(lab, 'train').click();
      expect(await attr(lab, 'state')).toBe('loading');
      await waitForLab(lab, (a) => a.state === 'error', 20_000, 'the load timeout');
      const alert = lab.locator('[data-role=alert]');
      expect(await alert.textContent()).toMatch(/The training worker was not ready within 3 s: .*Press Reset to try again/);
      expect(await lab.locator('[data-role=status]').textContent()).not.toMatch(/Loading/);

      hold = false;
      await alert.locator('[data-action=reset]').click();
      await button(lab, 'train').click();
      await waitForLab(lab, (a) => a.state === 'running' && a.step > 5, 60_000, 'training in a new worker');
      await button(lab, 'train').click();
      expect(monitored.report()).toEqual([]);
    } finally {
      await page.context().unroute(WORKER_SCRIPT);
      await Promise.all(held.map((r) => r.abort().catch(() => undefined)));
      await page.close();
    }
  });

  it('a worker script that is missing (404) says so at once, in Korean too, rather than "Loading" forever', async () => {
    const { page, lab, monitored } = await openLab(browser, server, 'gan', 'ko');
    try {
      await page.context().route(WORKER_SCRIPT, (route) => route.fulfill({ status: 404, body: 'not found' }));
      await button(lab, 'train').click();
      await waitForLab(lab, (a) => a.state === 'error', 20_000, 'the missing worker to be reported');
      expect(await lab.locator('[data-role=alert]').textContent()).toMatch(/^학습 워커가 멈췄습니다: .+처음부터 버튼/);
      // The only complaints are about the missing script itself.
      expect(monitored.report().filter((line) => !/_astro\/worker-/.test(line))).toEqual([]);
    } finally {
      await page.context().unroute(WORKER_SCRIPT);
      await page.close();
    }
  });

  it('an unhandled rejection in the worker is shown in the widget and not left in the console', async () => {
    const { page, lab, monitored } = await openLab(browser, server, 'flow');
    try {
      await page.context().route(WORKER_SCRIPT, (route) =>
        workerWith(route, `self.addEventListener('message', (e) => { if (e.data && e.data.type === 'train') setTimeout(() => Promise.reject(new Error('simulated rejection')), 500); });`),
      );
      await button(lab, 'train').click();
      await waitForLab(lab, (a) => a.state === 'error', 60_000, 'the rejection to be reported');
      expect(await lab.locator('[data-role=alert]').textContent()).toMatch(/Training stopped with an error: Error: simulated rejection/);
      await new Promise((r) => setTimeout(r, 500));
      expect(monitored.report()).toEqual([]);
    } finally {
      await page.context().unroute(WORKER_SCRIPT);
      await page.close();
    }
  });

  it('focus stays on a control when the alert’s Reset or the notice’s Dismiss hides itself', async () => {
    const { page, lab, monitored } = await openLab(browser, server, 'flow', 'en', '?flow.lr=abc');
    try {
      const notice = lab.locator('[data-role=notice]');
      expect(await notice.isVisible()).toBe(true);
      await notice.locator('[data-action=dismiss]').focus();
      await page.keyboard.press('Enter');
      expect(await notice.isHidden()).toBe(true);
      expect(await focused(page)).toBe('button[data-action=train]');

      await page.context().route(WORKER_SCRIPT, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: 'throw new Error("simulated crash")' }));
      await button(lab, 'train').click();
      await waitForLab(lab, (a) => a.state === 'error', 30_000, 'the crash to be reported');
      await page.context().unroute(WORKER_SCRIPT);
      const alert = lab.locator('[data-role=alert]');
      await alert.locator('[data-action=reset]').focus();
      await page.keyboard.press('Enter');
      expect(await alert.isHidden()).toBe(true);
      expect(await focused(page)).toBe('button[data-action=train]');
      // The keyboard carries on from there: Enter trains.
      await page.keyboard.press('Enter');
      await waitForLab(lab, (a) => a.state === 'running' && a.step > 5, 60_000, 'training from the keyboard');
      await page.keyboard.press('Enter');
      expect(monitored.report()).toEqual([]);
    } finally {
      await page.context().unroute(WORKER_SCRIPT);
      await page.close();
    }
  });

  it('the backend and fused-kernel notes are live regions, present before their text arrives', async () => {
    const { page, lab } = await openLab(browser, server, 'gan');
    try {
      for (const role of ['backend-note', 'fused-note']) {
        const note = lab.locator(`[data-role=${role}]`);
        expect(await note.getAttribute('role')).toBe('status');
        // Not hidden: a live region that is not in the accessibility tree announces nothing.
        expect(await note.getAttribute('hidden')).toBeNull();
        expect(await note.isVisible()).toBe(false);
      }
    } finally {
      await page.close();
    }
  });

  for (const [what, script] of [
    ['the module that defines the lab element', /\/_astro\/Lab\.astro_astro_type_script[^/]*\.js$/],
    ['the lab’s controller', /\/_astro\/mount\.[^/]*\.js$/],
  ] as const) {
    it(`when ${what} fails to load: the picture and the sentence, never buttons that do nothing`, async () => {
      const monitored = await openPage(browser.context, server.origin);
      const { page } = monitored;
      try {
        await page.context().route(script, (route) => route.fulfill({ status: 404, body: 'not found' }));
        await page.goto(`${server.url}en/gan/`, { waitUntil: 'load' });
        const lab = page.locator('#lab-gan');
        await lab.scrollIntoViewIfNeeded();
        await new Promise((r) => setTimeout(r, 1_500));
        expect(await lab.locator('.lab-nojs').isVisible()).toBe(true);
        expect(await lab.locator('.lab-poster').isVisible()).toBe(true);
        expect(await lab.locator('[data-action=train]').isVisible()).toBe(false);
        expect(await lab.locator('select').first().isVisible()).toBe(false);
        if (what === 'the lab’s controller') {
          expect(await lab.locator('[data-role=load-failed]').textContent()).toMatch(/The script of this widget did not load/);
          expect(await lab.locator('[data-role=load-failed]').isVisible()).toBe(true);
        }
        expect(monitored.report().filter((line) => !/404|Failed to fetch dynamically imported module|Failed to load/.test(line))).toEqual([]);
      } finally {
        await page.context().unroute(script);
        await page.close();
      }
    });
  }

  it('without JavaScript: a picture of the data and a sentence, no dead controls', async () => {
    const monitored = await openPage(browser.context, server.origin);
    const { page } = monitored;
    try {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
      await page.goto(`${server.url}ko/gan/`, { waitUntil: 'load' });
      const lab = page.locator('#lab-gan');
      await lab.scrollIntoViewIfNeeded();
      expect(await lab.locator('.lab-poster').isVisible()).toBe(true);
      expect(await lab.locator('.lab-poster path').getAttribute('d')).toMatch(/^M[\d.]+ [\d.]+h0/);
      expect(await lab.locator('.lab-nojs').isVisible()).toBe(true);
      expect(await lab.locator('.lab-nojs').textContent()).toContain('자바스크립트를 켜면');
      expect(await lab.locator('[data-action=train]').isVisible()).toBe(false);
      expect(await lab.locator('select').first().isVisible()).toBe(false);
      expect(await lab.locator('canvas').first().isVisible()).toBe(false);
    } finally {
      await page.close();
    }
  });

  it('a link carrying a 200,000-character number: the notice shows and the page answers within 1 s', async () => {
    const value = `${'1'.repeat(199_999)}x`;
    const monitored = await openPage(browser.context, server.origin);
    const { page } = monitored;
    try {
      // In the hash, as the issue's link: a query that long never reaches a page (servers refuse it).
      await page.goto(`${server.url}en/gan/#gan.lr=${value}`, { waitUntil: 'load' });
      const lab = page.locator('#lab-gan');
      const notice = lab.locator('[data-role=notice]');
      let answeredMs = Infinity;
      const longest = await longestTaskDuring(page, async () => {
        // The widget reads the link when it hydrates, on coming into view.
        await lab.scrollIntoViewIfNeeded();
        await page.waitForSelector('#lab-gan[data-hydrated]', { timeout: 20_000 });
        expect(await notice.isVisible()).toBe(true);
        const items = await notice.locator('li').allTextContents();
        expect(items).toEqual([`Learning rate = “\u2068${'1'.repeat(24)}…\u2069” (not a number; using the default, 0.001)`]);
        // A button answers at once: Dismiss hides the notice.
        const t0 = Date.now();
        await notice.locator('[data-action=dismiss]').click({ timeout: 1000 });
        await notice.waitFor({ state: 'hidden', timeout: 1000 });
        answeredMs = Date.now() - t0;
      });
      expect(answeredMs).toBeLessThan(1000);
      // Nothing blocked the page for a second, hydration included (the old pattern blocked it for minutes).
      expect(longest).toBeLessThan(1000);
      expect(await lab.locator('[data-key=lr]').inputValue()).toBe('0.001');
      expect(monitored.report()).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('20 generated hostile links, each opened in the GAN lab: the notice names exactly what the link reader names, no console error', async () => {
    const monitored = await openPage(browser.context, server.origin);
    const { page } = monitored;
    const lab = page.locator('#lab-gan');
    const notice = lab.locator('[data-role=notice]');
    let shown = 0;
    try {
      for (let seed = 1; seed <= 20; seed++) {
        const state = generate(1000 + seed, { family: 'gan', id: 'gan' });
        // Everything in the hash (the query of a long link would be refused by the server), in the
        // order the reader reads it; a fresh query per state so that each is a new page load.
        const hash = [state.hash.slice(1), state.query.slice(1)].filter((p) => p !== '').join('&');
        await page.goto(`${server.url}en/gan/?fuzz=${seed}#${hash}`, { waitUntil: 'load' });
        await lab.scrollIntoViewIfNeeded();
        await page.waitForSelector('#lab-gan[data-hydrated]', { timeout: 20_000 });
        const { values, ignored } = readUrl('gan', 'gan', new URL(page.url()));
        const where = `state ${seed}: ${page.url().slice(0, 300)}`;
        const expected = describeIgnored('gan', ignored, 'en');
        if (expected.length > 0) {
          expect(await notice.isVisible(), where).toBe(true);
          const items = await notice.locator('li').allTextContents();
          expect(items, where).toEqual(expected);
          // Nothing of the reader's that could rearrange the notice reaches the page.
          for (const item of items) {
            expect(item.replace(/\u2068([^\u2066-\u2069]*)\u2069/g, '$1'), where).not.toMatch(UNSAFE);
            expect(item, where).not.toMatch(LONE_SURROGATE);
          }
          shown++;
        } else expect(await notice.isHidden(), where).toBe(true);
        for (const s of settingsFor('gan')) {
          if (s.kind === 'choice') expect(await lab.locator(`select[data-key=${s.key}]`).inputValue(), `${where}: ${s.key}`).toBe(values[s.key]);
        }
        expect(await button(lab, 'train').isEnabled(), where).toBe(true);
        expect(monitored.report(), where).toEqual([]);
      }
      expect(shown).toBeGreaterThan(10);
    } finally {
      await page.close();
    }
  }, 240_000);
});
