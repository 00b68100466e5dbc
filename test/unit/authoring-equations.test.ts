/**
 * Numbered equations and references (issue 13): `\label{eq-…}` in a display equation numbers it per chapter, and
 * `@eq-…` in the prose becomes "Equation (n)" / 「式 (n)」, linked to the equation's anchor. A reference to a label
 * the chapter does not have is named at its line by the chapter check, before anything renders.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compile } from '@mdx-js/mdx';
import type { AstroUserConfig } from 'astro';
import rehypeKatex from 'rehype-katex';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import { VFile } from 'vfile';
import { afterEach, describe, expect, it } from 'vitest';
import { courseComponents, describeProblem } from '../../src/authoring/chapter-check';
import { checkChapterFile } from '../../src/authoring/chapters-check';
import { labelMismatches } from '../../src/authoring/editions';
import { labelsInSource, remarkEquations } from '../../src/authoring/remark-equations';

const CHAPTER = `
First $$…$$ without a label:

$$
a = b
$$

$$
z_l = W_l a_{l-1} \\label{eq-forward}
$$

$$
\\delta_l = D_l W_{l+1}^{\\top} \\delta_{l+1}
\\label{eq-backward}
$$

By @eq-backward, and then @eq-forward; again @eq-backward. Not a reference: a@eq-forward.
`;

async function render(source: string, file: string): Promise<string> {
  const out = await compile(new VFile({ path: path.resolve(file), cwd: process.cwd(), value: source }), {
    remarkPlugins: [remarkMath, remarkEquations],
    rehypePlugins: [rehypeKatex],
    outputFormat: 'function-body',
  });
  return String(out);
}

/** The references of the compiled page, in order: [text, href]. */
const references = (js: string) =>
  [...js.matchAll(/href: "(#eq-[^"]+)"[^}]*?children: "([^"]+)"/g)].map((m) => [m[2], m[1]]);

