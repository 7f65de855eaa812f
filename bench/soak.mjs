/**
 * The soak (issue 18): each family's lab widget trained for a long time in headless Chromium on
 * the built site (default settings, English article), one family after another, each in a fresh
 * profile. Run through `npm run bench -- --soak [--soak-minutes 10] [--families gan,vae]`, which
 * merges the rows into bench/results/latest.{json,md}.
 *
 * Sampled every few seconds over the run, from Train pressed to the end:
 *  - the step counter the widget shows (its data-step attribute);
 *  - the worker's tfjs tensor count (tf.memory().numTensors, carried by every progress message:
 *    src/lab/worker/session.ts), read from the messages the page receives (a listener added to
 *    every Worker by an init script; the page's own code is untouched);
 *  - the page's JS heap (CDP Performance.getMetrics, JSHeapUsedSize);
 *  - the worker's JS heap (CDP Runtime.getHeapUsage in the worker's own target, reached through a
 *    browser-level CDP session). The WebAssembly memories of tfjs's wasm backend and of the fused
 *    kernels are not part of it: they grow only when an allocation needs more pages, and a leak of
 *    tfjs tensors shows in the tensor count;
 *  - main-thread tasks over 50 ms (Long Tasks API, observed from before the page's own scripts),
 *    counted from one second after Train, except those overlapping the forced collections below.
 * The start and end heap figures are taken after a forced garbage collection in the page and the
 * worker (HeapProfiler.collectGarbage), so they compare what is retained, not what awaits
 * collection; the start figures are taken once training has run for 5 s, the middle ones (…Mid)
 * half-way between start and end, also after a collection: start, middle and end show a trend.
 *
 * @typedef {{ workload: string, where: 'browser', backend: string, minutes: number, stepsStart: number,
 *   stepsEnd: number, heapStartMB: number, heapEndMB: number, tensorsStart: number | null,
 *   tensorsEnd: number | null, longestTaskMs: number, heapMidMB: number | null, heapMaxMB: number,
 *   workerHeapStartMB: number | null, workerHeapMidMB: number | null, workerHeapEndMB: number | null,
 *   workerHeapMaxMB: number | null, stepsMid: number | null, tensorsMid: number | null, tensorsMax: number | null,
 *   longTasks: number, longestTasks: { atS: number, ms: number }[], collectionTasksExcluded: number, stepsPerSec: number, trainingPath: string | null, state: string, note?: string }} SoakRow
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, FLAGS, detectBase } from './browser.mjs';
import { startStaticServer } from '../tests/e2e/support/static-server.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SOAK_FAMILIES = ['autoregressive', 'vae', 'flow', 'ebm', 'gan', 'diffusion', 'flow-matching'];
export const SOAK_MINUTES = 10;
/** Training time before the start figures: tfjs and the kernels loaded, the first fields computed. */
const SETTLE_MS = 5000;
/** Long tasks in the first second after Train (the worker's start, the first views) are not counted. */
const GRACE_MS = 1000;
/** The lab's worker script (every page also runs coi-serviceworker.js, a service worker). */
const LAB_WORKER = /(?<!coi-service)worker/i;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes) => (Number.isFinite(bytes) ? +(bytes / 2 ** 20).toFixed(2) : null);

/** Runs in the page before its own scripts: record the worker's progress messages and the long tasks. */
function instrument() {
  const soak = { tensors: null, progress: 0, longTasks: [] };
  Object.defineProperty(window, '__soak', { value: soak });
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        const m = e.data;
        if (m && m.type === 'progress') {
          soak.progress++;
          if (typeof m.tensors === 'number') soak.tensors = m.tensors;
        }
      });
    }
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) soak.longTasks.push({ start: e.startTime, ms: e.duration });
  }).observe({ type: 'longtask', buffered: true });
}

/**
 * A CDP session with the lab's worker, through the browser's own session (Playwright's sessions
 * attach to pages only): Target.attachToTarget without flattening, messages wrapped in
 * Target.sendMessageToTarget.
 */
async function attachToWorker(browserSession) {
  const deadline = Date.now() + 30_000;
  let target;
  while (!target && Date.now() < deadline) {
    const { targetInfos } = await browserSession.send('Target.getTargets');
    target = targetInfos.find((t) => t.type === 'worker' && LAB_WORKER.test(t.url));
    if (!target) await sleep(250);
  }
  if (!target) return null;
  const { sessionId } = await browserSession.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
  let next = 1;
  const pending = new Map();
  browserSession.on('Target.receivedMessageFromTarget', (e) => {
    if (e.sessionId !== sessionId) return;
    const m = JSON.parse(e.message);
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.error) p.reject(new Error(m.error.message));
    else p.resolve(m.result);
  });
  return {
    url: target.url,
    send(method, params = {}) {
      const id = next++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        browserSession.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
        setTimeout(() => pending.has(id) && (pending.delete(id), reject(new Error(`${method}: no answer from the worker in 10 s`))), 10_000);
      });
    },
  };
}

