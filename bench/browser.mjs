/**
 * The browser half of `npm run bench`: the lab widgets themselves, measured in headless Chromium
 * (Debian's, driven by playwright-core, fresh profile, no GPU) on the built site. Nothing is built
 * here: it serves an existing dist/ (from `npm run build` or `npm run build:test`; the base path
 * is read from the built pages).
 *
 * For each family's article (English edition, 8 Gaussians, default settings):
 *  - steps per second of the widget while training, per backend (cpu, wasm, webgl — the widget's
 *    `backend` setting through the URL), median over `runs` consecutive windows; the widget's own
 *    figure, so it includes the samples, energy distances and fields it computes for the reader;
 *  - frames per second of the page while training (requestAnimationFrame callbacks counted in
 *    the page over the same windows);
 *  - time to quality with the default backend: seconds from pressing Train until the widget
 *    reports an energy distance under 3× the noise floor (wall time, so the download and start of
 *    tfjs count), and from the first step;
 *  - bytes of JavaScript (and WebAssembly) the page downloaded before and after Train, raw and
 *    gzip (level 9, as a static host would serve them).
 *
 *   node bench/browser.mjs [--quick] [--dist dist] [--families gan,flow] [--backends wasm,cpu]
 *
 * @typedef {import('./rows').BenchRow & { fps?: number, longestTaskMs?: number, backendUsed?: string }} BrowserRow
 * @typedef {{ files: number, raw: number, gzip: number }} Bytes
 * @typedef {{ beforeTrain: { js: Bytes }, afterTrain: { js: Bytes, wasm: Bytes }, heavyBeforeTrain: string[] }} PageWeight
 * @param {string | { quick?: boolean, log?: (...xs: unknown[]) => void, distDir?: string, families?: string[], backends?: string[] }} [options]
 * @returns {Promise<{ rows: BrowserRow[], pageWeight?: Record<string, PageWeight>, env?: object, skipped?: string }>}
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../tests/e2e/support/browser.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Debian's Chromium and the flags every bench page runs it with: the e2e tests' own (also used by fast-browser.mjs and lighthouse.mjs). */
export const CHROMIUM = CHROMIUM_PATH;
export const FLAGS = CHROMIUM_FLAGS;
const FAMILIES = ['autoregressive', 'vae', 'flow', 'ebm', 'gan', 'diffusion', 'flow-matching'];
const BACKENDS = ['wasm', 'cpu', 'webgl'];
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.xml': 'application/xml',
};
/** What must not load before Train. */
const HEAVY = /tfjs|worker|\.wasm|uplot/i;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => {
  const s = [...xs].filter(Number.isFinite).sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

/**
 * Runs `run(page, errors)` in a page of a fresh Chromium profile (a first-time reader: nothing
 * cached), 1280 × 900; page errors and console errors are collected in `errors`, and the run fails
 * if any was logged. The profile is removed afterwards.
 */
export async function withFreshProfilePage(chromium, prefix, run) {
  const profile = await mkdtemp(path.join(os.tmpdir(), `${prefix}-profile-`));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 900 } });
  const errors = [];
  try {
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const result = await run(page, errors);
    if (errors.length) throw new Error(`the page logged errors: ${errors.join('; ')}`);
    return result;
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

/**
 * The base path the site was built with: the path of the landing page's canonical URL (the landing
 * page is the base itself), else the prefix of its first /_astro/ URL. (With its stylesheet inlined
 * the landing page has no /_astro/ URL; guessing '/' then served the site at the wrong path, and
 * every asset 404ed in Lighthouse.)
 */
export async function detectBase(dist) {
  const html = await readFile(path.join(dist, 'index.html'), 'utf8');
  const canonical = /<link\b[^>]*\brel="canonical"[^>]*\bhref="([^"]+)"/.exec(html);
  if (canonical) return new URL(canonical[1]).pathname;
  const m = /["'(](\/[^"'()]*?)_astro\//.exec(html);
  return m ? m[1] : '/';
}

/** Serve dist/ under `base` like GitHub Pages (directory → index.html). */
function serve(dist, base) {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!url.pathname.startsWith(base)) return res.writeHead(404).end();
    let file = path.join(dist, decodeURIComponent(url.pathname.slice(base.length)));
    if (!file.startsWith(dist)) return res.writeHead(403).end();
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function bytesOf(entries) {
  return {
    files: entries.length,
    raw: entries.reduce((s, e) => s + e.body.length, 0),
    gzip: entries.reduce((s, e) => s + gzipSync(e.body, { level: 9 }).length, 0),
  };
}

