/**
 * A value component is one number in a sentence: wherever it sits in the source line, it stays in its paragraph
 * (src/authoring/remark-inline-values.ts). Checked on small sources and on every chapter in both languages.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '@mdx-js/mdx';
import remarkMath from 'remark-math';
import { VFile } from 'vfile';
import type { Paragraph, Root, RootContent } from 'mdast';
import { valueComponentNames } from '../../src/authoring/component-names';
import { remarkInlineValues } from '../../src/authoring/remark-inline-values';

const cwd = process.cwd();
const VALUES = valueComponentNames();

/** The chapter's Markdown tree as the site's remark plugins leave it. */
async function mdast(rel: string, value: string): Promise<Root> {
  let tree: Root | undefined;
  const capture = () => (t: Root) => {
    tree = structuredClone(t);
  };
  await compile(new VFile({ path: path.join(cwd, rel), cwd, value }), {
    remarkPlugins: [remarkMath, remarkInlineValues, capture],
  });
  return tree!;
}

function nodes(node: Root | RootContent): RootContent[] {
  const children = 'children' in node ? (node.children as RootContent[]) : [];
  return children.flatMap((c) => [c, ...nodes(c)]);
}

const isValue = (n: RootContent) =>
  (n.type === 'mdxJsxFlowElement' || n.type === 'mdxJsxTextElement') && n.name !== null && VALUES.has(n.name);

/** A paragraph's words, with each value component written as ‹Name›. */
function text(p: Paragraph): string {
  return p.children
    .map((c) => (c.type === 'text' ? c.value : isValue(c) ? `‹${(c as { name: string }).name}›` : `[${c.type}]`))
    .join('');
}

const paragraphs = (tree: Root) => nodes(tree).filter((n): n is Paragraph => n.type === 'paragraph');

describe('value components inside sentences', () => {
  it('knows the value components by their names', () => {
    expect([...VALUES]).toContain('TraceValue');
    expect([...VALUES]).toContain('ClippingValue');
    expect([...VALUES]).not.toContain('GradientTrace');
    expect([...VALUES]).not.toContain('Exercise');
  });

  it('joins a value on a line of its own to the sentence around it, with the line break it was written with', async () => {
    const tree = await mdast(
      'content/a.mdx',
      'Before.\n\n<Exercise title="t">\nthe gradient is about\n<TraceValue value="loss" />\nin one case and about\n' +
        '<TraceValue value="ratio" /> <NetworkValue value="loss" />\nin the other.\n</Exercise>\n\nAfter.\n',
    );
    expect(paragraphs(tree).map(text)).toEqual([
      'Before.',
      'the gradient is about\n‹TraceValue›\nin one case and about\n‹TraceValue› ‹NetworkValue›\nin the other.',
      'After.',
    ]);
    expect(nodes(tree).filter((n) => n.type === 'mdxJsxFlowElement' && isValue(n))).toEqual([]);
  });

  it('starts a paragraph with a value written at its start, and ends one with a value written at its end', async () => {
    const tree = await mdast(
      'content/zh/a.mdx',
      'First paragraph.\n\n<TraceValue value="loss" />\nis the loss.\n\nThe ratio is\n<TraceValue value="ratio" />\n\n' +
        '- an item about\n  <SequenceValue value="reach" />\n  steps\n',
    );
    expect(paragraphs(tree).map(text)).toEqual([
      'First paragraph.',
      '‹TraceValue›\nis the loss.',
      'The ratio is\n‹TraceValue›',
      'an item about\n‹SequenceValue›\nsteps',
    ]);
  });

  it('leaves other components where they are', async () => {
    const tree = await mdast('content/a.mdx', 'Text above\n<GradientTrace depth={3} />\ntext below.\n');
    expect(tree.children.map((n) => n.type)).toEqual(['paragraph', 'mdxJsxFlowElement', 'paragraph']);
  });

  it('fails on a value outside any sentence, naming the file and the line', async () => {
    await expect(
      mdast('content/causes/x.mdx', 'A paragraph.\n\n<TraceValue value="loss" />\n\nAnother.\n'),
    ).rejects.toThrow('<TraceValue> in content/causes/x.mdx:3 stands alone, outside any sentence');
  });
});

/** Every chapter, English at content/'s root and Chinese under content/zh/. */
function chapters(dir = 'content'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? chapters(p) : /\.mdx?$/.test(e.name) ? [p] : [];
  });
}

describe.each(chapters())('%s', (rel) => {
  it('has no paragraph that is a value alone, and no value outside a paragraph', async () => {
    const tree = await mdast(rel, readFileSync(rel, 'utf8'));
    const alone = paragraphs(tree)
      .filter((p) => {
        const words = p.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
        return words.length === 1 && isValue(words[0]!);
      })
      .map((p) => `${rel}:${p.position?.start.line}`);
    expect(alone).toEqual([]);
    const blocks = nodes(tree)
      .filter((n) => n.type === 'mdxJsxFlowElement' && isValue(n))
      .map((n) => `${rel}:${n.position?.start.line}`);
    expect(blocks).toEqual([]);
  });
});
