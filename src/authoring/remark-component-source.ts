/**
 * Tags every author component in a chapter with where it was written (`content/…/page.mdx:42`), as a hidden
 * `__source` prop. The component's prop validation puts that location in its build error, so an author who
 * mistypes a prop is sent to the line, not to the component's own source.
 */
import path from 'node:path';
import { visit } from 'unist-util-visit';
import type { Root } from 'mdast';
import type { MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import type { VFile } from 'vfile';
import { authorComponentNames } from './component-names';

export const SOURCE_PROP = '__source';

export function remarkComponentSource() {
  const names = authorComponentNames();
  return (tree: Root, file: VFile) => {
    const rel = file.path ? path.relative(file.cwd, file.path) : '<unknown file>';
    visit(tree, (node) => {
      if (node.type !== 'mdxJsxFlowElement' && node.type !== 'mdxJsxTextElement') return;
      const el = node as MdxJsxFlowElement | MdxJsxTextElement;
      if (!el.name || !names.has(el.name)) return;
      const line = el.position?.start.line;
      el.attributes.push({
        type: 'mdxJsxAttribute',
        name: SOURCE_PROP,
        value: line ? `${rel}:${line}` : rel,
      });
    });
  };
}