/** Open a family's article in a fresh tab, scroll to its widget and wait until it has hydrated. */
async function openWidget(context, url, family) {
  const page = await context.newPage();
  const responses = [];
  page.on('response', async (res) => {
    try {
      responses.push({ url: res.url(), type: res.request().resourceType(), body: await res.body(), at: Date.now() });
    } catch {
      // redirects have no body
    }
  });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(url, { waitUntil: 'load' });
  const lab = page.locator(`#lab-${family}`);
  await lab.scrollIntoViewIfNeeded();
  await page.waitForSelector(`#lab-${family}[data-hydrated]`, { timeout: 30_000 });
  // Count the page's animation frames from now on, and keep the main thread's tasks over 50 ms
  // (the Long Tasks API reports exactly those).
  await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.__frames = 0;
    w.__longTasks = [];
    const tick = () => {
      w.__frames++;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, ms: e.duration });
    }).observe({ type: 'longtask' });
  });
  return { page, lab, responses, errors };
}

async function read(lab) {
  const [state, step, energy, floor] = await Promise.all(
    ['state', 'step', 'energy', 'noise-floor'].map((k) => lab.getAttribute(`data-${k}`)),
  );
  return { state, step: Number(step ?? NaN), energy: Number(energy ?? NaN), floor: Number(floor ?? NaN) };
}

async function waitFor(lab, predicate, timeout) {
  const start = Date.now();
  let last = await read(lab);
  while (Date.now() - start < timeout) {
    if (predicate(last)) return last;
    if (last.state === 'error' || last.state === 'diverged') return last;
    await sleep(100);
    last = await read(lab);
  }
  return last;
}

/** Steps/s and fps of one family on one backend: `runs` windows of `seconds` after training starts. */
async function throughput(context, url, family, backend, runs, seconds) {
  const { page, lab, errors } = await openWidget(context, url, family);
  try {
    await lab.locator('[data-action=train]').click();
    const started = await waitFor(lab, (s) => s.state === 'running' && s.step > 0, 60_000);
    if (!(started.step > 0)) throw new Error(`did not start (state ${started.state}${errors.length ? `: ${errors[0]}` : ''})`);
    await sleep(1000); // past the first compilations and the first fields
    const backendUsed = (await lab.locator('[data-stat=backend]').textContent())?.trim() ?? '?';
    const rates = [];
    const fps = [];
    const windowStart = await page.evaluate(() => performance.now());
    for (let r = 0; r < runs; r++) {
      const a = await read(lab);
      const fa = await page.evaluate(() => /** @type {any} */ (window).__frames);
      const t0 = Date.now();
      await sleep(seconds * 1000);
      const b = await read(lab);
      const fb = await page.evaluate(() => /** @type {any} */ (window).__frames);
      const dt = (Date.now() - t0) / 1000;
      rates.push((b.step - a.step) / dt);
      fps.push((fb - fa) / dt);
      if (b.state !== 'running') throw new Error(`stopped while measuring (state ${b.state})`);
    }
    // The longest main-thread task inside the measuring windows (0 when none passed 50 ms).
    const tasks = await page.evaluate((t0) => /** @type {any} */ (window).__longTasks.filter((e) => e.start >= t0), windowStart);
    const longestTask = Math.max(0, ...tasks.map((t) => t.ms));
    return { rates, fps, backendUsed, longestTask };
  } finally {
    await page.close();
  }
}

/** Seconds from pressing Train to an energy distance under 3× the noise floor, and the page's bytes. */
async function timeToQuality(context, url, family, budgetSeconds) {
  const { page, lab, responses, errors } = await openWidget(context, url, family);
  try {
    await page.waitForLoadState('networkidle');
    const before = responses.slice();
    const click = Date.now();
    await lab.locator('[data-action=train]').click();
    const first = await waitFor(lab, (s) => s.step > 0, 60_000);
    const firstStepAt = Date.now();
    const end = await waitFor(lab, (s) => s.step > 0 && s.energy < 3 * s.floor, budgetSeconds * 1000);
    const reached = end.step > 0 && end.energy < 3 * end.floor;
    const done = Date.now();
    await lab.locator('[data-action=train]').click();
    await sleep(300);
    const isJs = (e) => e.type === 'script' || /\.m?js(\?|$)/.test(e.url);
    const all = responses.slice();
    const weight = {
      beforeTrain: { js: bytesOf(before.filter(isJs)) },
      afterTrain: { js: bytesOf(all.filter(isJs)), wasm: bytesOf(all.filter((e) => /\.wasm(\?|$)/.test(e.url))) },
      heavyBeforeTrain: before.filter((e) => HEAVY.test(e.url)).map((e) => e.url),
    };
    return {
      quality: {
        reached,
        trainSeconds: (done - firstStepAt) / 1000,
        wallSeconds: (done - click) / 1000,
        startSeconds: (firstStepAt - click) / 1000,
        steps: end.step,
        energyDistance: end.energy,
        noiseFloor: end.floor,
        threshold: 3 * end.floor,
      },
      stepsPerSec: end.step / Math.max(1e-9, (done - firstStepAt) / 1000),
      weight,
      errors: first.step > 0 ? errors : [...errors, `never started (state ${first.state})`],
    };
  } finally {
    await page.close();
  }
}

