import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

/** One numbered reference; cited in the text as [@id] (see src/lib/remark-citations.mjs). */
const reference = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, 'reference id must be lower-case kebab-case'),
  authors: z.string().min(1),
  title: z.string().min(1),
  year: z.number().int().min(1700).max(2100),
  venue: z.string().optional(),
  url: z.url({ protocol: /^https$/, error: 'reference URLs must be https URLs' }),
  arxiv: z.string().regex(/^\d{4}\.\d{4,5}$/, 'arXiv ids look like 2006.11239').optional(),
});

/**
 * Articles live at the top level in content/<lang>/<slug>.mdx. The entry id is "<lang>/<slug>";
 * `key` links the Korean and English editions of one article (a missing twin fails the build:
 * see src/lib/articles.ts).
 */
const articles = defineCollection({
  // CONTENT_DIR lets a test build a fixture set of articles instead of content/.
  loader: glob({ base: process.env.CONTENT_DIR ?? './content', pattern: '{ko,en}/**/*.mdx' }),
  schema: z.object({
    title: z.string().min(1),
    description: z.string().min(1),
    date: z.coerce.date(),
    updated: z.coerce.date().optional(),
    tags: z.array(z.string().min(1)).min(1),
    order: z.number().int().nonnegative(),
    key: z.string().regex(/^[a-z0-9-]+$/, 'key must be lower-case kebab-case'),
    draft: z.boolean().default(false),
    references: z.array(reference).default([]),
  }),
});

export const collections = { articles };
