/**
 * Numbered equations and references to them (issue 13). An author labels a display equation inside its `$$…$$`
 *
 *     $$
 *     \delta_l = D_l\, W_{l+1}^{\top} \cdots \delta_L \label{eq-unrolled}
 *     $$
 *
 * and refers to it from the prose, in either edition, as `@eq-unrolled`. The page numbers the labelled equations of
 * the chapter in order, (1), (2), …, drawn by KaTeX on the equation's right (`\tag`), and each reference becomes a
 * link to the equation: "Equation (2)" in English, 「式 (2)」 in Chinese. Unlabelled equations stay unnumbered, as
 * in LaTeX's `equation*`: a number is worth printing only when the prose points back at it.
 *
 * KaTeX has no `\label`; this plugin, placed after remark-math and before rehype-katex, takes it out of the TeX. A
 * reference to a label the chapter does not have, a label written twice or a label outside a display equation is
 * reported by the chapter check (chapter-check.ts) with its line, before anything renders; that both editions
 * label the same equations in the same order is held by the editions check (editions.ts).
 */
import { createProcessor } from '@mdx-js/mdx';
import type { Link, PhrasingContent, Root, Text } from 'mdast';
// remark-math's node types (a dependency of remark-math, which declares them on mdast's node lists).
import type { InlineMath, Math as MathNode } from 'mdast-util-math';
import remarkDirective from 'remark-directive';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { nearestName } from './nearest-name';
import { localeOfFile } from './remark-course-links';

/** `\label{eq-name}`: letters, digits, `-` and `_` after the `eq-` prefix. */
export const LABEL = /\\label\{\s*(eq-[A-Za-z0-9_-]+)\s*\}/g;
/** Any `\label{…}`, to name one written without the prefix or with other characters. */
const ANY_LABEL = /\\label\{([^}]*)\}/g;
/** `@eq-name` in prose; not inside a word or an e-mail address. */
export const REFERENCE = /(?<![\w@\\])@(eq-[A-Za-z0-9_-]*[A-Za-z0-9_])/g;

/** How a reference reads in each edition. */
export const REFERENCE_TEXT: Record<string, (n: number) => string> = {
  en: (n) => `Equation (${n})`,
  zh: (n) => `式 (${n})`,
};

/**
 * The label is also the equation's anchor (`#eq-unrolled`), the same in both editions. A label has no colon (LaTeX's
 * `eq:name`): remark-directive, which Starlight's asides need, would read `:name` in prose as a directive.
 */
export const equationAnchor = (label: string) => label;

export interface NumberedEquation {
  label: string;
  number: number;
  node: MathNode;
}

/** The chapter's labelled display equations in order, numbered from 1 (the first label of each, if it has two). */
export function numberedEquations(tree: Root): NumberedEquation[] {
  const out: NumberedEquation[] = [];
  visit(tree, 'math', (node: MathNode) => {
    const label = [...node.value.matchAll(LABEL)][0]?.[1];
    if (label && !out.some((e) => e.label === label)) out.push({ label, number: out.length + 1, node });
  });
  return out;
}

const mdx = createProcessor({ format: 'mdx', remarkPlugins: [remarkGfm, remarkMath, remarkDirective] });

/**
 * The labels of a chapter's display equations, in order: what the editions check compares. Read from the parsed
 * chapter, so that `\label{…}` in a code sample or inline code (as in the authors' guide) is not an equation's.
 */
export function labelsInSource(source: string): string[] {
  let tree: Root;
  try {
    tree = mdx.parse(source.replace(/^---\r?\n[\s\S]*?\r?\n---(?=\r?\n|$)/, '')) as Root;
  } catch {
    // MDX the chapter check will name; compare what the source writes meanwhile.
    return [...source.matchAll(LABEL)].map((m) => m[1]!);
  }
  return numberedEquations(tree).map((e) => e.label);
}

interface Problem {
  line: number;
  column: number;
  message: string;
}

const at = (node: { position?: { start: { line: number; column: number } } }, message: string): Problem => ({
  line: node.position?.start.line ?? 1,
  column: node.position?.start.column ?? 1,
  message,
});

/** Where in `source` a match at `index` of a node's written text lies. */
function placeIn(node: Text, written: string, index: number): { line: number; column: number } {
  const before = written.slice(0, index);
  const lines = before.split('\n');
  const line = (node.position?.start.line ?? 1) + lines.length - 1;
  const column = lines.length > 1 ? lines.at(-1)!.length + 1 : (node.position?.start.column ?? 1) + before.length;
  return { line, column };
}

