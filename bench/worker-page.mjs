/**
 * The Chromium harness the browser benchmarks share: builds a page folder under bench/ with Vite
 * (the kernels and tfjs's wasm load as on the site: assets fetched in a module Web Worker), serves
 * it on 127.0.0.1 under /plain/ (no headers: one thread, as GitHub Pages serves the site today) and
 * /isolated/ (COOP/COEP: cross-origin isolated, two threads), and opens Debian's Chromium through
 * playwright-core with a fresh profile. `close()` removes the build and the profile.
 */
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

/**
 * Builds bench/<folder>/ and opens Chromium on it. Returns the browser context, the page's base URL
 * (`${base}/plain/index.html` or `${base}/isolated/index.html`) and close().
 */
export async function openWorkerPage(folder) {
  const { build } = await import('vite');
  const { chromium } = await import('playwright-core');
  const outDir = await mkdtemp(path.join(os.tmpdir(), `${folder}-site-`));
  const profile = await mkdtemp(path.join(os.tmpdir(), `${folder}-profile-`));
  let server;
  let context;
  const close = async () => {
    await context?.close();
    server?.close();
    await rm(outDir, { recursive: true, force: true });
    await rm(profile, { recursive: true, force: true });
  };
  try {
    await build({
      configFile: false,
      root: path.join(here, folder),
      base: './',
      logLevel: 'error',
      build: { outDir, emptyOutDir: true, target: 'es2022' },
      worker: { format: 'es' },
    });
    server = await serve(outDir);
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
    return { context, base: `http://127.0.0.1:${server.address().port}`, close };
  } catch (e) {
    await close();
    throw e;
  }
}