describe('numbered equations', () => {
  it('numbers the labelled display equations of a chapter in order, and links each reference (English)', async () => {
    const js = await render(CHAPTER, 'content/causes/x.mdx');
    expect(references(js)).toEqual([
      ['Equation (2)', '#eq-backward'],
      ['Equation (1)', '#eq-forward'],
      ['Equation (2)', '#eq-backward'],
    ]);
    // The anchors the links point to, and the numbers KaTeX draws beside the equations; the unlabelled one has none.
    expect([...js.matchAll(/id: "(eq-[^"]+)"/g)].map((m) => m[1])).toEqual(['eq-forward', 'eq-backward']);
    expect([...js.matchAll(/mtext, \{\s*children: "\(([0-9]+)\)"/g)].map((m) => m[1])).toEqual(['1', '2']);
    expect(js).not.toContain('\\label');
    expect(js).toContain('a@eq-forward');
  });

  it('reads 式 (n) in the Chinese edition', async () => {
    const js = await render(CHAPTER, 'content/zh/causes/x.mdx');
    expect(references(js).map(([text]) => text)).toEqual(['式 (2)', '式 (1)', '式 (2)']);
  });

  it('lists the labels in the order the source writes them, for the editions check, leaving out code', () => {
    expect(labelsInSource(CHAPTER)).toEqual(['eq-forward', 'eq-backward']);
    expect(
      labelsInSource(`${CHAPTER}\nWrite \`\\label{eq-name}\`.\n\n\`\`\`mdx\n$$\nx \\label{eq-sample}\n$$\n\`\`\`\n`),
    ).toEqual(['eq-forward', 'eq-backward']);
  });
});

describe('the chapter check on equation labels', () => {
  it('names an unknown reference, a doubled label, a label without its prefix and one in an inline formula', () => {
    const root = path.resolve('test/fixtures/chapters');
    const problems = checkChapterFile(
      path.join(root, 'content/causes/equation-labels.mdx'),
      root,
      courseComponents(),
    ).map(describeProblem);
    expect(problems).toEqual([
      'content/causes/equation-labels.mdx:10:44: @eq-backwrd: no equation of this chapter is labelled eq-backwrd; did you mean @eq-backward?',
      "content/causes/equation-labels.mdx:10:89: @eq-gain: no equation of this chapter is labelled eq-gain (its labels: eq-backward); write \\label{eq-gain} inside the equation's $$ … $$.",
      'content/causes/equation-labels.mdx:12:1: \\label{eq-backward} is also the label of the equation on line 6: give each its own name.',
      'content/causes/equation-labels.mdx:16:1: \\label{chain}: an equation\'s label is "eq-" and a name of letters, digits, "-" or "_", e.g. \\label{eq-chain}.',
      'content/causes/equation-labels.mdx:20:11: \\label{eq-inline} in an inline formula: only display equations ($$ … $$ on their own lines) are numbered.',
    ]);
  });
});

describe('the editions check on equation labels', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const write = (rel: string, body: string) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), `---\ntitle: x\n---\n${body}`);
  };

  it('holds in the course', () => {
    expect(labelMismatches(path.resolve('content'))).toEqual([]);
  });

  it('names a chapter whose editions label different equations, or the same ones in another order', () => {
    dir = path.join(mkdtempSync(path.join(tmpdir(), 'labels-')), 'content');
    write('causes/same.mdx', '$$\na \\label{eq-a}\n$$\n\n$$\nb \\label{eq-b}\n$$\n');
    write('zh/causes/same.mdx', '$$\na \\label{eq-a}\n$$\n\n$$\nb \\label{eq-b}\n$$\n');
    write('causes/order.mdx', '$$\na \\label{eq-a}\n$$\n\n$$\nb \\label{eq-b}\n$$\n');
    write('zh/causes/order.mdx', '$$\nb \\label{eq-b}\n$$\n\n$$\na \\label{eq-a}\n$$\n');
    write('remedies/missing.mdx', '$$\na \\label{eq-a}\n$$\n');
    write('zh/remedies/missing.mdx', '$$\na\n$$\n');
    expect(labelMismatches(dir)).toEqual([
      'content/causes/order.mdx labels its equations eq-a, eq-b, but content/zh/causes/order.mdx labels eq-b, eq-a: label the same equations, in the same order, in both editions.',
      'content/remedies/missing.mdx labels its equations eq-a, but content/zh/remedies/missing.mdx labels none: label the same equations, in the same order, in both editions.',
    ]);
  });
});

describe('the deep-networks chapter, through the course configuration', () => {
  it('numbers its four labelled equations and links every reference, in both editions', async () => {
    const CONFIG = path.resolve('astro.config.mjs');
    const config = ((await import(/* @vite-ignore */ pathToFileURL(CONFIG).href)) as { default: AstroUserConfig })
      .default;
    const compiled = async (file: string) => {
      const value = readFileSync(file, 'utf8').replace(/^---[\s\S]*?\n---\n/, '');
      const out = await compile(new VFile({ path: path.resolve(file), cwd: process.cwd(), value }), {
        remarkPlugins: [remarkGfm, ...(config.markdown?.remarkPlugins ?? [])] as never,
        rehypePlugins: (config.markdown?.rehypePlugins ?? []) as never,
        outputFormat: 'function-body',
      });
      return String(out);
    };
    const en = await compiled('content/causes/deep-networks.mdx');
    const zh = await compiled('content/zh/causes/deep-networks.mdx');
    const anchors = (js: string) => [...js.matchAll(/id: "(eq-[^"]+)"/g)].map((m) => m[1]);
    expect(anchors(en)).toEqual(['eq-backward', 'eq-unrolled', 'eq-bound', 'eq-gain']);
    expect(anchors(zh)).toEqual(anchors(en));
    const refs = (js: string) => references(js).map(([text, href]) => `${text} ${href}`);
    expect(refs(en)).toContain('Equation (4) #eq-gain');
    expect(refs(zh)).toContain('式 (4) #eq-gain');
    expect(refs(zh).map((r) => r.split(' ').at(-1))).toEqual(refs(en).map((r) => r.split(' ').at(-1)));
  }, 60_000);
});
