/**
 * Visits every page of the built site and asserts what a reader must never meet: console
 * errors, failed requests, requests to another origin, broken internal links or anchors, a red
 * `.katex-error`, accessibility violations (axe-core), a TOC link to nowhere, a missing or loose
 * Content-Security-Policy or referrer policy, or a CSP violation.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { useSiteAndBrowser } from './support/site-and-browser';
import AxeBuilder from '@axe-core/playwright';
import { type StaticServer } from './support/static-server';
import { openPage, type Browser } from './support/browser';
import { checkInternalLink, discoverPages } from './support/site';
import { cspProblems } from './support/csp';

const pages = await discoverPages();

let server: StaticServer;
let browser: Browser;

useSiteAndBrowser((s, b) => {
  server = s;
  browser = b;
});

describe(`every page of the built site (${pages.length} pages)`, () => {
  for (const { path, file } of pages) {
    it(path, async () => {
      const monitored = await openPage(browser.context, server.origin);
      const { page } = monitored;
      const problems: string[] = cspProblems(await readFile(file, 'utf8'));
      try {
        const response = await page.goto(server.origin + path, { waitUntil: 'load' });
        if (!response || response.status() !== 200) problems.push(`status ${response?.status()} for ${path}`);
        await page.waitForLoadState('networkidle');

        const katexErrors = await page.locator('.katex-error').count();
        if (katexErrors) problems.push(`${katexErrors} .katex-error element(s): a formula failed to typeset`);

        // Same-page anchors against the live DOM, other pages against the built files.
        const links = await page.$$eval('a[href]', (as) =>
          as.map((a) => ({ href: (a as HTMLAnchorElement).href, raw: a.getAttribute('href') ?? '' })),
        );
        const here = new URL(server.origin + path);
        for (const { href, raw } of links) {
          const url = new URL(href);
          if (url.origin === here.origin && url.pathname === here.pathname && url.hash.length > 1) {
            const id = decodeURIComponent(url.hash.slice(1));
            const exists = await page.evaluate((i) => document.getElementById(i) !== null, id);
            if (!exists) problems.push(`broken anchor ${raw} (no element with id "${id}")`);
            continue;
          }
          const problem = await checkInternalLink(href, server.origin);
          if (problem) problems.push(`${problem} (href="${raw}")`);
        }

        // The table of contents points at headings of this page.
        const tocTargets = await page.$$eval('#toc a[href^="#"]', (as) =>
          as.map((a) => {
            const id = decodeURIComponent((a as HTMLAnchorElement).hash.slice(1));
            const target = document.getElementById(id);
            return { id, tag: target?.tagName.toLowerCase() ?? null };
          }),
        );
        for (const { id, tag } of tocTargets) {
          if (!tag || !/^h[23]$/.test(tag)) problems.push(`TOC link #${id} does not point at an h2/h3 (found ${tag ?? 'nothing'})`);
        }

        // KaTeX's visual HTML is aria-hidden (its MathML twin is what assistive technology reads)
        // and makes up most of a long article's DOM; leaving it out keeps axe to seconds a page.
        const axe = await new AxeBuilder({ page }).exclude('.katex').analyze();
        for (const v of axe.violations) {
          const where = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ');
          problems.push(`axe ${v.id} (${v.impact}): ${v.help} at ${where}${v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : ''}`);
        }

        problems.push(...monitored.report());
      } finally {
        await page.close();
      }
      expect(problems, `${path}:\n  ${problems.join('\n  ')}`).toEqual([]);
    }, 180_000);
  }
});
