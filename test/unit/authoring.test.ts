/** What an author's chapter goes through before it is a page: component locations, links, and strict KaTeX. */
import { describe, expect, it } from 'vitest';
import { compile } from '@mdx-js/mdx';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { VFile } from 'vfile';
import path from 'node:path';
import { remarkComponentSource } from '../../src/authoring/remark-component-source';
import { rehypeKatexStrict } from '../../src/authoring/rehype-katex-strict';
import { rehypeMathPunctuation } from '../../src/authoring/rehype-math-punctuation';
import { courseHref, remarkCourseLinks } from '../../src/authoring/remark-course-links';

const cwd = process.cwd();

function chapter(rel: string, value: string) {
  return new VFile({ path: path.join(cwd, rel), cwd, value });
}

async function build(file: VFile, base = '/') {
  return String(
    await compile(file, {
      remarkPlugins: [remarkMath, remarkComponentSource, [remarkCourseLinks, { base }]],
      rehypePlugins: [[rehypeKatex, { throwOnError: false }], rehypeKatexStrict, rehypeMathPunctuation],
    }),
  );
}

describe('chapter processing', () => {
  it('tags author components with the file and line they are written on', async () => {
    const out = await build(
      chapter('content/causes/deep-networks.mdx', '# Title\n\n\n<GradientTrace depth={3} />\n\n<Other />\n'),
    );
    expect(out).toContain('__source: "content/causes/deep-networks.mdx:4"');
    // Only components from components/ are tagged.
    expect(out.match(/__source/g)).toHaveLength(1);
  });

  it('fails on TeX that KaTeX cannot render, naming the file, the line and the reason', async () => {
    await expect(build(chapter('content/zh/causes/x.mdx', 'fine $a^2$\n\nbroken $\\frac{1}{$ here\n'))).rejects.toThrow(
      /KaTeX cannot render a formula:\n {2}content\/zh\/causes\/x\.mdx:3: KaTeX parse error: Unexpected end of input/,
    );
  });

  it('renders good TeX to KaTeX markup at build time', async () => {
    const out = await build(chapter('content/a.mdx', '$$\n\\delta_l = W_{l+1}^\\top \\delta_{l+1}\n$$\n'));
    expect(out).toContain('katex-display');
  });

  it('keeps an inline formula and the punctuation after it on one line, in prose and inside components', async () => {
    const out = await build(
      chapter(
        'content/a.mdx',
        'ends with $x = 1$. Then $y$，再 $z$ and\n\n<Exercise>so $w$; done</Exercise>\n\n$$\na.\n$$\n',
      ),
    );
    const wrapped = [...out.matchAll(/className: "vg-nowrap"/g)].length;
    // "$x = 1$." "$y$，" and "$w$;" — not "$z$ and", not the display formula.
    expect(wrapped).toBe(3);
    expect(out).toMatch(/"vg-nowrap"[\s\S]*?"katex"[\s\S]*?"\."/);
  });

  it('prefixes the base path, and the locale in Chinese chapters', async () => {
    const en = await build(chapter('content/index.mdx', '[go](/causes/deep-networks/)\n'), '/course/');
    expect(en).toContain('"/course/causes/deep-networks/"');
    const zh = await build(
      chapter('content/zh/index.mdx', '[去](/causes/deep-networks/) [ext](https://example.org/)\n'),
      '/',
    );
    expect(zh).toContain('"/zh/causes/deep-networks/"');
    expect(zh).toContain('"https://example.org/"');
  });

  it('leaves links that already carry the base or the locale alone', () => {
    expect(courseHref('/course/x/', '/course/', null)).toBe('/course/x/');
    expect(courseHref('/zh/x/', '/', 'zh')).toBe('/zh/x/');
    expect(courseHref('#anchor', '/course/', 'zh')).toBe('#anchor');
    expect(courseHref('//cdn.example/x', '/', null)).toBe('//cdn.example/x');
  });
});
