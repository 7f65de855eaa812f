// The site's Content-Security-Policy, written into every built page as
// <meta http-equiv="Content-Security-Policy"> (GitHub Pages sends no headers of ours).
// Why each source is allowed: docs/DESIGN.md, "Content Security Policy".
//
// Inline <script> and <style> elements are allowed by their SHA-256 hashes, computed per page after
// the build from the exact text the browser will hash, so no 'unsafe-inline' for either. Astro's own
// `security.csp` hashes only the scripts it bundles, not `is:inline` ones (the theme script, the
// coi-serviceworker settings, the search loader), hence this integration.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'parse5';
import { htmlFiles } from './html-files.mjs';

/** The fixed part of the policy; `policyFor` adds each page's hashes to script-src and style-src. */
export const BASE_POLICY = {
  'default-src': ["'none'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'style-src': ["'self'"],
  // KaTeX positions every glyph with a style attribute (hundreds of distinct values a page).
  'style-src-attr': ["'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'worker-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'none'"],
};

/** The referrer policy every page declares (<meta name="referrer">, see BaseLayout.astro). */
export const REFERRER_POLICY = 'no-referrer';

/** 'sha256-…' of a string as a browser hashes an inline element's text (its UTF-8 bytes). */
export function sha256Source(text) {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

function* elements(node) {
  for (const child of node.childNodes ?? []) {
    if (child.tagName) yield child;
    yield* elements(child.tagName === 'template' ? child.content : child);
  }
}

const textOf = (el) => el.childNodes.map((c) => c.value ?? '').join('');
const hasAttr = (el, name) => el.attrs.some((a) => a.name === name);

/** The hashes of a page's inline scripts (those without src) and <style> elements, in page order. */
export function inlineHashes(html) {
  const scripts = [];
  const styles = [];
  for (const el of elements(parse(html))) {
    if (el.tagName === 'script' && !hasAttr(el, 'src')) scripts.push(sha256Source(textOf(el)));
    else if (el.tagName === 'style') styles.push(sha256Source(textOf(el)));
  }
  const unique = (list) => [...new Set(list)];
  return { scripts: unique(scripts), styles: unique(styles) };
}

/** The policy text for one page. */
export function policyFor(html) {
  const { scripts, styles } = inlineHashes(html);
  const directives = { ...BASE_POLICY };
  directives['script-src'] = [...BASE_POLICY['script-src'], ...scripts];
  directives['style-src'] = [...BASE_POLICY['style-src'], ...styles];
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/**
 * The page with its policy as the first element after <meta charset> (a policy in a meta tag
 * governs only what comes after it). Throws for a page without <meta charset> at the top of <head>,
 * or one that already has a policy, rather than ship it unprotected or twice.
 */
export function withContentSecurityPolicy(html, label = 'page') {
  if (/<meta\s+http-equiv=["']?content-security-policy/i.test(html)) {
    throw new Error(`${label} already has a Content-Security-Policy meta tag`);
  }
  const charset = /<head>\s*<meta charset="?utf-8"?\s*\/?>/i.exec(html);
  if (!charset) throw new Error(`${label}: no <meta charset="utf-8"> at the top of <head> to put the Content-Security-Policy after`);
  const at = charset.index + charset[0].length;
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policyFor(html)}">`;
  return html.slice(0, at) + meta + html.slice(at);
}

/** Adds the policy to every HTML page of a built site, in place; returns how many pages. */
export async function addContentSecurityPolicyIn(distDir) {
  const pages = (await htmlFiles(distDir)).filter((f) => !relative(distDir, f).startsWith(`pagefind${sep}`));
  for (const file of pages) {
    const html = await readFile(file, 'utf8');
    await writeFile(file, withContentSecurityPolicy(html, relative(distDir, file)));
  }
  return pages.length;
}

/**
 * After the build (and after every integration that rewrites pages: keep it last in the list),
 * each page gets its policy.
 * @returns {import('astro').AstroIntegration}
 */
export function contentSecurityPolicy() {
  return {
    name: 'content-security-policy',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const pages = await addContentSecurityPolicyIn(fileURLToPath(dir));
        logger.info(`Content-Security-Policy added to ${pages} pages`);
      },
    },
  };
}
