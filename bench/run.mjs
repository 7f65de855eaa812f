#!/usr/bin/env node
/**
 * `npm run bench`: training throughput, time to quality and sampling latency, in Node with the
 * cpu and wasm backends, beside PyTorch on the same machine in the same run, then the same in
 * headless Chromium and Lighthouse on the built site; Markdown + JSON written to
 * bench/results/latest.{md,json}.
 *
 *   npm run bench                    full run (about 10 minutes on 2 cores)
 *   npm run bench -- --quick         fewer/shorter runs, 20 s quality budget (about 4 minutes)
 *   options: --backends cpu,wasm  --families flow,gan  --no-torch  --no-families  --budget 60
 *            --no-fast  --no-sampling  --no-quality  --no-lighthouse
 *            --datasets rings,two-moons  --quality-budget 10   (the quality table)
 *   node bench/run.mjs --only quality [--families …] [--datasets …] [--quality-budget 10]
 *                                    issue 13's quality table and steps/s in Chromium alone,
 *                                    merged into latest.{json,md}: every other row stays
 *   npm run bench -- --soak [--soak-minutes 10] [--families gan,vae] [--soak-trainer tfjs]
 *                                    issue 18's soak alone (bench/soak.mjs): each lab trained
 *                                    that long in Chromium on the built site, one after another
 *                                    (an hour for all six at 10 min), merged the same way; a full
 *                                    run keeps the soak rows of the previous report
 *   npm run bench -- --arena [--arena-budget 30]
 *                                    issue 16's arena alone (bench/arena.mjs): the built arena page
 *                                    on 8 Gaussians and two moons, merged the same way; a full run
 *                                    measures it too (skip with --no-arena)
 *   npm run bench -- --digits [--scratch-limit 120]
 *                                    issue 17's digits lab alone (bench/digits.mjs): the shipped
 *                                    pretrained weights scored in Node, the built digits page timed
 *                                    in Chromium (pretrained grid, from-scratch training), merged
 *                                    the same way; a full run measures it too (skip with --no-digits)
 *
 * The TypeScript parts (bench/reference.run.ts, bench/families.run.ts, bench/sampling.run.ts) run under vitest, which
 * resolves the sources exactly as the unit tests do, each backend and part in its own process;
 * they hand their rows back through a JSON file.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBrowserBench } from './browser.mjs';
import { runFastBrowserBench } from './fast-browser.mjs';
import { runLighthouse } from './lighthouse.mjs';
import { isArenaRow, isDigitsRow, isQualityPartRow, isSoakRow, mergeRows } from './merge-results.mjs';
import { SCRATCH_LIMIT_SECONDS, runDigitsBench } from './digits.mjs';
import { ARENA_BUDGET_SECONDS, runArenaBench } from './arena.mjs';
import { QUALITY_BUDGET_SECONDS, runQualityBrowserBench } from './quality-browser.mjs';
import { renderMarkdown } from './render.mjs';
import { SOAK_MINUTES, runSoakBench } from './soak.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const argv = process.argv.slice(2);
const has = (flag) => argv.includes(flag);
const value = (flag, fallback) => {
  const i = argv.indexOf(flag);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
};
const quick = has('--quick');
const backends = value('--backends', 'wasm,cpu').split(',');
const runs = quick ? 2 : 3;
const seconds = quick ? 2 : 4;
const budget = value('--budget', quick ? '20' : '60');
/** Sampling latency: training steps before timing, timed runs per family (after one warm-up). */
const trainSteps = quick ? 200 : 300;
const samplingRuns = quick ? 3 : 5;
const log = (...xs) => console.error('[bench]', ...xs);
const list = (flag) => value(flag, '').split(',').filter(Boolean);
const only = value('--only', '');
const outDir = path.join(here, 'results');
const latestJson = path.join(outDir, 'latest.json');

/** The previous report, if there is one (a partial run merges into it). */
function readLatest() {
  try {
    return JSON.parse(readFileSync(latestJson, 'utf8'));
  } catch {
    return undefined;
  }
}

function machine() {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverageAtEnd: os.loadavg().map((x) => +x.toFixed(2)),
  };
}

function write(results) {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(latestJson, JSON.stringify(results, null, 2) + '\n');
  const md = renderMarkdown(results);
  writeFileSync(path.join(outDir, 'latest.md'), md);
  return md;
}

/**
 * Issue 13's part in Chromium (bench/quality-browser.mjs): each family's steps/s and the quality
 * table, with --families / --datasets / --quality-budget. Adds its rows, env and run record to `results`.
 */
