/**
 * Keeps a value component (`<TraceValue …/>`, one number in a sentence) inside its sentence wherever it sits in the
 * source line.
 *
 * MDX reads a line that holds nothing but JSX as a block (`mdxJsxFlowElement`), and such a block interrupts a
 * paragraph. So a sentence written
 *
 *   …the first layer's gradient is about
 *   <TraceValue value="first-layer" … />
 *   in one case and about
 *
 * became three blocks: a paragraph, a bare number, another paragraph. This plugin turns each such block back into
 * inline JSX (`mdxJsxTextElement`) and joins it, with the line break it was written with, to the paragraphs it
 * touches — those on the line just above and just below it, with no blank line between. A value written on its own
 * between blank lines is not in any sentence: the build fails and names the line.
 */
import path from 'node:path';
import type { Paragraph, PhrasingContent, Root, RootContent } from 'mdast';
import type { MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import type { VFile } from 'vfile';
import { valueComponentNames } from './component-names';

export class StrayValueError extends Error {
  override name = 'StrayValueError';
}

type Node = Root | RootContent;
type Parent = Extract<Node, { children: unknown[] }>;

function hasChildren(node: Node): node is Parent {
  return 'children' in node && Array.isArray(node.children);
}

/** No blank line between `a` and the node after it, `b`: MDX split them, the author did not. */
function touching(a: RootContent, b: RootContent): boolean {
  const end = a.position?.end.line;
  const start = b.position?.start.line;
  return end === undefined || start === undefined || start <= end + 1;
}

/** The whitespace the author wrote between two nodes: a line break, a space, or nothing. */
function gap(a: RootContent, b: RootContent, source: string): PhrasingContent[] {
  const from = a.position?.end.offset;
  const to = b.position?.start.offset;
  let text: string;
  if (from !== undefined && to !== undefined && /^\s*$/.test(source.slice(from, to))) {
    const between = source.slice(from, to);
    text = between.includes('\n') ? '\n' : between.length > 0 ? ' ' : '';
  } else {
    text = a.position && b.position && a.position.end.line === b.position.start.line ? ' ' : '\n';
  }
  return text ? [{ type: 'text', value: text }] : [];
}

function inline(el: MdxJsxFlowElement): MdxJsxTextElement {
  return { ...el, type: 'mdxJsxTextElement', children: el.children as MdxJsxTextElement['children'] };
}

export function remarkInlineValues() {
  const names = valueComponentNames();
  const isValue = (node: RootContent): node is MdxJsxFlowElement =>
    node.type === 'mdxJsxFlowElement' && node.name !== null && names.has(node.name);

  return (tree: Root, file: VFile) => {
    const source = String(file.value ?? '');
    const where = (node: RootContent) => {
      const rel = file.path ? path.relative(file.cwd, file.path) : '<unknown file>';
      const line = node.position?.start.line;
      return line ? `${rel}:${line}` : rel;
    };

    const walk = (parent: Parent) => {
      const children = parent.children as RootContent[];
      const out: RootContent[] = [];
      for (let i = 0; i < children.length; ) {
        const node = children[i]!;
        if (node.type !== 'paragraph' && !isValue(node)) {
          if (hasChildren(node)) walk(node);
          out.push(node);
          i++;
          continue;
        }
        // The longest run of paragraphs and value blocks that the source wrote as one paragraph.
        let j = i + 1;
        while (j < children.length) {
          const next = children[j]!;
          const prev = children[j - 1]!;
          if (!(next.type === 'paragraph' || isValue(next)) || !touching(prev, next)) break;
          // Two paragraphs in a row are two paragraphs: only a value block between them joins them.
          if (next.type === 'paragraph' && prev.type === 'paragraph') break;
          j++;
        }
        const run = children.slice(i, j);
        if (run.length === 1 && node.type === 'paragraph') {
          out.push(node);
        } else if (run.every(isValue)) {
          throw new StrayValueError(
            `<${(node as MdxJsxFlowElement).name}> in ${where(node)} stands alone, outside any sentence: a value ` +
              'component gives one number of a sentence; write it in the sentence that states it',
          );
        } else {
          const merged: PhrasingContent[] = [];
          run.forEach((part, k) => {
            if (k > 0) merged.push(...gap(run[k - 1]!, part, source));
            if (part.type === 'paragraph') merged.push(...part.children);
            else merged.push(inline(part as MdxJsxFlowElement));
          });
          const first = run[0]!.position;
          const last = run.at(-1)!.position;
          const paragraph: Paragraph = {
            type: 'paragraph',
            children: merged,
            ...(first && last ? { position: { start: first.start, end: last.end } } : {}),
          };
          out.push(paragraph);
        }
        i = j;
      }
      parent.children = out as never;
    };
    walk(tree);
  };
}
