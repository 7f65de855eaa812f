/**
 * A tiny static server for the built site, like GitHub Pages: dist/ is served under the base
 * path (default /generative-in-your-browser/) on 127.0.0.1 and a random port; anything outside
 * the base is a 404, a directory without its trailing slash is redirected, a missing file gets
 * dist/404.html with status 404. MIME types include application/wasm (tfjs's wasm backend).
 * With `gzip: true`, text responses are gzip-compressed when the client accepts it, as GitHub
 * Pages serves them (the Lighthouse bench measures the site as readers receive it).
 */
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';

export const TEST_BASE = '/generative-in-your-browser/';
export const DIST = resolve(process.cwd(), 'dist');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.bin': 'application/octet-stream',
  // Pagefind's index files
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pagefind': 'application/octet-stream',
};

/** Types a static host compresses (GitHub Pages gzips text; images, fonts and binaries go as they are). */
const COMPRESSIBLE = /^(text\/|application\/(json|xml|manifest\+json)|image\/svg\+xml)/;

export function mimeType(path: string): string {
  return MIME[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export type Resolution =
  | { kind: 'file'; file: string }
  | { kind: 'redirect'; location: string }
  | { kind: 'missing' };

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}

async function isDir(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() ?? false;
}

/** Maps a URL path to a file of root, the way GitHub Pages does. Shared with the link checker. */
export async function resolvePath(root: string, base: string, urlPath: string): Promise<Resolution> {
  if (!urlPath.startsWith(base)) return { kind: 'missing' };
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath.slice(base.length));
  } catch {
    return { kind: 'missing' };
  }
  const path = normalize(join(root, rel));
  if (path !== root && !path.startsWith(root + sep)) return { kind: 'missing' };
  if (rel === '' || rel.endsWith('/')) {
    const index = join(path, 'index.html');
    return (await isFile(index)) ? { kind: 'file', file: index } : { kind: 'missing' };
  }
  if (await isFile(path)) return { kind: 'file', file: path };
  if (await isDir(path)) return { kind: 'redirect', location: `${urlPath}/` };
  return { kind: 'missing' };
}

export interface StaticServer {
  origin: string;
  /** origin + base, e.g. http://127.0.0.1:40123/generative-in-your-browser/ */
  url: string;
  base: string;
  root: string;
  close(): Promise<void>;
}

/** A response a test puts in place of a path's file (or of a missing one), e.g. a later deploy's script. */
export interface Override {
  body: string;
  type: string;
  /** Only for a service worker's script fetch (`Service-Worker: script`), or only for the others. */
  only?: 'service-worker' | 'others';
}

function overrideApplies(override: Override | undefined, serviceWorkerFetch: boolean): override is Override {
  return override !== undefined && (override.only === undefined || (override.only === 'service-worker') === serviceWorkerFetch);
}

export async function startStaticServer(
  options: { root?: string; base?: string; gzip?: boolean; overrides?: Map<string, Override> } = {},
): Promise<StaticServer> {
  const root = options.root ?? DIST;
  const base = options.base ?? TEST_BASE;
  const server: Server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const override = options.overrides?.get(url.pathname);
      if (overrideApplies(override, req.headers['service-worker'] === 'script')) {
        res.writeHead(200, { 'Content-Type': override.type, 'Cache-Control': 'no-cache' });
        res.end(req.method === 'HEAD' ? undefined : override.body);
        return;
      }
      const found = await resolvePath(root, base, url.pathname);
      if (found.kind === 'redirect') {
        res.writeHead(301, { Location: found.location + url.search });
        res.end();
        return;
      }
      if (found.kind === 'missing') {
        const notFound = join(root, '404.html');
        const body = (await isFile(notFound)) ? await readFile(notFound) : Buffer.from('Not found');
        res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end(req.method === 'HEAD' ? undefined : body);
        return;
      }
      const type = mimeType(found.file);
      const compress = options.gzip && COMPRESSIBLE.test(type) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
      const body = compress ? gzipSync(await readFile(found.file)) : await readFile(found.file);
      const encoding = compress ? { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } : {};
      res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length, 'Cache-Control': 'no-cache', ...encoding });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (err) {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(err));
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: origin + base,
    base,
    root,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
