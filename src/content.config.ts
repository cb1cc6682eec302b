import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';
import { defineCollection } from 'astro:content';
import { i18nLoader } from '@astrojs/starlight/loaders';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

/**
 * Lessons live in top-level content/docs (each chapter a folder, its example files beside it), so
 * the docs collection is loaded from there with Astro's glob loader. Files starting with `_` are
 * drafts and partials. UI strings Starlight has no Korean for (Pagefind's) stay in src/content/i18n,
 * where Starlight looks them up by path.
 */
export const collections = {
  docs: defineCollection({
    loader: glob({ base: './content/docs', pattern: '**/[^_]*.{md,mdx}' }),
    // summary: one short line for the course map (home page, ‘WebSocket이란?’), read by CourseMap.astro.
    schema: docsSchema({ extend: z.object({ summary: z.string().min(1).optional() }) }),
  }),
  i18n: defineCollection({
    loader: i18nLoader(),
    schema: i18nSchema(),
  }),
};
