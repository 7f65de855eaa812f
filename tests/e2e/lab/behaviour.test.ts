/**
 * How a lab widget behaves for a reader: nothing heavy loads before Train; pause, reset and the
 * keyboard work; settings survive a shared link and garbage in a link is named and ignored; a
 * learning rate of 100 ends in an explanation, not a console error; training never blocks the
 * main thread for more than 50 ms; the hydrated widget passes axe.
 */
import os from 'node:os';
import { gzipSync } from 'node:zlib';
import AxeBuilder from '@axe-core/playwright';
import { describe, expect, it } from 'vitest';
import { useSiteAndBrowser } from '../support/site-and-browser';
import { type Browser } from '../support/browser';
import { type StaticServer } from '../support/static-server';
import { HEAVY_REQUEST, LAB_WORKER, attr, button, numberAttr, openLab, traceMainThread, waitForLab } from './support';

let server: StaticServer;
let browser: Browser;

useSiteAndBrowser((s, b) => {
  server = s;
  browser = b;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('lab widget behaviour', () => {
  it('loads no tfjs, worker or wasm before Train, and under 50 KB of gzipped JavaScript', async () => {
    const { page, lab, monitored } = await openLab(browser, server, 'gan');
    try {
      await page.waitForLoadState('networkidle');
      await sleep(500);
      const before = monitored.requests.map((r) => r.url);
      expect(before.filter((u) => HEAVY_REQUEST.test(u))).toEqual([]);
      let gz = 0;
      for (const r of monitored.requests.filter((x) => x.type === 'script' || /\.m?js(\?|$)/.test(x.url))) {
        const body = await (await fetch(r.url)).arrayBuffer();
        gz += gzipSync(Buffer.from(body), { level: 9 }).length;
      }
      console.log(`lab: JavaScript before Train, gzip: ${gz} bytes`);
      expect(gz).toBeLessThan(50 * 1024);

      await button(lab, 'train').click();
      await waitForLab(lab, (a) => a.step > 0, 30_000, 'the first steps');
      const after = monitored.requests.map((r) => r.url);
      expect(after.some((u) => LAB_WORKER.test(u))).toBe(true);
      expect(after.some((u) => /\.wasm/.test(u))).toBe(true);
      // The GAN trains with the fused kernels by default (on the wasm backend for sampling and fields).
      expect(await lab.locator('[data-stat=backend]').textContent()).toBe('wasm + fused kernels');
      expect(await lab.getAttribute('data-training-path')).toBe('fused');
      await button(lab, 'train').click();
      expect(monitored.report()).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('pause stops the counter, reset returns to step 0, and the keyboard drives the buttons', async () => {
    const { page, lab, monitored } = await openLab(browser, server, 'autoregressive');
    try {
      // Keyboard: focus Train and press Enter.
      await button(lab, 'train').focus();
      await page.keyboard.press('Enter');
      await waitForLab(lab, (a) => a.state === 'running' && a.step > 50, 30_000, 'training past step 50');
      await button(lab, 'train').click();
      expect(await attr(lab, 'state')).toBe('paused');
      await sleep(400);
      const paused = await numberAttr(lab, 'step');
      await sleep(1200);
      expect(await numberAttr(lab, 'step')).toBe(paused);

      await button(lab, 'reset').click();
      await waitForLab(lab, (a) => a.step === 0 && a.energyStart > 0, 20_000, 'step 0 after reset');
      await sleep(800);
      expect(await numberAttr(lab, 'step')).toBe(0);

      // Single step while paused.
      await button(lab, 'step').click();
      await waitForLab(lab, (a) => a.step === 1, 10_000, 'step 1');
      expect(monitored.report()).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('pauses when scrolled off screen and resumes when back', async () => {
    const { page, lab, monitored } = await openLab(browser, server, 'gan');
    try {
      await button(lab, 'train').click();
      await waitForLab(lab, (a) => a.state === 'running' && a.step > 10, 30_000, 'training');
      await page.evaluate(() => window.scrollTo(0, 0));
      await waitForLab(lab, (a) => a.state === 'paused', 5000, 'the automatic pause');
      expect(await lab.locator('[data-role=status]').textContent()).toMatch(/off screen/);
      await sleep(400);
      const step = await numberAttr(lab, 'step');
      await sleep(1000);
      expect(await numberAttr(lab, 'step')).toBe(step);
      await lab.scrollIntoViewIfNeeded();
      await waitForLab(lab, (a) => a.state === 'running' && a.step > step, 10_000, 'training to resume');
      await button(lab, 'train').click();
      expect(monitored.report()).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('restores settings from a shared URL and writes changes back to it', async () => {
    const query = '?flow.lr=0.01&flow.dataset=two-moons&flow.layers=8&flow.seed=7';
    const { page, lab, monitored } = await openLab(browser, server, 'flow', 'en', query);
    try {
      expect(await lab.locator('[data-key=lr]').inputValue()).toBe('0.01');
      expect(await lab.locator('[data-key=dataset]').inputValue()).toBe('two-moons');
      expect(await lab.locator('[data-key=layers]').inputValue()).toBe('8');
      expect(await lab.locator('[data-key=seed]').inputValue()).toBe('7');
      expect(await lab.locator('[data-role=notice]').isHidden()).toBe(true);

      await lab.locator('[data-key=dataset]').selectOption('rings');
      await expect.poll(() => new URL(page.url()).searchParams.get('flow.dataset'), { timeout: 3000 }).toBe('rings');
      expect(new URL(page.url()).searchParams.get('flow.layers')).toBe('8');

      // The URL the reader would share opens the same configuration.
      const shared = page.url();
      await page.goto(shared);
      await lab.scrollIntoViewIfNeeded();
      await page.waitForSelector('#lab-flow[data-hydrated]');
      expect(await lab.locator('[data-key=dataset]').inputValue()).toBe('rings');
      expect(await lab.locator('[data-key=lr]').inputValue()).toBe('0.01');
      expect(monitored.report()).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('flow matching restores its path, solver, steps and time from the URL, and a bad value falls back with a notice', async () => {
    const query = '?flow-matching.path=cosine&flow-matching.solver=euler&flow-matching.odeSteps=4&flow-matching.t=0.25';
    const { page, lab, monitored } = await openLab(browser, server, 'flow-matching', 'en', query);
    try {
      expect(await lab.locator('[data-key=path]').inputValue()).toBe('cosine');
      expect(await lab.locator('[data-key=solver]').inputValue()).toBe('euler');
      expect(await lab.locator('[data-key=odeSteps]').inputValue()).toBe('4');
      expect(await lab.locator('[data-key=t]').inputValue()).toBe('0.25');
      expect(await lab.locator('[data-role=notice]').isHidden()).toBe(true);
      await lab.locator('[data-key=solver]').selectOption('heun');
      await expect.poll(() => new URL(page.url()).searchParams.get('flow-matching.solver'), { timeout: 3000 }).toBe(null);
      expect(new URL(page.url()).searchParams.get('flow-matching.odeSteps')).toBe('4');
      expect(monitored.report()).toEqual([]);
    } finally {
      await page.close();
    }
    const bad = await openLab(browser, server, 'flow-matching', 'en', '?flow-matching.odeSteps=500&flow-matching.solver=rk4');
    try {
      expect(await bad.lab.locator('[data-key=solver]').inputValue()).toBe('heun');
      const notice = bad.lab.locator('[data-role=notice]');
      expect(await notice.isVisible()).toBe(true);
      expect(await notice.textContent()).toMatch(/ODE solver/);
      expect(await notice.textContent()).toMatch(/ODE steps/);
      expect(bad.monitored.report()).toEqual([]);
    } finally {
      await bad.page.close();
    }
  });

  it('a URL with garbage shows a notice naming what was ignored, and uses the defaults', async () => {
    const query = '?vae.lr=abc&vae.width=99999&vae.dataset=mars&vae.beta=-1&vae.nonsense=1';
    const { page, lab, monitored } = await openLab(browser, server, 'vae', 'en', query);
    try {
      const notice = lab.locator('[data-role=notice]');
      expect(await notice.isVisible()).toBe(true);
      const items = await notice.locator('li').allTextContents();
      expect(items).toHaveLength(5);
      expect(items.join('\n')).toMatch(/Learning rate.*abc.*not a number/);
      expect(items.join('\n')).toMatch(/Network width.*99999.*out of range/);
      expect(items.join('\n')).toMatch(/Data.*mars.*not one of the choices/);
      expect(await lab.locator('[data-key=lr]').inputValue()).toBe('0.003');
      expect(await lab.locator('[data-key=dataset]').inputValue()).toBe('eight-gaussians');
      expect(monitored.report()).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('a learning rate of 100 ends in the divergence message and a Reset button, not a console error', async () => {
    const { page, lab, monitored } = await openLab(browser, server, 'autoregressive', 'en', '?autoregressive.lr=100');
    try {
      await button(lab, 'train').click();
      await waitForLab(lab, (a) => a.state === 'diverged', 45_000, 'the divergence message');
      const alert = lab.locator('[data-role=alert]');
      expect(await alert.isVisible()).toBe(true);
      expect(await alert.textContent()).toMatch(/learning rate \(100\) is probably too high/);
      expect(await alert.locator('[data-action=reset]').isVisible()).toBe(true);
      expect(monitored.report()).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('no main-thread task over 50 ms during 5 s of training', async () => {
    const { page, lab, monitored } = await openLab(browser, server, 'diffusion');
    try {
      await page.evaluate(() => {
        const w = window as unknown as { __longTasks: number[] };
        w.__longTasks = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) w.__longTasks.push(Math.round(e.duration));
        }).observe({ type: 'longtask' });
      });
      await button(lab, 'train').click();
      await waitForLab(lab, (a) => a.state === 'running' && a.step > 0, 30_000, 'training to start');
      const load = os.loadavg()[0];
      const tasks = await traceMainThread(page, 5000);
      const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
      await button(lab, 'train').click();
      const maxCpu = Math.max(...tasks.map((t) => t.cpu));
      console.log(
        `lab: ${tasks.length} main-thread tasks in 5 s of training; longest CPU time ${maxCpu.toFixed(1)} ms; ` +
          `long tasks by PerformanceObserver (wall clock): [${longTasks.join(', ')}] at load average ${load.toFixed(1)} on ${os.cpus().length} cores`,
      );
      // What the page itself costs: no task uses the main thread for more than 50 ms of CPU.
      expect(tasks.length).toBeGreaterThan(0);
      expect(tasks.filter((t) => t.cpu > 50)).toEqual([]);
      // The reader's view, wall clock (PerformanceObserver), holds when the machine has a core
      // free for the page; on a machine already loaded beyond its cores, a task's wall time is
      // mostly waiting for a core, so only the CPU-time check above is meaningful there.
      if (load < os.cpus().length) expect(longTasks).toEqual([]);
      expect(monitored.report()).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('the hydrated widget, its drawing mode included, passes axe', async () => {
    const { page, lab, monitored } = await openLab(browser, server, 'ebm', 'ko');
    try {
      await lab.locator('[data-key=dataset]').selectOption('drawn');
      const canvas = lab.locator('[data-role=main]');
      const box = await canvas.boundingBox();
      if (!box) throw new Error('no canvas box');
      await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.6, { steps: 10 });
      await page.mouse.up();
      await canvas.focus();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Space');
      await expect.poll(() => new URL(page.url()).searchParams.get('ebm.points')?.length ?? 0).toBeGreaterThan(8);
      const axe = await new AxeBuilder({ page }).include('#lab-ebm').analyze();
      const problems = axe.violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
      expect(problems).toEqual([]);
      expect(monitored.report()).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
