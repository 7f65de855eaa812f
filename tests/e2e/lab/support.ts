/**
 * Helpers for the lab's end-to-end tests, on top of the shared launcher and static server
 * (tests/e2e/support/). A widget reports its progress in data attributes on <gen-lab>:
 * data-state, data-step, data-energy, data-energy-start, data-noise-floor.
 */
import type { Locator, Page } from 'playwright-core';
import { openPage, type Browser, type MonitoredPage } from '../support/browser';
import type { StaticServer } from '../support/static-server';

export const ARTICLE_OF: Record<string, string> = {
  autoregressive: 'autoregressive',
  vae: 'vae',
  flow: 'flow',
  ebm: 'ebm',
  gan: 'gan',
  diffusion: 'diffusion',
  'flow-matching': 'flow-matching',
  'diffusion-noise': 'why-gaussian',
};

/** A worker script other than coi-serviceworker.js, which every page loads (cross-origin isolation). */
export const LAB_WORKER = /(?<!coi-service)worker/i;

/** Requests that must not happen before Train: tfjs, the worker bundle, the .wasm binaries, uPlot. */
export const HEAVY_REQUEST = new RegExp(`tfjs|${LAB_WORKER.source}|\\.wasm|uplot`, 'i');

export interface OpenedLab {
  monitored: MonitoredPage;
  page: Page;
  lab: Locator;
}

/** Open the article holding widget `id` (a family, or diffusion-noise), scroll to it and wait for hydration. */
export async function openLab(browser: Browser, server: StaticServer, id: string, lang: 'en' | 'ko' = 'en', query = ''): Promise<OpenedLab> {
  const monitored = await openPage(browser.context, server.origin);
  const { page } = monitored;
  await page.goto(`${server.url}${lang}/${ARTICLE_OF[id]}/${query}`, { waitUntil: 'load' });
  const lab = page.locator(`#lab-${id}`);
  await lab.scrollIntoViewIfNeeded();
  await page.waitForSelector(`#lab-${id}[data-hydrated]`, { timeout: 20_000 });
  return { monitored, page, lab };
}

export async function attr(lab: Locator, name: string): Promise<string | null> {
  return lab.getAttribute(`data-${name}`);
}

export async function numberAttr(lab: Locator, name: string): Promise<number> {
  const v = await attr(lab, name);
  return v === null ? NaN : Number(v);
}

/** Poll until `predicate` holds on the widget's data attributes, or fail after `timeout` ms with what was seen. */
export async function waitForLab(
  lab: Locator,
  predicate: (a: { state: string; step: number; energy: number; energyStart: number; floor: number }) => boolean,
  timeout: number,
  what: string,
): Promise<{ state: string; step: number; energy: number; energyStart: number; floor: number }> {
  const start = Date.now();
  let last = { state: '', step: NaN, energy: NaN, energyStart: NaN, floor: NaN };
  while (Date.now() - start < timeout) {
    last = {
      state: (await attr(lab, 'state')) ?? '',
      step: await numberAttr(lab, 'step'),
      energy: await numberAttr(lab, 'energy'),
      energyStart: await numberAttr(lab, 'energy-start'),
      floor: await numberAttr(lab, 'noise-floor'),
    };
    if (predicate(last)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out after ${timeout} ms waiting for ${what}; last seen ${JSON.stringify(last)}`);
}

export function button(lab: Locator, action: string): Locator {
  return lab.locator(`[data-action=${action}]`).first();
}

export interface MainThreadTask {
  /** Wall-clock duration, ms. */
  wall: number;
  /** CPU time of the main thread during the task, ms. */
  cpu: number;
}

/**
 * Every task the page's main thread ran during `ms` milliseconds, with its wall-clock and CPU
 * time, from a Chromium trace (CDP Tracing, category devtools.timeline). The CPU time is what the
 * page itself costs; the wall time also counts the time the thread waited for a core, which on a
 * loaded 2-core machine can be several times longer.
 */
export async function traceMainThread(page: Page, ms: number): Promise<MainThreadTask[]> {
  const cdp = await page.context().newCDPSession(page);
  const chunks: unknown[] = [];
  cdp.on('Tracing.dataCollected', (e: { value: unknown[] }) => chunks.push(...e.value));
  const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  await new Promise((r) => setTimeout(r, ms));
  await cdp.send('Tracing.end');
  await done;
  await cdp.detach();
  type Ev = { name: string; ph: string; pid: number; tid: number; dur?: number; tdur?: number; args?: { name?: string } };
  const events = chunks as Ev[];
  const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  return events
    .filter((e) => e.ph === 'X' && e.name === 'RunTask' && main.has(`${e.pid}:${e.tid}`))
    .map((e) => ({ wall: (e.dur ?? 0) / 1000, cpu: (e.tdur ?? 0) / 1000 }));
}