async function runQualityPart(results) {
  const started = new Date().toISOString();
  const loadAverageAtStart = os.loadavg().map((x) => +x.toFixed(2));
  log('issue 13: steps/s and the quality table in Chromium…');
  const q = await runQualityBrowserBench({
    families: list('--families'),
    datasets: list('--datasets'),
    budgetSeconds: Number(value('--quality-budget', String(QUALITY_BUDGET_SECONDS))),
    quick,
    log,
  });
  const rows = [...q.throughput, ...q.quality, ...(q.odeSteps ?? [])];
  const merged = mergeRows(results.rows, rows);
  // Rows of an earlier run that this one did not measure again (a partial run merged into the report).
  const earlier = merged.filter(isQualityPartRow).length > rows.length ? (results.qualityRun?.earliest ?? results.qualityRun?.started) : undefined;
  results.rows = merged;
  if (q.env) results.env.qualityBrowser = q.env;
  results.qualityRun = { started, finished: new Date().toISOString(), loadAverageAtStart, loadAverageAtEnd: os.loadavg().map((x) => +x.toFixed(2)), ...(earlier ? { earliest: earlier } : {}) };
  results.skipped = results.skipped.filter((s) => s.part !== 'quality table in Chromium');
  if (q.skipped) results.skipped.push({ part: 'quality table in Chromium', reason: q.skipped });
}

/**
 * `--only quality`: measure that part alone and merge it into the previous latest.json (fresh rows
 * replace the ones they measure again; every other row, cell and section stays).
 */
async function onlyQuality() {
  const previous = readLatest();
  const results = previous ?? { started: new Date().toISOString(), quick, loadAverageAtStart: os.loadavg().map((x) => +x.toFixed(2)), env: {}, rows: [], skipped: [] };
  if (!previous) results.machine = machine();
  await runQualityPart(results);
  if (!previous) results.finished = new Date().toISOString();
  process.stdout.write(write(results));
}

/**
 * `--soak`: issue 18's soak alone (bench/soak.mjs), merged into the previous latest.json like
 * `--only quality` (the soak rows it measures replace their old ones; everything else stays).
 */
async function onlySoak() {
  const previous = readLatest();
  const results = previous ?? { started: new Date().toISOString(), quick, loadAverageAtStart: os.loadavg().map((x) => +x.toFixed(2)), env: {}, rows: [], skipped: [] };
  if (!previous) results.machine = machine();
  const started = new Date().toISOString();
  const trainer = value('--soak-trainer', '');
  if (trainer && trainer !== 'tfjs') throw new Error(`--soak-trainer ${trainer}: only tfjs (the default is the widget's own, the fused kernels)`);
  const soak = await runSoakBench({ families: list('--families'), minutes: Number(value('--soak-minutes', String(SOAK_MINUTES))), trainer: trainer || undefined, log });
  results.rows = mergeRows(results.rows, soak.rows);
  if (soak.env) results.env.soak = soak.env;
  results.soakRun = { started, finished: new Date().toISOString() };
  results.skipped = results.skipped.filter((s) => s.part !== 'soak');
  if (soak.skipped) results.skipped.push({ part: 'soak', reason: soak.skipped });
  if (!previous) results.finished = new Date().toISOString();
  process.stdout.write(write(results));
}

