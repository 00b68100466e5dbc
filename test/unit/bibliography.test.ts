/**
 * One bibliography (issue 13): content/bibliography.json, cited by key. The formatter writes each entry as the
 * chapters wrote their footnotes before the migration (titles and links unchanged, in both editions); a chapter's
 * citations become its numbered references, in its language; an unknown key is named at its line before anything
 * renders.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compile } from '@mdx-js/mdx';
import remarkDirective from 'remark-directive';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import {
  formatCitation,
  formatListing,
  formatReference,
  listedUnder,
  loadBibliography,
  parseBibliography,
  TOPICS,
} from '../../src/authoring/bibliography';
import { courseComponents, describeProblem } from '../../src/authoring/chapter-check';
import { chapterFiles, checkChapterFile } from '../../src/authoring/chapters-check';
import { CITATION, remarkCitations } from '../../src/authoring/remark-citations';

const bibliography = loadBibliography();
const cite = (lang: 'en' | 'zh', ...keys: string[]) =>
  formatCitation(
    keys.map((k) => bibliography.get(k)!),
    lang,
  );

describe('the formatter', () => {
  it('writes each kind of work as the chapters did', () => {
    expect(cite('en', 'glorot')).toBe(
      'X. Glorot and Y. Bengio, [Understanding the difficulty of training deep feedforward neural networks](https://proceedings.mlr.press/v9/glorot10a.html), AISTATS 2010.',
    );
    expect(cite('en', 'bengio07')).toBe(
      'Y. Bengio, P. Lamblin, D. Popovici and H. Larochelle, [Greedy layer-wise training of deep networks](https://proceedings.neurips.cc/paper/2006/hash/5da713a690c067105aeb2fae32403405-Abstract.html), NIPS 19, 2007.',
    );
    expect(cite('en', 'maas')).toMatch(
      /\), ICML Workshop on Deep Learning for Audio, Speech and Language Processing, 2013\.$/,
    );
    expect(cite('en', 'lstm')).toMatch(/\), Neural Computation 9\(8\), 1997\.$/);
    expect(cite('en', 'ba')).toMatch(/\), arXiv:1607\.06450, 2016\.$/);
    expect(cite('en', 'axios')).toMatch(/\), Axios, September 2017\.$/);
    expect(cite('en', 'lecun98')).toMatch(
      /\), in \*Neural Networks: Tricks of the Trade\*, Springer LNCS 1524, 1998\.$/,
    );
    expect(cite('en', 'rumelhart')).toBe(
      'D. E. Rumelhart, G. E. Hinton and R. J. Williams, Learning internal representations by error propagation, in D. E. Rumelhart and J. L. McClelland (eds.), *Parallel Distributed Processing*, vol. 1, MIT Press, 1986, pp. 318–362.',
    );
    expect(cite('en', 'hochreiter91')).toBe(
      'S. Hochreiter, *Untersuchungen zu dynamischen neuronalen Netzen*, diploma thesis, TU München, 1991.',
    );
    expect(cite('en', 'horn')).toMatch(/\), 2nd ed\., Cambridge University Press, 2013\.$/);
    expect(cite('en', 'llama')).toMatch(/^H\. Touvron, T\. Lavril, G\. Izacard et al\., \[/);
  });

  it('adds the translated title in the Chinese edition, and writes a Chinese work in Chinese', () => {
    expect(cite('zh', 'martens', 'sutskever13')).toBe(
      'J. Martens, [Deep learning via Hessian-free optimization](https://icml.cc/Conferences/2010/papers/458.pdf)（用无 Hessian 优化做深度学习）, ICML 2010；' +
        'I. Sutskever, J. Martens, G. Dahl and G. Hinton, [On the importance of initialization and momentum in deep learning](https://proceedings.mlr.press/v28/sutskever13.html)（论初始化与动量在深度学习中的重要性）, ICML 2013.',
    );
    expect(cite('zh', 'zhihu-72589432')).toBe(
      '[梯度消失和梯度爆炸及解决方法](https://zhuanlan.zhihu.com/p/72589432)，知乎。',
    );
    expect(cite('en', 'zhihu-72589432')).toBe(
      '[梯度消失和梯度爆炸及解决方法](https://zhuanlan.zhihu.com/p/72589432) (vanishing and exploding gradients and how to fix them), Zhihu.',
    );
    expect(formatReference(bibliography.get('d2l')!, 'zh')).toBe(
      '阿斯顿·张、李沐、扎卡里·C. 立顿、亚历山大·J. 斯莫拉，[《动手学深度学习》「数值稳定性和模型初始化」](https://zh.d2l.ai/chapter_multilayer-perceptrons/numerical-stability-and-init.html)',
    );
  });

  it('keeps every title, translation and link the chapters’ footnotes had before the migration', () => {
    const before = JSON.parse(
      readFileSync('test/fixtures/bibliography/footnotes-before-migration.json', 'utf8'),
    ) as Record<string, { en: string[]; zh: string[] }>;
    // Footnotes that cited two works are two entries now; two labels of one paper are one entry, linked once.
    const keys: Record<string, string[]> = {
      bengio94: ['bengio94', 'hochreiter91'],
      martens: ['martens', 'sutskever13'],
      schoenholz: ['schoenholz', 'poole'],
      gelfand: ['gelfand', 'horn'],
      he16: ['he2016a'],
      highway: ['srivastava'],
    };
    const relinked = new Map([
      ['https://arxiv.org/abs/1810.04805', 'https://aclanthology.org/N19-1423/'],
      ['https://doi.org/10.1109/CVPR.2016.90', 'https://arxiv.org/abs/1512.03385'],
    ]);
    const lost: string[] = [];
    for (const [label, editions] of Object.entries(before))
      for (const lang of ['en', 'zh'] as const) {
        const now = cite(lang, ...(keys[label] ?? [label]));
        for (const footnote of editions[lang]) {
          for (const [, title, url] of footnote.matchAll(/\[([^\]]+)\]\(([^)]+)\)/g))
            if (!now.includes(`[${title}](${relinked.get(url!) ?? url})`))
              lost.push(`${label} ${lang}: [${title}](${url})`);
          for (const [translation] of footnote.matchAll(/（[^）]*）/g))
            if (
              !now.includes(translation) &&
              !footnote.includes(`${translation}.`) &&
              !/对 G\. Hinton|算法 1|参数初始化/.test(translation)
            )
              lost.push(`${label} ${lang}: ${translation}`);
        }
      }
    expect(lost).toEqual([]);
    expect(Object.keys(before)).toHaveLength(60);
  });

  it('refuses a malformed entry, a doubled id and a "with" that names nothing, naming the entry', () => {
    expect(() => parseBibliography([{ id: 'x', type: 'book' }])).toThrow(
      'content/bibliography.json: entry 1 ("x"): title: Required',
    );
    const book = { id: 'x', type: 'book', title: 'T' };
    expect(() => parseBibliography([book, book])).toThrow('the id "x" is used twice');
    expect(() => parseBibliography([{ ...book, custom: { with: ['y'] } }])).toThrow(
      '"x" is listed with "y", which has no entry',
    );
  });
});

describe('the references page', () => {
  it('lists every entry under a topic, in both languages, and every topic has entries', () => {
    const listed = new Set(
      TOPICS.flatMap((t) => listedUnder(t, bibliography).flatMap((e) => [e.id, ...(e.custom?.with ?? [])])),
    );
    expect([...bibliography.keys()].filter((k) => !listed.has(k))).toEqual([]);
    for (const topic of TOPICS) expect(listedUnder(topic, bibliography).length, topic).toBeGreaterThan(0);
    for (const e of bibliography.values())
      for (const note of Object.values(e.custom?.listed ?? {})) expect(!!note.en, e.id).toBe(!!note.zh);
  });

  it('lists a paper once, as the page says it does, however many chapters cite it', () => {
    const twice = [...bibliography.values()].filter((e) => Object.keys(e.custom?.listed ?? {}).length > 1);
    expect(twice.map((e) => e.id)).toEqual([]);
  });

  it('writes a line as the entry, then what it contributes', () => {
    const glorot = bibliography.get('glorot')!;
    expect(formatListing(glorot, 'depth', bibliography, 'zh')).toMatch(/）, AISTATS 2010。在深层 sigmoid/);
    expect(formatListing(glorot, 'depth', bibliography, 'en')).toMatch(/\), AISTATS 2010\. Tracks activations/);
  });

  it('uses ::bibliography for every topic in both editions', () => {
    for (const file of ['content/references.mdx', 'content/zh/references.mdx']) {
      const topics = [...readFileSync(file, 'utf8').matchAll(/^::bibliography\{topic="([^"]+)"\}$/gm)].map((m) => m[1]);
      expect(topics, file).toEqual([...TOPICS]);
    }
  });
});

async function render(source: string, file: string): Promise<string> {
  const out = await compile(new VFile({ path: path.resolve(file), cwd: process.cwd(), value: source }), {
    remarkPlugins: [remarkGfm, remarkMath, remarkDirective, remarkCitations],
    outputFormat: 'function-body',
  });
  return String(out);
}

describe('citations in a chapter', () => {
  const chapter =
    'First[@glorot], then two[@martens; @sutskever13], the first again[@glorot].\n\n' +
    'A note of my own[^clip].\n\n[^clip]: [@pascanu] (Algorithm 1: clipping by norm).\n';

  it('become numbered references, each written once, and a citation inside a footnote is written in place', async () => {
    const js = await render(chapter, 'content/causes/x.mdx');
    const refs = [...js.matchAll(/href: "#user-content-fn-([^"]+)"/g)].map((m) => m[1]);
    expect(refs).toEqual(['glorot', 'martens+sutskever13', 'glorot', 'clip']);
    expect(js).toContain('children: "Understanding the difficulty of training deep feedforward neural networks"');
    expect(js).toContain('}), ", AISTATS 2010. ", _jsx(');
    expect(js).toContain('}), ", ICML 2013", " (Algorithm 1: clipping by norm). ", _jsx(');
    expect(js).not.toContain('[@');
  });

  it('keep their own note when an author’s footnote has the key as its label', async () => {
    const js = await render(
      'A[@pascanu], B[^pascanu].\n\n[^pascanu]: [@pascanu] (Algorithm 1).\n',
      'content/causes/x.mdx',
    );
    expect([...js.matchAll(/href: "#user-content-fn-([^"]+)"/g)].map((m) => m[1])).toEqual(['cite-pascanu', 'pascanu']);
  });

  it('are written in the Chinese edition’s style there', async () => {
    const js = await render(chapter, 'content/zh/causes/x.mdx');
    expect(js).toContain('}), "（理解训练深层前馈神经网络的困难）, AISTATS 2010. ", _jsx(');
  });

  it('cite only keys the bibliography has, in every chapter', () => {
    const missing = chapterFiles(path.resolve('content')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(CITATION)]
        .flatMap((m) => m[1]!.split(';').map((k) => k.trim().replace(/^@/, '')))
        .filter((k) => !bibliography.has(k))
        .map((k) => `${path.relative(process.cwd(), file)}: ${k}`),
    );
    expect(missing).toEqual([]);
  });
});

describe('both editions of a chapter', () => {
  it('cite the same works', () => {
    const keys = (file: string) =>
      [
        ...new Set(
          [...readFileSync(file, 'utf8').matchAll(CITATION)].flatMap((m) =>
            m[1]!.split(';').map((k) => k.trim().replace(/^@/, '')),
          ),
        ),
      ].sort();
    for (const file of chapterFiles(path.resolve('content')).filter((f) => !f.includes(`${path.sep}zh${path.sep}`))) {
      const zh = file.replace(`${path.sep}content${path.sep}`, `${path.sep}content${path.sep}zh${path.sep}`);
      expect(keys(zh), path.relative(process.cwd(), zh)).toEqual(keys(file));
    }
  });
});

describe('the chapter check on citations', () => {
  it('names an unknown key with the nearest one, a citation written another way and an unknown topic', () => {
    const root = path.resolve('test/fixtures/chapters');
    const problems = checkChapterFile(path.join(root, 'content/causes/citations.mdx'), root, courseComponents()).map(
      describeProblem,
    );
    expect(problems).toEqual([
      'content/causes/citations.mdx:6:60: [@gloriot]: content/bibliography.json has no entry "gloriot"; did you mean [@glorot]?',
      'content/causes/citations.mdx:6:93: [@nobody-at-all]: content/bibliography.json has no entry "nobody-at-all": add the work there (CSL-JSON, with "id": "nobody-at-all").',
      'content/causes/citations.mdx:7:20: [@glorot, p. 3] is not a citation: write [@key], or [@key; @other] for several; to comment on a reference, cite it inside a footnote of your own: "[^note]: [@key], p. 3."',
      'content/causes/citations.mdx:9:1: ::bibliography{topic="depht"}: did you mean topic="depth"? The topics are article, background, depth, activations, weights, outliers, pretraining, clipping, relu-family, batch-norm, residual, lstm (src/authoring/bibliography.ts).',
      'content/causes/citations.mdx:11:1: ::bibliografy is not a directive of the course: did you mean ::bibliography{topic="…"}? The one leaf directive is ::bibliography{topic="…"}, which lists a topic of the bibliography.',
    ]);
  });
});
