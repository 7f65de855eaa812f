/**
 * Issue 13's quality table and per-family steps/s in headless Chromium (Debian's, driven by
 * playwright-core, fresh profile): builds bench/browser-quality/ with Vite (the kernels and tfjs's
 * wasm load as on the site: `?url` assets fetched in a module Web Worker), serves it on 127.0.0.1
 * as a plain page (one thread, as GitHub Pages serves the site today) and runs
 * bench/quality-bench.ts and bench/ode-steps-bench.ts there. Returns { quality, throughput, odeSteps,
 * env, skipped }: quality rows of the shape of rows.ts's QualityRow, throughput rows of BenchRow,
 * odeSteps rows of OdeStepsRow.
 *
 *   node bench/quality-browser.mjs [--families ebm,gan] [--datasets rings,two-moons] [--budget 10]
 *                                  [--parts quality,throughput,ode-steps] [--quick]      (prints JSON)
 *
 * `node bench/run.mjs --only quality [same options]` runs it and merges its rows into
 * bench/results/latest.{json,md}, keeping every other row.
 *
 * @param {{ families?: string[], datasets?: string[], budgetSeconds?: number, parts?: string[], quick?: boolean, log?: (...xs: unknown[]) => void }} options
 * @returns {Promise<{ quality: import('./rows').QualityRow[], throughput: import('./rows').BenchRow[], env?: object, skipped?: string }>}
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM } from './browser.mjs';
import { openWorkerPage } from './worker-page.mjs';

/** The training budget per cell. */
export const QUALITY_BUDGET_SECONDS = 10;

export async function runQualityBrowserBench({ families = [], datasets = [], budgetSeconds = QUALITY_BUDGET_SECONDS, parts = ['throughput', 'quality', 'ode-steps'], quick = false, log = () => {} } = {}) {
  if (!existsSync(CHROMIUM)) return { quality: [], throughput: [], odeSteps: [], skipped: `Chromium not found at ${CHROMIUM}` };
  let opened;
  try {
    log('Chromium quality table: building the page…');
    opened = await openWorkerPage('browser-quality');
    const { context, base } = opened;
    const page = await context.newPage();
    page.on('console', (m) => log('chromium:', m.text()));
    const query = new URLSearchParams({
      parts: parts.join(','),
      families: families.join(','),
      datasets: datasets.join(','),
      budget: String(budgetSeconds),
      runs: String(quick ? 2 : 3),
      seconds: String(quick ? 2 : 3),
    });
    await page.goto(`${base}/plain/index.html?${query}`);
    const result = await page.evaluate(() => window.__qualityBench);
    await page.close();
    for (const e of result.errors) log('quality bench part failed:', e);
    const env = { ...result.env, chromium: context.browser()?.version() ?? 'unknown', loadAverage: os.loadavg().map((x) => +x.toFixed(2)) };
    return { quality: result.quality, throughput: result.throughput, odeSteps: result.odeSteps, env, skipped: result.errors.length ? result.errors.join('; ') : undefined };
  } finally {
    await opened?.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const list = (flag) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1].split(',').filter(Boolean) : undefined);
  const budget = list('--budget');
  runQualityBrowserBench({
    families: list('--families'),
    datasets: list('--datasets'),
    parts: list('--parts'),
    budgetSeconds: budget ? Number(budget[0]) : undefined,
    quick: argv.includes('--quick'),
    log: (...xs) => console.error('[bench]', ...xs),
  })
    .then((r) => console.log(JSON.stringify(r, null, 2)))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
