import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

/**
 * Articles live at the top level in content/<lang>/<slug>.mdx. The entry id is "<lang>/<slug>";
 * `key` links the Korean and English editions of one article (a missing twin fails the build:
 * see src/lib/articles.ts).
 */
const articles = defineCollection({
  loader: glob({ base: './content', pattern: '{ko,en}/**/*.mdx' }),
  schema: z.object({
    title: z.string().min(1),
    description: z.string().min(1),
    date: z.coerce.date(),
    updated: z.coerce.date().optional(),
    tags: z.array(z.string().min(1)).min(1),
    order: z.number().int().nonnegative(),
    key: z.string().regex(/^[a-z0-9-]+$/, 'key must be lower-case kebab-case'),
    draft: z.boolean().default(false),
  }),
});

export const collections = { articles };
