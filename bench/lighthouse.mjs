/**
 * Lighthouse (mobile, its default configuration) on the built site: performance, accessibility,
 * best practices and SEO of the landing page, the two language index pages and every article in
 * both languages (issue 4's target: all 100 on every article page). Serves an existing dist/ with
 * the e2e tests' static server (under the base path the site was built with) and runs Lighthouse's
 * Node API in Debian's Chromium (chrome-launcher, fresh profile). Text is served gzipped, as GitHub
 * Pages serves it. Pages are audited one after the other in one Chromium; Lighthouse resets
 * storage and cache before each.
 *
 * Lighthouse is not a dependency of the project (only this benchmark needs it, and every `npm ci`
 * would fetch it): the first run installs the pinned version below into bench/.cache/ (ignored by
 * git) with npm, and later runs reuse it.
 *
 *   node bench/lighthouse.mjs [--dist dist] [--quick] [--pages en/vae/,ko/]   (prints JSON)
 *
 * @typedef {{ category: string, id: string, title: string, score: number, weight: number, displayValue?: string }} FailingAudit
 *   weight > 0: counts in the category's score (in performance, the five metrics); weight 0: an
 *   insight or diagnostic, shown as a hint.
 * @typedef {{ path: string, scores: Record<string, number>, failing: FailingAudit[], error?: string }} PageResult
 * @param {{ distDir?: string, pages?: string[], quick?: boolean, log?: (...xs: unknown[]) => void }} [options]
 * @returns {Promise<{ env?: object, pages?: PageResult[], subset?: string, skipped?: string }>}
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CHROMIUM, FLAGS, detectBase } from './browser.mjs';
import { startStaticServer } from '../tests/e2e/support/static-server.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
/** The Lighthouse version the report's scores come from (pinned: scoring changes between versions). */
export const LIGHTHOUSE_VERSION = '13.5.0';

/**
 * Lighthouse's Node API and the chrome-launcher it depends on, from the bench's own install in
 * bench/.cache/lighthouse-<version>/ (`npm install` there on the first run; needs the npm registry).
 */
