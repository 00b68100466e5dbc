/**
 * A value component names its figure by id instead of repeating its settings (issue 13): `figure="deep"` copies the
 * settings of the figure with id="deep" (written, or its defaults where they differ from the value's), `compared`
 * its second configuration, and a value's own setting wins. What cannot be resolved is named at its line.
 */
import path from 'node:path';
import { compile, createProcessor } from '@mdx-js/mdx';
import type { Root } from 'mdast';
import type { MdxJsxAttribute, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import { visit } from 'unist-util-visit';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { chapterProblems, courseComponents } from '../../src/authoring/chapter-check';
import { literalAttribute, remarkFigureRefs, resolveFigureRefs } from '../../src/authoring/figure-refs';
import { attributeValue } from '../../src/authoring/jsx-values';

const IMPORTS = ['GradientTrace', 'TraceValue', 'InitLab', 'NetworkValue', 'ResidualLab', 'RemedyValue']
  .map((n) => `import ${n} from '@components/${n}.astro';`)
  .join('\n');

const parse = (mdx: string) =>
  createProcessor({ format: 'mdx', remarkPlugins: [remarkGfm, remarkMath] }).parse(`${IMPORTS}\n\n${mdx}`) as Root;

/** The props of every value component in the tree, as the component will receive them. */
function values(tree: Root): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  visit(tree, 'mdxJsxTextElement', (node: MdxJsxTextElement) => {
    if (!node.name?.endsWith('Value')) return;
    out.push(
      Object.fromEntries(
        node.attributes.map((a) => [(a as MdxJsxAttribute).name, attributeValue(a as MdxJsxAttribute)]),
      ),
    );
  });
  return out;
}

describe('a value that names its figure', () => {
  it('reads the figure’s settings, its compared configuration, and keeps its own', () => {
    const tree = parse(
      [
        '<GradientTrace id="deep" depth={20} activation="relu" init="he-normal" compare={{ init: \'xavier-normal\' }} />',
        '',
        'A <TraceValue figure="deep" value="ratio" atMost={10} /> and B <TraceValue figure="deep" compared value="ratio" at={1} /> and',
        'mine <TraceValue figure="deep" activation="tanh" value="loss" />.',
      ].join('\n'),
    );
    expect(resolveFigureRefs(tree)).toEqual([]);
    expect(values(tree)).toEqual([
      { depth: 20, activation: 'relu', init: 'he-normal', value: 'ratio', atMost: 10 },
      { depth: 20, activation: 'relu', init: 'xavier-normal', value: 'ratio', at: 1 },
      { depth: 20, init: 'he-normal', activation: 'tanh', value: 'loss' },
    ]);
    // Resolving again changes nothing: the remark plugin after the chapter check finds nothing left to do.
    expect(resolveFigureRefs(tree)).toEqual([]);
    expect(values(tree)[0]).toEqual({ depth: 20, activation: 'relu', init: 'he-normal', value: 'ratio', atMost: 10 });
  });

  it('takes the figure’s own defaults where they differ from the value’s (a network lab’s steps, a remedy lab)', () => {
    const tree = parse(
      [
        '<InitLab id="init" depth={30} />',
        '',
        '<ResidualLab id="res" compare={{ residual: true }} />',
        '',
        'Here <NetworkValue figure="init" value="signal-ratio" /> and <RemedyValue figure="res" compared value="ratio" />.',
      ].join('\n'),
    );
    expect(resolveFigureRefs(tree)).toEqual([]);
    const [network, remedy] = values(tree);
    // <InitLab>'s defaults (a tanh network at σ = 1.5, drawn at step 1) are not <NetworkValue>'s (a Xavier sigmoid
    // network, read at step 200): the value reads the figure's.
    expect(network).toEqual({
      depth: 30,
      activation: 'tanh',
      init: 'normal',
      initScale: 1.5,
      steps: 1,
      value: 'signal-ratio',
    });
    expect(remedy).toMatchObject({ lab: 'ResidualLab', residual: true, value: 'ratio' });
  });

  it('names a figure that is not on the page, one of the wrong kind, and "compared" without a compare', () => {
    const tree = parse(
      [
        '<GradientTrace id="deep" depth={20} />',
        '',
        '<InitLab id="init" />',
        '',
        'A <TraceValue figure="dep" value="ratio" /> B <TraceValue figure="init" value="ratio" />',
        'C <TraceValue figure="deep" compared value="ratio" /> D <TraceValue compared value="ratio" />',
      ].join('\n'),
    );
    const problems = chapterProblems(
      tree,
      new VFile({ path: path.resolve('content/causes/x.mdx'), value: '' }),
      courseComponents(),
    );
    expect(problems.map((p) => `${p.line - 7}:${p.column}: ${p.message}`)).toEqual([
      '5:15: <TraceValue figure="dep">: no figure on this page has id="dep"; did you mean figure="deep"?',
      '5:59: <TraceValue figure="init"> names a <InitLab>, whose runs it does not read: a <TraceValue> reads <GradientTrace>.',
      '6:29: <TraceValue compared>: the figure "deep" has no compare={{ … }} written out to read.',
      '6:69: <TraceValue>: "compared" reads a figure\'s compare; name the figure: figure="…".',
    ]);
  });

  it('writes copied settings as MDX would have parsed them', () => {
    for (const value of ['relu', true, false, 3, -0.5, 1e-3, [1, -2, 3]])
      expect(attributeValue(literalAttribute('x', value))).toEqual(value);
  });

  it('compiles to the same page as the settings written out', async () => {
    const render = async (mdx: string) =>
      String(
        await compile(`${IMPORTS}\n\n${mdx}`, {
          remarkPlugins: [remarkGfm, remarkFigureRefs],
          outputFormat: 'function-body',
        }),
      );
    const figure = '<GradientTrace id="deep" depth={20} activation="relu" />\n\n';
    expect(await render(`${figure}The ratio is <TraceValue figure="deep" value="ratio" />.`)).toBe(
      await render(`${figure}The ratio is <TraceValue depth={20} activation="relu" value="ratio" />.`),
    );
  });
});
