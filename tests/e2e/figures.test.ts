/**
 * The articles' static figures (src/components/figures, issue 15): on every article in both
 * languages, each figure is one labelled picture (role=img with a non-empty aria-label, a
 * numbered caption), it renders (an SVG with drawn content and a non-zero size), and at a 390 px
 * phone width it causes no horizontal overflow, in the light and in the dark theme.
 */
import { describe, expect, it } from 'vitest';
import { useSiteAndBrowser } from './support/site-and-browser';
import { type StaticServer } from './support/static-server';
import { openPage, type Browser } from './support/browser';
import { articlePaths, discoverPages } from './support/site';

const pages = await discoverPages();

let server: StaticServer;
let browser: Browser;

useSiteAndBrowser((s, b) => {
  server = s;
  browser = b;
});

interface FigureReport {
  label: string;
  caption: string;
  width: number;
  height: number;
  shapes: number;
  overflows: boolean;
}

describe('figures in the articles', () => {
  for (const lang of ['ko', 'en'] as const) {
    it(`${lang}: every figure is a labelled, drawn picture that fits a 390 px phone in both themes; at least 12 in all`, async () => {
      let total = 0;
      const problems: string[] = [];
      for (const theme of ['light', 'dark'] as const) {
        for (const path of articlePaths(pages, lang)) {
          const monitored = await openPage(browser.context, server.origin);
          const { page } = monitored;
          try {
            await page.setViewportSize({ width: 390, height: 844 });
            await page.emulateMedia({ colorScheme: theme });
            await page.goto(server.origin + path, { waitUntil: 'load' });
            const figures: FigureReport[] = await page.$$eval('figure.figure', (els) =>
              els.map((el) => {
                const picture = el.querySelector('[role=img]');
                const svg = el.querySelector('svg');
                const box = svg?.getBoundingClientRect();
                return {
                  label: picture?.getAttribute('aria-label') ?? '',
                  caption: el.querySelector('figcaption')?.textContent?.trim() ?? '',
                  width: box?.width ?? 0,
                  height: box?.height ?? 0,
                  shapes: svg ? svg.querySelectorAll('path, line, circle, rect, text').length : 0,
                  overflows: box ? box.right > window.innerWidth + 0.5 : true,
                };
              }),
            );
            if (theme === 'light') total += figures.length;
            figures.forEach((f, i) => {
              const where = `${path} (${theme}) figure ${i + 1}`;
              if (!f.label.trim()) problems.push(`${where}: no aria-label (the Figure's alt)`);
              if (!f.caption) problems.push(`${where}: no caption`);
              if (f.width < 200 || f.height < 80 || f.shapes < 3) problems.push(`${where}: not drawn (${f.width}×${f.height}, ${f.shapes} shapes)`);
              if (f.overflows) problems.push(`${where}: wider than the screen`);
            });
            const pageOverflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 0.5);
            if (pageOverflow) problems.push(`${path} (${theme}): the page scrolls sideways at 390 px`);
            expect(monitored.report(), path).toEqual([]);
          } finally {
            await page.close();
          }
        }
      }
      expect(problems).toEqual([]);
      expect(total).toBeGreaterThanOrEqual(12);
    }, 300_000);
  }
});