/** Run one bench/*.run.ts file under vitest with the given settings; resolves to its { env, rows }. */
function runPart(file, settings) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  const out = path.join(dir, 'result.json');
  const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
  const env = { ...process.env, BENCH_OUT: out };
  for (const [k, v] of Object.entries(settings)) env[`BENCH_${k.toUpperCase()}`] = String(v);
  const child = spawn(process.execPath, [vitest, 'run', '--config', 'bench/vitest.config.ts', file], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const errors = [];
  // Progress lines from the bench itself ([bench] …) are shown as they come; vitest's chatter is not.
  const watch = (stream) => {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop();
      for (const line of lines) {
        if (line.includes('[bench]')) console.error(line.slice(line.indexOf('[bench]')));
        else if (/Error|FAIL/.test(line) && errors.length < 4) errors.push(line.trim());
      }
    });
  };
  watch(child.stdout);
  watch(child.stderr);
  return new Promise((resolve, reject) => {
    child.on('close', (status) => {
      try {
        resolve(JSON.parse(readFileSync(out, 'utf8')));
      } catch {
        reject(new Error(`${file} on ${settings.backend} produced no result (exit ${status}): ${errors.join(' | ')}`));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

/**
 * The first Python that can import torch: --python, else python3 on PATH, else the system's
 * /usr/bin/python3 (Debian's python3-torch lives there; a pyenv python3 may shadow it).
 */
function findTorchPython() {
  const reasons = [];
  for (const python of [value('--python', ''), 'python3', '/usr/bin/python3'].filter(Boolean)) {
    const r = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
    if (r.status === 0) return { ok: true, python, version: r.stdout.trim() };
    reasons.push(`${python}: ${(r.stderr || r.error?.message || 'failed').trim().split('\n').pop()}`);
  }
  return { ok: false, reason: `no Python with torch (${reasons.join('; ')})` };
}

/** The native reference script: --torch-script, else a copy in bench/, else the shared one. */
const torchScript = [value('--torch-script', ''), path.join(here, 'bench_torch.py'), '/work/shared/reference/bench_torch.py'].find(
  (p) => p && existsSync(p),
);

function runTorch(python, workload) {
  const args = [torchScript, workload, '--threads', '1', '--runs', String(runs)];
  if (quick) args.push('--steps', '1000', '--warmup', '100');
  const r = spawnSync(python, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`bench_torch.py ${workload} failed: ${r.stderr.trim().split('\n').pop()}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

/** Run one part on every backend: its env and rows go into results, a failure into results.skipped. */
async function runOnBackends(results, file, label, settings, only = backends) {
  for (const backend of only) {
    log(`tfjs ${backend}: ${label}…`);
    try {
      const out = await runPart(file, { ...settings, backend });
      results.env[backend] = out.env;
      results.rows.push(...out.rows);
    } catch (e) {
      log(e.message);
      results.skipped.push({ part: `${label} on ${backend}`, reason: e.message });
    }
  }
}

/**
 * A part measured on the built site in Chromium: its fresh rows replace the rows `isRow` picks,
 * its env goes under `results.env[part]`, and a skip says why.
 */
async function runSitePart(results, part, measure, isRow) {
  const out = await measure();
  results.rows = mergeRows(results.rows.filter((row) => !isRow(row)), out.rows);
  if (out.env) results.env[part] = out.env;
  results.skipped = results.skipped.filter((s) => s.part !== part);
  if (out.skipped) results.skipped.push({ part, reason: out.skipped });
}

/** Issue 16's arena (bench/arena.mjs). */
const runArenaPart = (results) =>
  runSitePart(results, 'arena', () => runArenaBench({ budget: Number(value('--arena-budget', String(ARENA_BUDGET_SECONDS))), log }), isArenaRow);

/** Issue 17's digits lab (bench/digits.mjs). */
const runDigitsPart = (results) =>
  runSitePart(results, 'digits', () => runDigitsBench({ scratchLimit: Number(value('--scratch-limit', String(SCRATCH_LIMIT_SECONDS))), log }), isDigitsRow);

/** `--arena`, `--digits`: that part alone, merged into the previous latest.json like `--soak`. */
async function onlyPart(part, runPart) {
  const previous = readLatest();
  const results = previous ?? { started: new Date().toISOString(), quick, loadAverageAtStart: os.loadavg().map((x) => +x.toFixed(2)), env: {}, rows: [], skipped: [] };
  if (!previous) results.machine = machine();
  await runPart(results);
  results[`${part}Run`] = { finished: new Date().toISOString() };
  if (!previous) results.finished = new Date().toISOString();
  process.stdout.write(write(results));
}

async function main() {
  if (has('--soak')) return onlySoak();
  if (has('--arena')) return onlyPart('arena', runArenaPart);
  if (has('--digits')) return onlyPart('digits', runDigitsPart);
  if (only) {
    if (only !== 'quality') throw new Error(`--only ${only}: only the quality part runs alone here (node bench/run.mjs --only quality); the other parts have their own scripts (see bench/README.md)`);
    return onlyQuality();
  }
  const started = new Date();
  const results = { started: started.toISOString(), quick, loadAverageAtStart: os.loadavg().map((x) => +x.toFixed(2)), env: {}, rows: [], skipped: [] };
  const settings = { runs, seconds, budget, families: value('--families', '') };
  // Reference workloads first, for every backend, then PyTorch right after them (the machine's
  // load drifts: keep the runs that are compared close in time), then the families.
  await runOnBackends(results, 'bench/reference.run.ts', 'reference workloads', settings);

  // The fused fast path (src/models/fast: WebAssembly SIMD kernels, no tfjs), same workloads, next to tfjs.
  if (!has('--no-fast')) {
    log('fast path: reference workloads…');
    try {
      const out = await runPart('bench/fast.run.ts', { ...settings, backend: 'fast' });
      results.env.fast = out.env;
      results.rows.push(...out.rows);
    } catch (e) {
      log(e.message);
      results.skipped.push({ part: 'fast path', reason: e.message });
    }
  }

  const torch = has('--no-torch')
    ? { ok: false, reason: 'skipped by --no-torch' }
    : !torchScript
      ? { ok: false, reason: 'bench_torch.py not found (pass --torch-script <path>)' }
      : findTorchPython();
  if (torch.ok) {
    for (const w of ['diffusion', 'gan']) {
      log(`torch ${w}…`);
      try {
        const t = runTorch(torch.python, w);
        results.env.torch = { torch: t.torch, python: t.python, threads: t.threads, blas: t.loaded_blas };
        results.rows.push({ where: 'torch', backend: 'cpu, 1 thread', workload: t.workload, stepsPerSec: t.steps_per_sec_median, stepsPerSecRuns: t.steps_per_sec_runs, finalLoss: t.final_loss ?? t.final_lossG });
      } catch (e) {
        results.skipped.push({ part: `torch ${w}`, reason: e.message });
      }
    }
  } else {
    log(`PyTorch comparison skipped: ${torch.reason}`);
    results.skipped.push({ part: 'torch', reason: torch.reason });
  }


  if (has('--no-families')) results.skipped.push({ part: 'families', reason: 'skipped by --no-families' });
  else await runOnBackends(results, 'bench/families.run.ts', 'families', settings);

  if (has('--no-sampling')) results.skipped.push({ part: 'sampling latency', reason: 'skipped by --no-sampling' });
  // wasm only: on the cpu backend the flow, EBM and diffusion samplers take minutes per run.
  else await runOnBackends(results, 'bench/sampling.run.ts', 'sampling latency', { ...settings, runs: samplingRuns, trainSteps }, backends.filter((b) => b === 'wasm'));

  // One Chromium page (bench/browser-fast/, a module worker) runs the fast path and the sampling latency.
  const chromiumParts = [...(has('--no-fast') ? [] : ['fast', 'tfjs-wasm']), ...(has('--no-sampling') ? [] : ['sampling'])];
  if (chromiumParts.length) {
    const page = await runFastBrowserBench({ quick, log, trainSteps, parts: chromiumParts, isolatedParts: [...(has('--no-fast') ? [] : ['fast-threads']), ...(has('--no-sampling') ? [] : ['sampling-threads'])] });
    results.rows.push(...page.rows);
    if (page.env) results.env.fastBrowser = page.env;
    if (page.skipped) results.skipped.push({ part: `${chromiumParts.join(', ')} in Chromium`, reason: page.skipped });
  }
  if (has('--no-quality')) {
    // Keep the quality rows of the previous report rather than losing them (a partial run must not erase them).
    const previous = readLatest();
    const kept = (previous?.rows ?? []).filter(isQualityPartRow);
    results.rows.push(...kept);
    if (kept.length && previous.env?.qualityBrowser) results.env.qualityBrowser = previous.env.qualityBrowser;
    if (kept.length && previous.qualityRun) results.qualityRun = { ...previous.qualityRun, carriedOver: true };
    results.skipped.push({ part: 'quality table in Chromium', reason: `skipped by --no-quality${kept.length ? `; ${kept.length} rows kept from the previous report` : ''}` });
  } else await runQualityPart(results);

  const browser = await runBrowserBench({ quick, log });
  results.rows.push(...browser.rows);
  if (browser.pageWeight) results.pageWeight = browser.pageWeight;
  if (browser.env) results.env.browser = browser.env;
  if (browser.skipped) results.skipped.push({ part: 'browser', reason: browser.skipped });

  if (has('--no-arena')) results.skipped.push({ part: 'arena', reason: 'skipped by --no-arena' });
  else await runArenaPart(results);

  if (has('--no-digits')) results.skipped.push({ part: 'digits', reason: 'skipped by --no-digits' });
  else await runDigitsPart(results);

  if (has('--no-lighthouse')) results.skipped.push({ part: 'Lighthouse', reason: 'skipped by --no-lighthouse' });
  else {
    log('Lighthouse on the built site…');
    const lh = await runLighthouse({ quick, log });
    if (lh.skipped) results.skipped.push({ part: 'Lighthouse', reason: lh.skipped });
    else results.lighthouse = lh;
  }

  // The soak takes an hour (bench/soak.mjs, `--soak`): keep its rows of the previous report.
  const previous = readLatest();
  const soakRows = (previous?.rows ?? []).filter(isSoakRow);
  if (soakRows.length) {
    results.rows.push(...soakRows);
    if (previous.env?.soak) results.env.soak = previous.env.soak;
    if (previous.soakRun) results.soakRun = { ...previous.soakRun, carriedOver: true };
  }

  results.machine = machine();
  results.finished = new Date().toISOString();
  process.stdout.write(write(results));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
