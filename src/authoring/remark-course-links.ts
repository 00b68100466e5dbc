/**
 * Chapters link to each other with site-absolute paths written once for both languages: `/causes/weights/`.
 * This plugin makes those links work wherever the course is hosted: it prefixes the site's base path (hosts
 * may serve `dist/` under a sub-path) and, in a Chinese chapter (content/zh/…), the `/zh` locale, so a
 * translator never rewrites links.
 */
import path from 'node:path';
import { visit } from 'unist-util-visit';
import type { Root } from 'mdast';
import type { VFile } from 'vfile';

export interface CourseLinkOptions {
  /** Astro's `base`, e.g. "/" or "/courses/gradients/". */
  base: string;
  /** The content folder, relative to the project root. */
  contentDir?: string;
  /** Locale folders under the content folder (everything else is the root locale). */
  localeDirs?: string[];
}

export function localeOfFile(file: VFile, contentDir: string, localeDirs: string[]): string | null {
  if (!file.path) return null;
  const rel = path.relative(path.resolve(file.cwd, contentDir), file.path).split(path.sep);
  return rel.length > 1 && localeDirs.includes(rel[0]!) ? rel[0]! : null;
}

export function courseHref(href: string, base: string, locale: string | null): string {
  if (!href.startsWith('/') || href.startsWith('//')) return href;
  const trimmedBase = base.replace(/\/$/, '');
  if (trimmedBase && (href === trimmedBase || href.startsWith(`${trimmedBase}/`))) return href;
  const localized = locale && !href.startsWith(`/${locale}/`) && href !== `/${locale}` ? `/${locale}${href}` : href;
  return `${trimmedBase}${localized}`;
}

export function remarkCourseLinks(options: CourseLinkOptions) {
  const contentDir = options.contentDir ?? 'content';
  const localeDirs = options.localeDirs ?? ['zh'];
  return (tree: Root, file: VFile) => {
    const locale = localeOfFile(file, contentDir, localeDirs);
    visit(tree, (node) => {
      if (node.type === 'link' || node.type === 'definition') node.url = courseHref(node.url, options.base, locale);
    });
  };
}