/** A label that is missing, doubled, misplaced or misspelt, each with its line and what to write instead. */
export function equationProblems(tree: Root, source: string): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  visit(tree, 'math', (node: MathNode) => {
    const labels = [...node.value.matchAll(ANY_LABEL)].map((m) => m[1]!.trim());
    for (const label of labels) {
      if (!/^eq-[A-Za-z0-9_-]+$/.test(label)) {
        problems.push(
          at(
            node,
            `\\label{${label}}: an equation's label is "eq-" and a name of letters, digits, "-" or "_", ` +
              `e.g. \\label{eq-${label.replace(/^eq[:-]?/, '').replace(/[^A-Za-z0-9_-]+/g, '-') || 'chain'}}.`,
          ),
        );
        continue;
      }
      const first = seen.get(label);
      if (first !== undefined)
        problems.push(
          at(node, `\\label{${label}} is also the label of the equation on line ${first}: give each its own name.`),
        );
      else seen.set(label, node.position?.start.line ?? 1);
    }
    if (labels.length > 1)
      problems.push(at(node, `this equation has ${labels.length} labels: keep one, the number is the equation's.`));
  });
  visit(tree, 'inlineMath', (node: InlineMath) => {
    for (const m of node.value.matchAll(ANY_LABEL))
      problems.push(
        at(
          node,
          `\\label{${m[1]}} in an inline formula: only display equations ($$ … $$ on their own lines) are numbered.`,
        ),
      );
  });
  const labels = [...seen.keys()];
  visit(tree, 'text', (node: Text) => {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    const written = start !== undefined && end !== undefined ? source.slice(start, end) : node.value;
    for (const m of written.matchAll(REFERENCE)) {
      const label = m[1]!;
      if (seen.has(label)) continue;
      const near = nearestName(label, labels);
      problems.push({
        ...placeIn(node, written, m.index),
        message:
          `@${label}: no equation of this chapter is labelled ${label}` +
          (near
            ? `; did you mean @${near}?`
            : labels.length
              ? ` (its labels: ${labels.join(', ')}); write \\label{${label}} inside the equation's $$ … $$.`
              : `; write \\label{${label}} inside the equation's $$ … $$.`),
      });
    }
  });
  return problems;
}

function referenceNodes(
  text: string,
  numbers: Map<string, number>,
  say: (n: number) => string,
  file: VFile,
  node: Text,
): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  let last = 0;
  for (const m of text.matchAll(REFERENCE)) {
    const label = m[1]!;
    const n = numbers.get(label);
    // The chapter check names the line first; this is the last guard, for Markdown rendered without it.
    if (n === undefined)
      return file.fail(`@${label}: no equation of this chapter is labelled ${label}`, { place: node.position });
    if (m.index > last) out.push({ type: 'text', value: text.slice(last, m.index) });
    const link: Link = {
      type: 'link',
      url: `#${equationAnchor(label)}`,
      children: [{ type: 'text', value: say(n) }],
      data: { hProperties: { className: ['vg-eqref'] } },
    };
    out.push(link);
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ type: 'text', value: text.slice(last) });
  return out;
}

export function remarkEquations(options: { contentDir?: string; localeDirs?: string[] } = {}) {
  return (tree: Root, file: VFile) => {
    const locale = localeOfFile(file, options.contentDir ?? 'content', options.localeDirs ?? ['zh']) ?? 'en';
    const say = REFERENCE_TEXT[locale] ?? REFERENCE_TEXT.en!;
    const equations = numberedEquations(tree);
    for (const { label, number, node } of equations) {
      const tex = node.value.replace(LABEL, '').trimEnd() + ` \\tag{${number}}`;
      node.value = tex;
      // remark-math renders `<pre><code class="math-display">` and rehype-katex replaces the <pre>, with its
      // properties, by KaTeX's output; a <div> carrying the anchor stays around the formula instead.
      const code = (node.data?.hChildren?.[0] ?? null) as { children?: { type: string; value: string }[] } | null;
      if (code?.children) code.children = [{ type: 'text', value: tex }];
      node.data = {
        ...node.data,
        hName: 'div',
        hProperties: { id: equationAnchor(label), className: ['vg-equation'] },
      };
    }
    const numbers = new Map(equations.map((e) => [e.label, e.number]));
    visit(tree, 'text', (node: Text, index, parent) => {
      if (!parent || index === undefined || !node.value.includes('@eq-')) return;
      const replaced = referenceNodes(node.value, numbers, say, file, node);
      if (replaced.length === 1 && replaced[0]!.type === 'text') return;
      (parent.children as PhrasingContent[]).splice(index, 1, ...replaced);
      return index + replaced.length;
    });
  };
}
