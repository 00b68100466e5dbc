/**
 * KaTeX writes every formula twice besides what the reader sees: as MathML for screen readers
 * (`.katex-mathml`), which also carries the TeX source in an <annotation>. Pagefind indexed all three, so a search
 * excerpt read "α=0.01\alpha = 0.01α=0.01". This plugin, placed after rehype-katex, marks the MathML
 * `data-pagefind-ignore`: search indexes the formula once, as it is drawn (`.katex-html`), and the MathML stays in
 * the page for assistive technology.
 */
import type { Element, Root, RootContent } from 'hast';

function isMathml(node: Element): boolean {
  const cls = node.properties?.className;
  return Array.isArray(cls) && cls.includes('katex-mathml');
}

function visit(node: Root | RootContent): void {
  if (node.type === 'element' && isMathml(node)) {
    node.properties.dataPagefindIgnore = '';
    return;
  }
  // MDX's JSX elements (an <Exercise>'s question and answer) hold prose with formulas too.
  if ('children' in node && Array.isArray(node.children)) for (const child of node.children) visit(child);
}

export function rehypeKatexSearch() {
  return (tree: Root) => visit(tree);
}
