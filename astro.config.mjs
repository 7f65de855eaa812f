// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { rehypeFailOnKatexError } from './src/lib/rehype-fail-on-katex-error.mjs';

// Where the site is served. GitHub Pages project sites live under /<repo>/, so both come from
// the environment (the deploy workflow sets them from actions/configure-pages); the defaults
// serve the site at a domain root for local work.
const site = process.env.SITE_URL ?? 'http://localhost:4321';
const base = process.env.SITE_BASE ?? '/';

export default defineConfig({
  site,
  base,
  trailingSlash: 'always',
  build: { format: 'directory' },
  integrations: [mdx(), sitemap()],
  markdown: {
    // astro 7 runs remark/rehype plugins only through @astrojs/markdown-remark's processor.
    processor: unified({
      remarkPlugins: [remarkMath],
      rehypePlugins: [[rehypeKatex, { strict: 'error' }], rehypeFailOnKatexError],
    }),
  },
  vite: {
    worker: { format: 'es' },
  },
});
