/**
 * A browser may break a line between an inline formula and the punctuation after it (KaTeX draws the formula
 * as inline blocks, and a line may break after an inline block), leaving a lone "." or "，" at the start of the
 * next line. This plugin, placed after rehype-katex, wraps each inline formula that is followed by punctuation
 * together with that punctuation in <span class="vg-nowrap">, so that they stay on one line.
 */
import type { Element, ElementContent, Root, Text } from 'hast';

/** Punctuation that must not start a line, in English and Chinese. */
const TRAILING = /^[.,;:!?)\]’”…，。；：！？、）」』》]+/u;

function hasClass(node: ElementContent, name: string): boolean {
  const cls = node.type === 'element' ? node.properties?.className : undefined;
  return Array.isArray(cls) && cls.includes(name);
}

/** Any node with children: elements, and MDX's JSX elements (an <Exercise>'s answer is prose too). */
type Parent = { children: ElementContent[] };

function visit(parent: Parent): void {
  const children = parent.children;
  for (let i = 0; i < children.length; i++) {
    const node = children[i]!;
    if (hasClass(node, 'katex')) {
      const next = children[i + 1];
      const match = next?.type === 'text' ? TRAILING.exec(next.value) : null;
      if (!next || !match) continue;
      const punct: Text = { type: 'text', value: match[0] };
      const rest = (next as Text).value.slice(match[0].length);
      const wrap: Element = {
        type: 'element',
        tagName: 'span',
        properties: { className: ['vg-nowrap'] },
        children: [node, punct],
      };
      children.splice(i, 2, wrap, ...(rest ? [{ type: 'text', value: rest } as Text] : []));
      continue;
    }
    // Display formulas stand on their own lines; nothing inside a formula needs this.
    if (hasClass(node, 'katex-display')) continue;
    if ('children' in node && Array.isArray(node.children)) visit(node as unknown as Parent);
  }
}

export function rehypeMathPunctuation() {
  return (tree: Root) => visit(tree as unknown as Parent);
}