/** One family's soak in its own fresh profile. */
async function soakFamily(chromium, url, family, minutes, log, env) {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'lab-soak-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
  });
  const errors = [];
  try {
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.addInitScript(instrument);
    await page.goto(url, { waitUntil: 'load' });
    const lab = page.locator(`#lab-${family}`);
    await lab.scrollIntoViewIfNeeded();
    await page.waitForSelector(`#lab-${family}[data-hydrated]`, { state: 'attached', timeout: 30_000 });
    const pageSession = await context.newCDPSession(page);
    await pageSession.send('Performance.enable');
    const browserSession = await context.browser()?.newBrowserCDPSession();
    env.chromium = context.browser()?.version() ?? env.chromium;
    /** The CDP session with the lab's worker, once it runs. */
    let worker = null;

    const read = async () => {
      const [state, step, path, soak, metrics] = await Promise.all([
        lab.getAttribute('data-state'),
        lab.getAttribute('data-step'),
        lab.getAttribute('data-training-path'),
        page.evaluate(() => ({ tensors: window.__soak.tensors, progress: window.__soak.progress })),
        pageSession.send('Performance.getMetrics'),
      ]);
      const heap = metrics.metrics.find((m) => m.name === 'JSHeapUsedSize')?.value;
      const workerHeap = worker ? (await worker.send('Runtime.getHeapUsage').catch(() => ({}))).usedSize : undefined;
      return { at: Date.now(), state: state ?? '', step: Number(step ?? NaN), trainingPath: path, tensors: soak.tensors, heap, workerHeap };
    };
    /** The spans (page time) of the forced collections: their own main-thread tasks are the measurement's, not the page's. */
    const collections = [];
    const collectGarbage = async () => {
      const from = await page.evaluate(() => performance.now());
      await pageSession.send('HeapProfiler.collectGarbage');
      collections.push([from, await page.evaluate(() => performance.now())]);
      if (worker) await worker.send('HeapProfiler.collectGarbage').catch(() => {});
    };

    const trainAt = await page.evaluate(() => performance.now());
    const trainWall = Date.now();
    await lab.locator('[data-action=train]').first().click();
    let first = await read();
    while (!(first.step > 0) && Date.now() - trainWall < 60_000 && !/error|diverged/.test(first.state)) {
      await sleep(250);
      first = await read();
    }
    if (!(first.step > 0)) throw new Error(`did not start (state ${first.state}${errors.length ? `: ${errors[0]}` : ''})`);
    worker = browserSession ? await attachToWorker(browserSession) : null;
    if (!worker) log(`soak: ${family}: no CDP session with the worker; its heap is not measured`);
    await sleep(Math.max(0, SETTLE_MS - (Date.now() - trainWall)));
    await collectGarbage();
    const start = await read();
    const endAt = trainWall + minutes * 60_000;
    const every = Math.min(10_000, Math.max(1000, (minutes * 60_000) / 60));
    const samples = [start];
    const midAt = (start.at + endAt) / 2;
    let mid = null;
    let lastLog = Date.now();
    while (Date.now() < endAt) {
      await sleep(Math.min(every, Math.max(0, endAt - Date.now())));
      if (!mid && Date.now() >= midAt) await collectGarbage();
      const s = await read();
      if (!mid && Date.now() >= midAt) mid = s;
      samples.push(s);
      if (s.state !== 'running') break;
      if (Date.now() - lastLog > 60_000) {
        lastLog = Date.now();
        log(`soak: ${family}: ${((s.at - trainWall) / 60_000).toFixed(1)} min, step ${s.step}, ${s.tensors} tensors, page ${mb(s.heap)} MB, worker ${mb(s.workerHeap)} MB`);
      }
    }
    await collectGarbage();
    const end = await read();
    samples.push(end);
    await sleep(500); // the last long task entries arrive after their task
    const allTasks = await page.evaluate((after) => window.__soak.longTasks.filter((t) => t.start >= after), trainAt + GRACE_MS);
    const duringCollection = (t) => collections.some(([a, b]) => t.start < b && t.start + t.ms > a);
    const tasks = allTasks.filter((t) => !duringCollection(t));
    const finite = (xs) => xs.filter((x) => Number.isFinite(x));
    const maxOf = (xs) => (finite(xs).length ? Math.max(...finite(xs)) : NaN);
    const seconds = (end.at - start.at) / 1000;
    const stopped = end.state !== 'running' ? `the widget stopped (state ${end.state})` : '';
    const pageErrors = errors.length ? `page errors: ${errors.slice(0, 3).join(' | ')}` : '';
    /** @type {SoakRow} */
    const row = {
      workload: `soak:${family}`,
      where: 'browser',
      backend: 'default (wasm)',
      minutes: +((end.at - trainWall) / 60_000).toFixed(2),
      stepsStart: start.step,
      stepsEnd: end.step,
      heapStartMB: mb(start.heap),
      heapEndMB: mb(end.heap),
      tensorsStart: start.tensors,
      tensorsEnd: end.tensors,
      longestTaskMs: Math.round(Math.max(0, ...tasks.map((t) => t.ms))),
      heapMidMB: mb(mid?.heap),
      heapMaxMB: mb(maxOf(samples.map((s) => s.heap))),
      workerHeapStartMB: mb(start.workerHeap),
      workerHeapEndMB: mb(end.workerHeap),
      workerHeapMidMB: mb(mid?.workerHeap),
      workerHeapMaxMB: mb(maxOf(samples.map((s) => s.workerHeap))),
      stepsMid: mid?.step ?? null,
      tensorsMid: mid?.tensors ?? null,
      tensorsMax: samples.some((s) => s.tensors !== null) ? Math.max(...samples.map((s) => s.tensors ?? 0)) : null,
      longTasks: tasks.length,
      /** The longest few: seconds after Train, and ms. */
      longestTasks: [...tasks].sort((a, b) => b.ms - a.ms).slice(0, 5).map((t) => ({ atS: +((t.start - trainAt) / 1000).toFixed(1), ms: Math.round(t.ms) })),
      collectionTasksExcluded: allTasks.length - tasks.length,
      stepsPerSec: +((end.step - start.step) / seconds).toFixed(1),
      trainingPath: end.trainingPath,
      state: end.state,
    };
    const note = [stopped, start.tensors === null ? 'no tensor count in the progress messages (a site built before it was added)' : '', pageErrors].filter(Boolean).join('; ');
    if (note) row.note = note;
    return row;
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

/**
 * `trainer`: the widget's "Training step" setting; 'tfjs' opens each article with
 * `?<family>.trainer=tfjs` (the readable path, where the model's tensors live in tfjs), rows with
 * backend 'wasm, tfjs path'; by default the widget's own choice (the fused kernels).
 * @param {{ families?: string[], minutes?: number, trainer?: 'tfjs', log?: (...xs: unknown[]) => void, distDir?: string }} [options]
 * @returns {Promise<{ rows: SoakRow[], env?: object, skipped?: string }>}
 */
export async function runSoakBench(options = {}) {
  const log = options.log ?? (() => {});
  const families = options.families?.length ? options.families : SOAK_FAMILIES;
  const minutes = options.minutes ?? SOAK_MINUTES;
  const dist = path.resolve(options.distDir ?? path.join(here, '..', 'dist'));
  if (!existsSync(CHROMIUM)) return { rows: [], skipped: `Chromium not found at ${CHROMIUM}` };
  if (!existsSync(path.join(dist, 'index.html'))) return { rows: [], skipped: `no built site at ${dist}: run \`npm run build:test\` first` };
  const base = await detectBase(dist);
  const { chromium } = await import('playwright-core');
  const server = await startStaticServer({ root: dist, base });
  const env = { chromium: 'unknown', base, cores: os.cpus().length, minutesAsked: minutes, loadAverageAtStart: os.loadavg().map((x) => +x.toFixed(2)) };
  const rows = [];
  const problems = [];
  try {
    for (const family of families) {
      log(`soak: ${family}${options.trainer ? ` (${options.trainer} path)` : ''}, ${minutes} min…`);
      try {
        const query = options.trainer ? `?${family}.trainer=${options.trainer}` : '';
        const row = await soakFamily(chromium, `${server.url}en/${family}/${query}`, family, minutes, log, env);
        if (options.trainer) row.backend = `wasm, ${options.trainer} path`;
        log(`soak: ${family}: steps ${row.stepsStart} → ${row.stepsEnd}, tensors ${row.tensorsStart} → ${row.tensorsEnd}, page heap ${row.heapStartMB} → ${row.heapEndMB} MB, worker heap ${row.workerHeapStartMB} → ${row.workerHeapEndMB} MB, longest task ${row.longestTaskMs} ms`);
        rows.push(row);
      } catch (e) {
        problems.push(`${family}: ${e.message}`);
        log(`soak: ${family} failed: ${e.message}`);
      }
    }
  } finally {
    await server.close();
  }
  env.loadAverageAtEnd = os.loadavg().map((x) => +x.toFixed(2));
  return { rows, env, skipped: problems.length ? problems.join('; ') : undefined };
}
