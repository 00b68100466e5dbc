/**
 * The home page's map of the course (issue 13), read from the sidebar (src/sidebar.ts) and the chapters' own
 * frontmatter instead of typed by hand: a chapter added to the sidebar — as `npm run new-chapter` does — appears on
 * the home page in both languages, under its part, with its title and its `summary` (or, until it has one, its
 * description). src/ssr/CourseMap.astro renders it.
 */

export interface SidebarGroup {
  label: string;
  translations?: Record<string, string>;
  items: readonly ({ slug: string } | { label: string; link: string; translations?: Record<string, string> })[];
}
export type SidebarEntry = SidebarGroup | { slug: string };

export interface ChapterData {
  title: string;
  description?: string | undefined;
  summary?: string | undefined;
}

export interface MapPart {
  label: string;
  chapters: { slug: string; href: string; title: string; summary: string }[];
}

/**
 * The parts of the course (the sidebar's groups that list chapters, in order) with their chapters. `chapter(id)`
 * gives a chapter's frontmatter by its collection id ("causes/weights", "zh/causes/weights"); `base` is the site's
 * base path.
 */
export function courseMap(
  sidebar: readonly SidebarEntry[],
  chapter: (id: string) => ChapterData | undefined,
  locale: 'en' | 'zh',
  base = '/',
): MapPart[] {
  const prefix = `${base.replace(/\/$/, '')}/${locale === 'zh' ? 'zh/' : ''}`;
  return sidebar.flatMap((entry) => {
    if (!('items' in entry)) return [];
    const slugs = entry.items.flatMap((item) => ('slug' in item ? [item.slug] : []));
    if (!slugs.length) return [];
    const label = locale === 'zh' ? (entry.translations?.['zh-CN'] ?? entry.label) : entry.label;
    return [
      {
        label,
        chapters: slugs.map((slug) => {
          const data = chapter(locale === 'zh' ? `zh/${slug}` : slug);
          if (!data)
            throw new Error(
              `src/sidebar.ts lists "${slug}", but content/${locale === 'zh' ? 'zh/' : ''}${slug}.mdx does not exist.`,
            );
          return {
            slug,
            href: `${prefix}${slug}/`,
            title: data.title,
            summary: data.summary ?? data.description ?? '',
          };
        }),
      },
    ];
  });
}
