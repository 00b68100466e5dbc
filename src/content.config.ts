import { defineCollection, z } from 'astro:content';
import { glob } from 'astro/loaders';
import { docsSchema } from '@astrojs/starlight/schema';

/**
 * The chapters live in the top-level `content/` folder (English at its root, Chinese under `zh/`, the same file
 * names), outside `src/`, so that authors edit prose without walking through code.
 */
export const collections = {
  docs: defineCollection({
    loader: glob({ pattern: '**/[^_]*.{md,mdx}', base: './content' }),
    // `summary`: the chapter's line on the home page's map of the course (src/ssr/CourseMap.astro).
    schema: docsSchema({ extend: z.object({ summary: z.string().optional() }) }),
  }),
};
