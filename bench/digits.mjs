/**
 * The digits lab in `npm run bench` (issue 17). For each family:
 *   - the shipped pretrained weights scored on 1,000 digits in Node (bench/digits-quality.run.ts);
 *   - the built /en/digits/ page in headless Chromium (Debian's, fresh profile, one thread, no
 *     GPU), driven as a reader would: press Pretrained digits and time the press to the grid on
 *     screen (the page's own measure, data-shown-ms) and the bytes fetched after the press;
 *     then, in a fresh profile, press Train from scratch and read the page's training time when
 *     its score (128 digits) first reaches 50% confident with 9 classes present.
 * Nothing is built here: it serves an existing dist/ (`npm run build` or `npm run build:test`).
 *
 *   node bench/digits.mjs [--scratch-limit 120]
 *
 * Rows: { workload: "digits:<family>", pretrainedConfident, classesPresent, fromScratchSeconds,
 * bytesShipped, … } (the issue's fields, then where and how each was measured).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, detectBase, withFreshProfilePage } from './browser.mjs';
import { startStaticServer } from '../tests/e2e/support/static-server.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
export const DIGIT_FAMILIES = ['vae', 'gan', 'diffusion', 'flow-matching'];
export const SCRATCH_LIMIT_SECONDS = 120;
/** The from-scratch bar of issue 17: half the digits confident, nine classes present. */
const BAR = { confident: 0.5, classes: 9 };

function nodeScores(log) {
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'digits-bench-')), 'result.json');
  const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
  const r = spawnSync(process.execPath, [vitest, 'run', '--config', 'bench/vitest.config.ts', 'bench/digits-quality.run.ts'], { cwd: root, env: { ...process.env, BENCH_OUT: out }, encoding: 'utf8' });
  for (const line of `${r.stderr}`.split('\n')) if (line.includes('[bench]')) log(line.slice(line.indexOf('[bench]') + 8));
  if (r.status !== 0 || !existsSync(out)) throw new Error(`bench/digits-quality.run.ts failed: ${(r.stdout + r.stderr).split('\n').filter((l) => /Error|FAIL/.test(l)).slice(0, 3).join(' ')}`);
  return JSON.parse(readFileSync(out, 'utf8')).rows;
}

async function openDigits(page, url, family) {
  await page.goto(`${url}en/digits/`, { waitUntil: 'load' });
  await page.waitForSelector('gen-digits[data-state="idle"]', { timeout: 30_000 });
  await page.locator('gen-digits [data-role="family"]').selectOption(family);
}

const attr = async (page, name) => Number(await page.locator('gen-digits').getAttribute(`data-${name}`));

async function pretrained(chromium, url, family) {
  return withFreshProfilePage(chromium, 'digits-bench', async (page) => {
    await openDigits(page, url, family);
    const responses = [];
    page.on('response', async (res) => {
      try {
        responses.push((await res.body()).length);
      } catch {
        // no body (redirects)
      }
    });
    await page.locator('gen-digits [data-role="pretrained"]').click();
    await page.waitForSelector('gen-digits[data-state="shown"], gen-digits[data-state="failed"]', { timeout: 60_000 });
    if ((await page.locator('gen-digits').getAttribute('data-state')) === 'failed') throw new Error(await page.locator('gen-digits [data-role="problem"]').textContent());
    // Let any response still being read finish counting.
    await page.waitForTimeout(300);
    return { shownMs: await attr(page, 'shown-ms'), gridConfident: await attr(page, 'confident'), bytesShipped: responses.reduce((s, b) => s + b, 0) };
  });
}

async function fromScratch(chromium, url, family, limit) {
  return withFreshProfilePage(chromium, 'digits-bench', async (page) => {
    await openDigits(page, url, family);
    await page.locator('gen-digits [data-role="train"]').click();
    await page.waitForSelector('gen-digits[data-state="training"]', { timeout: 60_000 });
    let best = { confident: 0, classes: 0 };
    for (;;) {
      await page.waitForTimeout(250);
      if ((await page.locator('gen-digits').getAttribute('data-state')) === 'failed') throw new Error(await page.locator('gen-digits [data-role="problem"]').textContent());
      const seconds = await attr(page, 'training-seconds');
      const confident = await attr(page, 'confident');
      const classes = await attr(page, 'classes');
      if (confident > best.confident) best = { confident, classes };
      const steps = await attr(page, 'step');
      if (confident >= BAR.confident && classes >= BAR.classes) return { fromScratchSeconds: seconds, stepsPerSec: steps / seconds, reachedAt: { confident, classes } };
      if (seconds >= limit) return { fromScratchSeconds: null, stepsPerSec: steps / seconds, bestWithinLimit: best };
    }
  });
}

/** @param {{ log?: (...xs: unknown[]) => void, distDir?: string, scratchLimit?: number }} [options] */
export async function runDigitsBench(options = {}) {
  const log = options.log ?? (() => {});
  const limit = options.scratchLimit ?? SCRATCH_LIMIT_SECONDS;
  const dist = path.resolve(options.distDir ?? path.join(root, 'dist'));
  log('digits: the shipped weights in Node, 1,000 digits per family…');
  const scores = nodeScores(log);
  if (!existsSync(CHROMIUM)) return { rows: [], skipped: `Chromium not found at ${CHROMIUM}` };
  if (!existsSync(path.join(dist, 'digits', 'vae.bin'))) return { rows: [], skipped: `no built site with the digits lab at ${dist}: run \`npm run build:test\` first` };
  const base = await detectBase(dist);
  const { chromium } = await import('playwright-core');
  const server = await startStaticServer({ root: dist, base });
  const env = { base, cores: os.cpus().length, scratchLimitSeconds: limit, loadAverageAtStart: os.loadavg().map((x) => +x.toFixed(2)) };
  const rows = [];
  const problems = [];
  try {
    for (const family of DIGIT_FAMILIES) {
      try {
        log(`digits ${family}: pretrained in Chromium…`);
        const p = await pretrained(chromium, server.url, family);
        log(`digits ${family}: from scratch in Chromium (up to ${limit} s of training)…`);
        const s = await fromScratch(chromium, server.url, family, limit);
        const q = scores.find((x) => x.family === family);
        rows.push({
          workload: `digits:${family}`,
          pretrainedConfident: q.confident,
          classesPresent: q.classesPresent,
          fromScratchSeconds: s.fromScratchSeconds,
          bytesShipped: p.bytesShipped,
          where: 'chromium (scores of pretrained weights: node, 1,000 digits)',
          pretrainedSpread: q.spread,
          pretrainedShownMs: p.shownMs,
          pretrainedGridConfident: p.gridConfident,
          fromScratchStepsPerSec: s.stepsPerSec,
          ...(s.bestWithinLimit ? { fromScratchBest: s.bestWithinLimit } : {}),
        });
        log(`digits ${family}: grid in ${p.shownMs} ms, ${p.bytesShipped} bytes; from scratch ${s.fromScratchSeconds ?? `not within ${limit}`} s`);
      } catch (e) {
        problems.push(`${family}: ${e.message}`);
        log(`digits ${family} failed: ${e.message}`);
      }
    }
  } finally {
    await server.close();
  }
  env.loadAverageAtEnd = os.loadavg().map((x) => +x.toFixed(2));
  return { rows, env, skipped: problems.length ? problems.join('; ') : undefined };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const i = process.argv.indexOf('--scratch-limit');
  const out = await runDigitsBench({ scratchLimit: i > 0 ? Number(process.argv[i + 1]) : undefined, log: (...xs) => console.error(...xs) });
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}