export async function runBrowserBench(options = {}) {
  const opts = typeof options === 'string' ? { distDir: options } : options;
  const quick = opts.quick ?? false;
  const log = opts.log ?? (() => {});
  const dist = path.resolve(opts.distDir ?? path.join(here, '..', 'dist'));
  const families = opts.families ?? FAMILIES;
  const backends = opts.backends ?? BACKENDS;
  const runs = opts.runs ?? (quick ? 2 : 3);
  const seconds = opts.seconds ?? (quick ? 3 : 5);
  const budget = opts.budget ?? (quick ? 20 : 60);
  if (!existsSync(CHROMIUM)) return { rows: [], skipped: `Chromium not found at ${CHROMIUM}` };
  if (!existsSync(path.join(dist, 'index.html'))) {
    return { rows: [], skipped: `no built site at ${dist}: run \`npm run build\` (or build:test) before the browser benchmark` };
  }
  const base = await detectBase(dist);
  const missing = families.filter((f) => !existsSync(path.join(dist, 'en', f, 'index.html')));
  if (missing.length) return { rows: [], skipped: `the built site has no English article for ${missing.join(', ')}` };
  const withWidget = [];
  for (const f of families) {
    if ((await readFile(path.join(dist, 'en', f, 'index.html'), 'utf8')).includes(`id="lab-${f}"`)) withWidget.push(f);
    else log(`browser: the ${f} article has no widget yet; skipped`);
  }

  const { chromium } = await import('playwright-core');
  const server = await serve(dist, base);
  const origin = `http://127.0.0.1:${server.address().port}`;
  /** @type {BrowserRow[]} */
  const rows = [];
  /** @type {Record<string, PageWeight>} */
  const pageWeight = {};
  const env = { chromium: 'unknown', base, cores: os.cpus().length, loadAverageAtStart: os.loadavg().map((x) => +x.toFixed(2)) };
  const problems = [];

  /** Each measurement gets a fresh profile, so nothing is cached between them. */
  const fresh = async (fn) => {
    const profile = await mkdtemp(path.join(os.tmpdir(), 'lab-bench-profile-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1280, height: 900 },
    });
    env.chromium = context.browser()?.version() ?? env.chromium;
    try {
      return await fn(context);
    } finally {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    }
  };

  try {
    for (const family of withWidget) {
      const article = `${origin}${base}en/${family}/`;
      for (const backend of backends) {
        log(`browser: ${family} on ${backend}…`);
        try {
          const url = `${article}?${family}.backend=${backend}`;
          const t = await fresh((ctx) => throughput(ctx, url, family, backend, runs, seconds));
          rows.push({
            where: 'browser',
            backend,
            workload: `family:${family}`,
            stepsPerSec: +median(t.rates).toFixed(1),
            stepsPerSecRuns: t.rates.map((x) => +x.toFixed(1)),
            fps: +median(t.fps).toFixed(1),
            longestTaskMs: Math.round(t.longestTask),
            backendUsed: t.backendUsed,
            note: `widget in Chromium, ${median(t.fps).toFixed(0)} fps while training${t.backendUsed.split(' ')[0] !== backend ? `; fell back to ${t.backendUsed}` : t.backendUsed !== backend ? `; ${t.backendUsed}` : ''}`,
          });
        } catch (e) {
          problems.push(`${family}/${backend}: ${e.message}`);
          rows.push({ where: 'browser', backend, workload: `family:${family}`, stepsPerSec: NaN, note: `failed: ${e.message}` });
        }
      }
      log(`browser: ${family} time to quality…`);
      try {
        const q = await fresh((ctx) => timeToQuality(ctx, article, family, budget));
        pageWeight[family] = q.weight;
        rows.push({
          where: 'browser',
          backend: 'default (wasm)',
          workload: `family:${family}`,
          stepsPerSec: +q.stepsPerSec.toFixed(1),
          quality: q.quality,
          note: `from pressing Train: ${q.quality.wallSeconds.toFixed(1)} s (tfjs start ${q.quality.startSeconds.toFixed(1)} s)${q.errors.length ? `; page errors: ${q.errors.join(' | ')}` : ''}`,
        });
      } catch (e) {
        problems.push(`${family} time to quality: ${e.message}`);
      }
    }
  } finally {
    await new Promise((r) => server.close(() => r(undefined)));
  }
  env.loadAverageAtEnd = os.loadavg().map((x) => +x.toFixed(2));
  return { rows, pageWeight, env, skipped: problems.length ? problems.join('; ') : undefined };
}

// Run on its own: print the JSON.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const value = (flag) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const result = await runBrowserBench({
    quick: argv.includes('--quick'),
    distDir: value('--dist'),
    families: value('--families')?.split(','),
    backends: value('--backends')?.split(','),
    log: (...xs) => console.error('[bench]', ...xs),
  });
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}
