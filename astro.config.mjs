// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { rehypeFailOnKatexError } from './src/lib/rehype-fail-on-katex-error.mjs';
import { remarkCitations } from './src/lib/remark-citations.mjs';
import { remarkGlossaryWords } from './src/lib/remark-glossary-words.mjs';
import { remarkFigureAlt } from './src/lib/remark-figure-alt.mjs';
import { remarkEmpiricalPData } from './src/lib/remark-empirical-p-data.mjs';
import { rehypeArticleHeadings } from './src/lib/rehype-article-headings.mjs';
import { rehypeEarlyMathFonts } from './src/lib/rehype-early-math-fonts.mjs';
import { katexWoff2Only } from './src/lib/vite-katex-woff2-only.mjs';
import { katexFontSubset } from './src/lib/katex-font-subset.mjs';
import { contentSecurityPolicy } from './src/lib/content-security-policy.mjs';

// Where the site is served. GitHub Pages project sites live under /<repo>/, so both come from
// the environment (the deploy workflow sets them from actions/configure-pages); the defaults
// serve the site at a domain root for local work.
const site = process.env.SITE_URL ?? 'http://localhost:4321';
const base = process.env.SITE_BASE ?? '/';

export default defineConfig({
  site,
  base,
  trailingSlash: 'always',
  // Stylesheets inline in each page (about 9 KB gzip): a reader's first page then paints without
  // waiting for a second and third request (Lighthouse mobile: FCP 1.1–1.8 s → 0.9–1.7 s).
  build: { format: 'directory', inlineStylesheets: 'always' },
  integrations: [
    mdx(),
    sitemap({
      // The search pages hold no content of their own.
      filter: (page) => !/\/search\/$/.test(page),
      i18n: { defaultLocale: 'en', locales: { en: 'en-US', ko: 'ko-KR' } },
    }),
    // After the build: each KaTeX font cut down to the characters the site's math uses
    // (250 kB → 183 kB in all; the fonts en/diffusion/ loads, 87 kB → 50 kB).
    katexFontSubset(),
    // Last: each page's Content-Security-Policy, with the hashes of its inline scripts and styles
    // as they finally stand (docs/DESIGN.md, "Content Security Policy").
    contentSecurityPolicy(),
  ],
  markdown: {
    // astro 7 runs remark/rehype plugins only through @astrojs/markdown-remark's processor.
    processor: unified({
      remarkPlugins: [remarkMath, remarkCitations, remarkGlossaryWords, remarkFigureAlt, remarkEmpiricalPData],
      rehypePlugins: [[rehypeKatex, { strict: 'error' }], rehypeFailOnKatexError, rehypeArticleHeadings, rehypeEarlyMathFonts],
    }),
  },
  vite: {
    plugins: [katexWoff2Only()],
    worker: { format: 'es' },
    build: {
      rolldownOptions: {
        // Astro's MDX modules carry a "use astro:head-inject" directive that the bundler reports
        // once per article; it is expected and harmless, and it buried real warnings.
        onwarn(warning, warn) {
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && String(warning.message).includes('astro:head-inject')) return;
          warn(warning);
        },
      },
    },
  },
});
