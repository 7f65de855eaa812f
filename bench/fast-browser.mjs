/**
 * The browser half of the fast path's benchmark: builds bench/browser-fast/ with Vite (so the
 * kernels load exactly as they will on the site: `new URL('./x.wasm', import.meta.url)` assets,
 * fetched in a module Web Worker), serves it on 127.0.0.1, and runs it in headless Chromium
 * (Debian's, driven by playwright-core, fresh profile). Returns rows of the shape of bench/rows.ts.
 * The page is opened twice: as a plain page (`parts`: one thread, like GitHub Pages today), then
 * cross-origin isolated (COOP/COEP headers, as a service worker could provide on GitHub Pages) for
 * `isolatedParts` (two threads). The same page also measures each family's sampling latency on tfjs
 * wasm (part `sampling`, bench/sampling-bench.ts; `npm run bench` asks for it unless --no-sampling).
 *
 *   node bench/fast-browser.mjs [--quick] [--parts fast,tfjs-wasm,tfjs-cpu,sampling] [--isolated-parts fast-threads]
 *
 * @param {{ quick?: boolean, parts?: string[], isolatedParts?: string[], trainSteps?: number, log?: (...xs: unknown[]) => void }} options
 * @returns {Promise<{ rows: import('./rows').BenchRow[], env?: object, skipped?: string }>}
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, FLAGS } from './browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };

/** Serves `dir` under /plain/ and, with the cross-origin isolation headers, under /isolated/. */
function serve(dir) {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const [, mode, ...rest] = url.pathname.split('/');
    const file = path.join(dir, decodeURIComponent(rest.join('/') || 'index.html'));
    if (!file.startsWith(dir) || (mode !== 'plain' && mode !== 'isolated')) return res.writeHead(404).end();
    const isolation = mode === 'isolated' ? { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' } : {};
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', ...isolation }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export async function runFastBrowserBench({ quick = false, parts = ['fast', 'tfjs-wasm'], isolatedParts = ['fast-threads'], trainSteps = 300, log = () => {} } = {}) {
  if (!existsSync(CHROMIUM)) return { rows: [], skipped: `Chromium not found at ${CHROMIUM}` };
  const { build } = await import('vite');
  const { chromium } = await import('playwright-core');
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'fast-bench-site-'));
  const profile = await mkdtemp(path.join(os.tmpdir(), 'fast-bench-profile-'));
  let server;
  let context;
  try {
    log('Chromium worker page (fast path, sampling): building the page…');
    await build({
      configFile: false,
      root: path.join(here, 'browser-fast'),
      base: './',
      logLevel: 'error',
      build: { outDir, emptyOutDir: true, target: 'es2022' },
      worker: { format: 'es' },
    });
    server = await serve(outDir);
    const { port } = server.address();
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
    const runs = quick ? 2 : 3;
    const seconds = quick ? 2 : 3;
    const samplingRuns = quick ? 3 : 5;
    const rows = [];
    const errors = [];
    let env;
    for (const [mode, list] of [['plain', parts], ['isolated', isolatedParts]]) {
      if (!list.length) continue;
      const page = await context.newPage();
      page.on('console', (m) => log('chromium:', m.text()));
      await page.goto(`http://127.0.0.1:${port}/${mode}/index.html?runs=${runs}&seconds=${seconds}&trainSteps=${trainSteps}&samplingRuns=${samplingRuns}&parts=${list.join(',')}`);
      const result = await page.evaluate(() => window.__fastBench);
      await page.close();
      rows.push(...result.rows);
      errors.push(...(result.errors ?? []).map((e) => `${mode} page: ${e}`));
      if (mode === 'plain' || !env) env = { ...result.env, chromium: context.browser()?.version() ?? 'unknown' };
      if (mode === 'isolated') env.isolatedPageCrossOriginIsolated = result.env.crossOriginIsolated;
    }
    for (const e of errors) log('browser part failed:', e);
    return { rows, env, skipped: errors.length ? errors.join('; ') : undefined };
  } finally {
    await context?.close();
    server?.close();
    await rm(outDir, { recursive: true, force: true });
    await rm(profile, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const list = (flag) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1].split(',').filter(Boolean) : undefined);
  runFastBrowserBench({ quick: argv.includes('--quick'), parts: list('--parts'), isolatedParts: list('--isolated-parts'), log: (...xs) => console.error('[bench]', ...xs) })
    .then((r) => console.log(JSON.stringify(r, null, 2)))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
