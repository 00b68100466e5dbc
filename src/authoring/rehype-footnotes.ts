/**
 * Chapters cite their papers by key (`[@glorot]`, remark-citations.ts), which become Markdown footnotes, and may add
 * notes of their own as footnotes. remark-rehype titles that list "Footnotes" (hidden, in
 * English) and labels its back-links "Back to reference 1" in every language. This plugin turns the list into
 * the chapter's visible "References" section, in the chapter's language, so that it also appears by the
 * right name in the page's table of contents.
 */
import { visit } from 'unist-util-visit';
import type { Element, Root } from 'hast';
import type { VFile } from 'vfile';
import { localeOfFile } from './remark-course-links';

const LABELS: Record<string, { title: string; back: (n: string) => string }> = {
  en: { title: 'References', back: (n) => `Back to citation ${n}` },
  zh: { title: '参考文献', back: (n) => `返回正文第 ${n} 处引用` },
};

const text = (el: Element): string =>
  el.children.map((c) => (c.type === 'text' ? c.value : c.type === 'element' ? text(c) : '')).join('');

export function rehypeFootnotes(options: { contentDir?: string; localeDirs?: string[] } = {}) {
  return (tree: Root, file: VFile) => {
    const locale = localeOfFile(file, options.contentDir ?? 'content', options.localeDirs ?? ['zh']) ?? 'en';
    const labels = LABELS[locale] ?? LABELS.en!;
    visit(tree, 'element', (el) => {
      if (el.tagName === 'h2' && el.properties.id === 'footnote-label') {
        el.children = [{ type: 'text', value: labels.title }];
        delete el.properties.className;
        el.properties.id = 'references';
      } else if (el.tagName === 'a' && 'dataFootnoteBackref' in el.properties) {
        // Name the link by its (visually hidden) text rather than aria-label: the visible "↩" would not match an
        // aria-label (axe: label-content-name-mismatch).
        const n = /(\d+)/.exec(String(el.properties.ariaLabel ?? ''))?.[1] ?? '';
        delete el.properties.ariaLabel;
        const sup = el.children.filter((c) => c.type === 'element');
        el.children = [
          {
            type: 'element',
            tagName: 'span',
            properties: { ariaHidden: 'true' },
            children: [{ type: 'text', value: '↩' }],
          },
          {
            type: 'element',
            tagName: 'span',
            properties: { className: ['vg-sr-only'] },
            children: [{ type: 'text', value: labels.back(n) }],
          },
          ...(sup.length
            ? [{ type: 'element' as const, tagName: 'span', properties: { ariaHidden: 'true' }, children: sup }]
            : []),
        ];
      } else if (el.tagName === 'a' && 'dataFootnoteRef' in el.properties) {
        el.properties.ariaDescribedBy = ['references'];
        // The visible reference is a bare number; give it a readable name.
        if (!el.properties.ariaLabel) el.properties.title = `${labels.title} ${text(el)}`;
      }
    });
  };
}
