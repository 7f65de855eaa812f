/**
 * Faults a reader may meet, each shown in the widget rather than left to the console: the
 * preferred tfjs backend failing to start (another is used and the widget says which), the
 * training worker crashing, and a browser without JavaScript (a static picture and a sentence).
 */
import { describe, expect, it } from 'vitest';
import { useSiteAndBrowser } from '../support/site-and-browser';
import { openPage, type Browser } from '../support/browser';
import { type StaticServer } from '../support/static-server';
import { button, openLab, waitForLab } from './support';

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
});
