/**
 * The arena in `npm run bench` (issue 16): the built /en/arena/ page driven in headless Chromium
 * (Debian's, fresh profile, no GPU) as a reader would: pick a dataset, a 30 s budget per family,
 * press Start, wait for the seven turns to end and take the table from the page's own JSON export.
 * Nothing is built here: it serves an existing dist/ (`npm run build` or `npm run build:test`).
 *
 *   node bench/arena.mjs [--budget 30] [--datasets eight-gaussians,two-moons]
 *
 * Rows: { workload: "arena:<dataset>", where: "chromium", family, steps, msPerStep,
 * msPer1000Samples, nll (null for the GAN), nllKind, entropy, energyDistance, noiseFloor, trainingSeconds }.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, detectBase, withFreshProfilePage } from './browser.mjs';
import { startStaticServer } from '../tests/e2e/support/static-server.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ARENA_DATASETS = ['eight-gaussians', 'two-moons'];
export const ARENA_BUDGET_SECONDS = 30;

/** JSON has no ∞ or NaN: the export writes them as strings. */
const numberOrNull = (v) => (typeof v === 'number' ? v : v === 'Infinity' ? Infinity : null);

async function arenaRun(chromium, url, dataset, budget, log) {
  return withFreshProfilePage(chromium, 'arena-bench', async (page) => {
    await page.goto(`${url}en/arena/?dataset=${dataset}&budget=${budget}&seed=1`, { waitUntil: 'load' });
    await page.waitForSelector('gen-arena[data-state="idle"]', { timeout: 30_000 });
    const machine = await page.locator('[data-role="machine"]').textContent();
    await page.locator('[data-role="start"]').click();
    // Seven turns of `budget` seconds, plus evaluation and loading.
    await page.waitForSelector('gen-arena[data-state="done"], gen-arena[data-state="failed"]', { timeout: (7 * budget + 300) * 1000 });
    if ((await page.locator('gen-arena').getAttribute('data-state')) === 'failed') throw new Error(await page.locator('[data-role="problem"]').textContent());
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-role="export-json"]').click()]);
    const table = JSON.parse(await readFile(await download.path(), 'utf8'));
    const spread = Number(await page.locator('gen-arena').getAttribute('data-share-spread'));
    log(`arena ${dataset}: ${machine}; shares of training time within ${(100 * spread).toFixed(1)}%`);
    return {
      shareSpread: spread,
      rows: table.rows.map((r) => ({
        workload: `arena:${dataset}`,
        where: 'chromium',
        family: r.family,
        steps: r.steps,
        msPerStep: numberOrNull(r.msPerStep),
        msPer1000Samples: numberOrNull(r.msPer1000Samples),
        nll: numberOrNull(r.nll),
        nllKind: r.nllKind,
        entropy: numberOrNull(r.entropy),
        energyDistance: numberOrNull(r.energyDistance),
        noiseFloor: numberOrNull(r.noiseFloor),
        trainingSeconds: numberOrNull(r.trainingSeconds),
        ...(r.diverged ? { diverged: r.diverged } : {}),
      })),
    };
  });
}

/** @param {{ datasets?: string[], budget?: number, log?: (...xs: unknown[]) => void, distDir?: string }} [options] */
export async function runArenaBench(options = {}) {
  const log = options.log ?? (() => {});
  const datasets = options.datasets?.length ? options.datasets : ARENA_DATASETS;
  const budget = options.budget ?? ARENA_BUDGET_SECONDS;
  const dist = path.resolve(options.distDir ?? path.join(here, '..', 'dist'));
  if (!existsSync(CHROMIUM)) return { rows: [], skipped: `Chromium not found at ${CHROMIUM}` };
  if (!existsSync(path.join(dist, 'index.html'))) return { rows: [], skipped: `no built site at ${dist}: run \`npm run build:test\` first` };
  const base = await detectBase(dist);
  const { chromium } = await import('playwright-core');
  const server = await startStaticServer({ root: dist, base });
  const env = { base, cores: os.cpus().length, budgetSeconds: budget, loadAverageAtStart: os.loadavg().map((x) => +x.toFixed(2)), shareSpread: {} };
  const rows = [];
  const problems = [];
  try {
    for (const dataset of datasets) {
      log(`arena: ${dataset}, ${budget} s per family…`);
      try {
        const run = await arenaRun(chromium, server.url, dataset, budget, log);
        env.shareSpread[dataset] = run.shareSpread;
        rows.push(...run.rows);
      } catch (e) {
        problems.push(`${dataset}: ${e.message}`);
        log(`arena: ${dataset} failed: ${e.message}`);
      }
    }
  } finally {
    await server.close();
  }
  env.loadAverageAtEnd = os.loadavg().map((x) => +x.toFixed(2));
  return { rows, env, skipped: problems.length ? problems.join('; ') : undefined };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const out = await runArenaBench({
    budget: Number(arg('--budget', String(ARENA_BUDGET_SECONDS))),
    datasets: arg('--datasets', '')?.split(',').filter(Boolean),
    log: (...xs) => console.error(...xs),
  });
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}