async function loadLighthouse(log) {
  const dir = path.join(here, '.cache', `lighthouse-${LIGHTHOUSE_VERSION}`);
  const entry = path.join(dir, 'node_modules', 'lighthouse', 'package.json');
  if (!existsSync(entry)) {
    log(`installing lighthouse@${LIGHTHOUSE_VERSION} into ${path.relative(root, dir)} (first run only)…`);
    mkdirSync(dir, { recursive: true });
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const args = ['install', '--prefix', dir, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel', 'error', `lighthouse@${LIGHTHOUSE_VERSION}`];
    const r = spawnSync(npm, args, { encoding: 'utf8' });
    if (r.status !== 0 || !existsSync(entry)) {
      throw new Error(`npm ${args.join(' ')} failed: ${(r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n').pop()}`);
    }
  }
  const fromLighthouse = createRequire(entry);
  const installed = fromLighthouse('./package.json').version;
  if (installed !== LIGHTHOUSE_VERSION) throw new Error(`${path.relative(root, dir)} holds lighthouse ${installed}, not ${LIGHTHOUSE_VERSION}: delete it`);
  const { default: lighthouse } = await import(pathToFileURL(fromLighthouse.resolve('lighthouse')).href);
  const chromeLauncher = await import(pathToFileURL(fromLighthouse.resolve('chrome-launcher')).href);
  return { lighthouse, chromeLauncher };
}
const LANGUAGES = ['en', 'ko'];

/** Landing page, language index pages, then every article (content/<lang>/<slug>.mdx) of both languages. */
function allPages() {
  const slugs = readdirSync(path.join(root, 'content', 'en'))
    .filter((f) => f.endsWith('.mdx'))
    .map((f) => f.slice(0, -4))
    .sort();
  return ['', ...LANGUAGES.map((l) => `${l}/`), ...LANGUAGES.flatMap((l) => slugs.map((s) => `${l}/${s}/`))];
}

/**
 * The fonts on this machine that cover Hangul (fontconfig). Without one, Chromium lays out every
 * Korean character through its per-character fallback search, which no Korean reader's device does:
 * here that made the Korean pages' first layout 1.5–2× the English twins' and cost them Total
 * Blocking Time (Performance 99). Installing fonts-noto-cjk, whose Noto Sans CJK KR the Korean font
 * stack names, brought /ko/timeline/ from 365 to about 215 ms of style and layout.
 */
function hangulFonts() {
  try {
    return execFileSync('fc-list', [':charset=ac00', 'family'], { encoding: 'utf8' }).split('\n').filter(Boolean).length;
  } catch {
    return null;
  }
}

/** The four scores (0–100) of one report and, for each category under 100, its failing audits. */
function summarise(lhr) {
  const scores = {};
  const failing = [];
  for (const id of CATEGORIES) {
    const category = lhr.categories[id];
    scores[id] = category?.score == null ? NaN : Math.round(category.score * 100);
    if (!(scores[id] < 100)) continue;
    for (const ref of category.auditRefs) {
      const audit = lhr.audits[ref.id];
      // Scored audits (binary, numeric metrics, insights with savings) that did not pass.
      if (audit?.score != null && audit.score < 1 && audit.scoreDisplayMode !== 'informative' && audit.scoreDisplayMode !== 'manual') {
        // Table audits (console errors, failed requests, …) name what failed: keep a few of their rows.
        const items = audit.details?.type === 'table' ? audit.details.items.slice(0, 3).map((i) => JSON.stringify(i).slice(0, 300)) : undefined;
        failing.push({ category: id, id: ref.id, title: audit.title, score: audit.score, weight: ref.weight, displayValue: audit.displayValue, items });
      }
    }
  }
  return { scores, failing };
}

export async function runLighthouse({ distDir, pages, quick = false, log = () => {} } = {}) {
  const dist = path.resolve(distDir ?? path.join(root, 'dist'));
  if (!existsSync(CHROMIUM)) return { skipped: `Chromium not found at ${CHROMIUM}` };
  if (!existsSync(path.join(dist, 'index.html'))) return { skipped: `no built site at ${dist}: run \`npm run build\` (or build:test) first` };
  // --quick: the landing page and one article per language (the lab's heaviest page, diffusion).
  const subset = pages ? 'pages chosen with --pages' : quick ? 'quick mode: landing page and the diffusion article in each language only' : undefined;
  const chosen = pages ?? (quick ? ['', 'en/diffusion/', 'ko/diffusion/'] : allPages());
  let lighthouse;
  let chromeLauncher;
  try {
    ({ lighthouse, chromeLauncher } = await loadLighthouse(log));
  } catch (e) {
    return { skipped: `Lighthouse unavailable: ${e.message}` };
  }
  const server = await startStaticServer({ root: dist, base: await detectBase(dist), gzip: true });
  const profile = await mkdtemp(path.join(os.tmpdir(), 'lighthouse-profile-'));
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: FLAGS, userDataDir: profile });
  const version = await fetch(`http://127.0.0.1:${chrome.port}/json/version`).then((r) => r.json());
  const env = { lighthouse: '', chromium: version.Browser, base: server.base, hangulFonts: hangulFonts(), loadAverageAtStart: os.loadavg().map((x) => +x.toFixed(2)) };
  /** @type {PageResult[]} */
  const results = [];
  try {
    for (const page of chosen) {
      const url = server.url + page;
      try {
        const run = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES });
        const lhr = run?.lhr;
        if (!lhr) throw new Error('no report');
        if (lhr.runtimeError) throw new Error(`${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
        env.lighthouse = lhr.lighthouseVersion;
        const summary = summarise(lhr);
        log(`lighthouse /${page}:`, CATEGORIES.map((c) => `${c} ${summary.scores[c]}`).join(', '), summary.failing.length ? `(failing: ${summary.failing.map((f) => f.id).join(', ')})` : '');
        results.push({ path: page, ...summary });
      } catch (e) {
        log(`lighthouse /${page} failed: ${e.message}`);
        results.push({ path: page, scores: {}, failing: [], error: e.message });
      }
    }
  } finally {
    chrome.kill();
    await server.close();
    await rm(profile, { recursive: true, force: true });
  }
  env.loadAverageAtEnd = os.loadavg().map((x) => +x.toFixed(2));
  return { env, pages: results, subset };
}

/** Markdown lines for the report (bench/render.mjs). */
export function renderLighthouse(lh) {
  const lines = ['## Lighthouse (mobile, default configuration)', ''];
  lines.push(`Lighthouse ${lh.env.lighthouse} in ${lh.env.chromium} (Debian's Chromium), text served gzipped, site base ${lh.env.base}; load average at the start ${lh.env.loadAverageAtStart.join(', ')}, at the end ${lh.env.loadAverageAtEnd.join(', ')}. Target (issue 4): all four 100 on every article page. Simulated mobile throttling makes Performance vary by 1–2 points between runs.`, '');
  const hangul = lh.env.hangulFonts;
  lines.push(
    hangul
      ? `Fonts covering Hangul on this machine: ${hangul} (fc-list), as on any Korean reader's device.`
      : `**No font covering Hangul on this machine** (fc-list ${hangul === 0 ? 'finds none' : 'unavailable'}): the Korean pages pay for Chromium's per-character font fallback, which a Korean reader's device does not; \`apt-get install fonts-noto-cjk\` gives them the Noto Sans CJK KR their font stack names.`,
    '',
  );
  if (lh.subset) lines.push(`**Subset** (${lh.subset}).`, '');
  lines.push('| page | performance | accessibility | best practices | SEO |', '|---|---:|---:|---:|---:|');
  for (const p of lh.pages) {
    const cells = p.error ? [`failed: ${p.error}`, '', '', ''] : CATEGORIES.map((c) => String(p.scores[c]));
    lines.push(`| /${p.path} | ${cells.join(' | ')} |`);
  }
  const failing = lh.pages.filter((p) => p.failing.length);
  if (failing.length) {
    lines.push('', 'Where a score is under 100: the audits that count in it (metric value, score 0–1), then the failing unweighted insights (hints only; ids as in the JSON, which has their titles).', '');
    const describe = (f) => `\`${f.id}\` (${f.title}${f.displayValue ? `: ${f.displayValue}` : ''}, score ${f.score})`;
    for (const p of failing) {
      const scored = p.failing.filter((f) => f.weight > 0).map((f) => `${f.category} ${describe(f)}`);
      const hints = p.failing.filter((f) => !(f.weight > 0)).map((f) => `\`${f.id}\``);
      lines.push(`- /${p.path}: ${scored.join('; ') || 'no weighted audit'}${hints.length ? `; unweighted hints: ${hints.join(', ')}` : ''}`);
    }
  }
  lines.push('');
  return lines;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const value = (flag) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
  const result = await runLighthouse({
    distDir: value('--dist'),
    pages: value('--pages')
      ?.split(',')
      .map((p) => p.replace(/^\//, '')),
    quick: argv.includes('--quick'),
    log: (...xs) => console.error('[bench]', ...xs),
  });
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}
