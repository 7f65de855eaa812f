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
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM } from './browser.mjs';
import { openWorkerPage } from './worker-page.mjs';


export async function runFastBrowserBench({ quick = false, parts = ['fast', 'tfjs-wasm'], isolatedParts = ['fast-threads'], trainSteps = 300, log = () => {} } = {}) {
  if (!existsSync(CHROMIUM)) return { rows: [], skipped: `Chromium not found at ${CHROMIUM}` };
  let opened;
  try {
    log('Chromium worker page (fast path, sampling): building the page…');
    opened = await openWorkerPage('browser-fast');
    const { context, base } = opened;
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
      await page.goto(`${base}/${mode}/index.html?runs=${runs}&seconds=${seconds}&trainSteps=${trainSteps}&samplingRuns=${samplingRuns}&parts=${list.join(',')}`);
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
    await opened?.close();
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
