/**
 * Asides in the reader's language. Starlight renders `:::note`, `:::tip`, `:::caution` and `:::danger` in the
 * chapters (astro.config.mjs: `markdown.processedDirs`) and titles one without its own title ("Note", "Tip") in
 * the language it infers from the file's place under src/content/docs/. The chapters live in content/, so a
 * Chinese chapter's `:::tip` would read "Tip". This plugin runs before Starlight's and gives each aside of a
 * Chinese chapter that has no title of its own the title from src/i18n, as the label an author would have written
 * (`:::tip[提示]`); Starlight then renders it as written.
 */
import type { Paragraph, Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { localeOf, translator } from '../i18n';
import { localeOfFile } from './remark-course-links';

/** Starlight's aside variants: any other `:::name` renders as a plain box (the chapter check refuses it). */
export const ASIDE_VARIANTS = ['note', 'tip', 'caution', 'danger'] as const;
type AsideVariant = (typeof ASIDE_VARIANTS)[number];

interface Directive {
  type: 'containerDirective';
  name: string;
  children: Root['children'];
}

/** remark-directive's mark on the paragraph that holds a directive's `[label]`. */
const isLabel = (node: Root['children'][number] | undefined) =>
  node?.type === 'paragraph' && node.data !== undefined && 'directiveLabel' in node.data;

export function remarkAsideTitles(options: { contentDir?: string; localeDirs?: string[] } = {}) {
  const contentDir = options.contentDir ?? 'content';
  const localeDirs = options.localeDirs ?? ['zh'];
  return (tree: Root, file: VFile) => {
    const dir = localeOfFile(file, contentDir, localeDirs);
    if (dir === null) return;
    const t = translator(localeOf(dir));
    visit(tree, 'containerDirective', (node: Directive) => {
      if (!(ASIDE_VARIANTS as readonly string[]).includes(node.name) || isLabel(node.children[0])) return;
      const label: Paragraph = {
        type: 'paragraph',
        data: { directiveLabel: true } as Paragraph['data'],
        children: [{ type: 'text', value: t(`aside.${node.name as AsideVariant}`) }],
      };
      node.children.unshift(label);
    });
  };
}
