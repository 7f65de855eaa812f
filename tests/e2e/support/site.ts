/**
 * What the e2e suite knows about the built site: its pages (every HTML file in dist/), the ids
 * each page defines, and a link checker that resolves internal links and #anchors against the
 * built files the way GitHub Pages would serve them.
 */
import { readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { DIST, TEST_BASE, resolvePath } from './static-server';

export interface SitePage {
  /** URL path under the base, e.g. /generative-in-your-browser/en/introduction/ */
  path: string;
  file: string;
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full)));
    else out.push(full);
  }
  return out;
}

/** Throws with the command to run when dist/ is missing or was built without the test base. */
export async function assertTestBuild(root = DIST, base = TEST_BASE): Promise<void> {
  const index = join(root, 'index.html');
  if (!existsSync(index)) {
    throw new Error(`${index} does not exist: build the site for the tests first with \`npm run build:test\`.`);
  }
  const html = await readFile(index, 'utf8');
  if (!html.includes(`href="${base}`)) {
    throw new Error(`dist/ was not built with the base ${base}: run \`npm run build:test\` (not \`npm run build\`) before the e2e tests.`);
  }
  if (!existsSync(join(root, 'pagefind'))) {
    throw new Error('dist/pagefind/ is missing: the build runs `pagefind --site dist` after `astro build`; run `npm run build:test`.');
  }
}

/** Every HTML page of the site (Pagefind's own files excluded), sorted by path. */
export async function discoverPages(root = DIST, base = TEST_BASE): Promise<SitePage[]> {
  await assertTestBuild(root, base);
  const files = (await walk(root)).filter((f) => f.endsWith('.html') && !relative(root, f).startsWith(`pagefind${sep}`));
  return files
    .map((file) => {
      const rel = relative(root, file).split(sep).join('/');
      const path = base + (rel === 'index.html' ? '' : rel.endsWith('/index.html') ? rel.slice(0, -'index.html'.length) : rel);
      return { path, file };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** Article pages: /<base>/<lang>/<slug>/ (not the index, tags or search pages). */
export function articlePaths(pages: SitePage[], lang: 'ko' | 'en', base = TEST_BASE): string[] {
  const re = new RegExp(`^${base}${lang}/(?!tags/|search/|glossary/|arena/|digits/)[^/]+/$`);
  return pages.map((p) => p.path).filter((p) => re.test(p));
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? m;
  });
}

const idCache = new Map<string, Set<string>>();

/** The ids (and legacy <a name>s) defined in a built HTML file. */
export async function idsOf(file: string): Promise<Set<string>> {
  let ids = idCache.get(file);
  if (!ids) {
    const html = await readFile(file, 'utf8');
    ids = new Set([...html.matchAll(/\s(?:id|name)="([^"]*)"/g)].map((m) => decodeEntities(m[1])));
    idCache.set(file, ids);
  }
  return ids;
}

/**
 * Checks one link found on a page. Returns a problem description, or null when the link is
 * fine. Links to other sites are not followed (the tests never leave 127.0.0.1).
 */
export async function checkInternalLink(href: string, origin: string, root = DIST, base = TEST_BASE): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return `unparseable link ${href}`;
  }
  if (url.origin !== origin) return null;
  const found = await resolvePath(root, base, url.pathname);
  if (found.kind === 'missing') return `broken link ${url.pathname}${url.hash}`;
  if (found.kind === 'redirect') return `link without its trailing slash ${url.pathname} (write ${found.location})`;
  if (url.hash.length > 1 && found.file.endsWith('.html')) {
    const id = decodeURIComponent(url.hash.slice(1));
    if (!(await idsOf(found.file)).has(id)) return `broken anchor ${url.pathname}${url.hash} (no element with id "${id}")`;
  }
  return null;
}
