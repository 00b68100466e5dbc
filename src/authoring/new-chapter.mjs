/**
 * `npm run new-chapter -- remedies/weight-decay`: a new chapter, ready to fill (issue 13). It writes the English
 * and the Chinese file with the same structure (frontmatter, the frame every chapter has — <Objectives>, a
 * <Predict> before a lab, <Takeaways>, the exercises — a numbered equation and a citation by key), a claims-test stub for what the prose will
 * say, and the chapter's entry at the end of its part of the sidebar (src/sidebar.ts). Every place to write is
 * marked TODO; the files build as they are, so `npm start` shows the page at once.
 *
 * Plain JavaScript, so that Node runs it without a build step (as src/ssr/run-cache-dir.mjs).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';

export class NewChapterError extends Error {
  name = 'NewChapterError';
}

const NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The parts of the course with chapters in the sidebar: `causes`, `remedies`, from their entries' slugs. */
export function sidebarParts(sidebar) {
  return [...new Set([...sidebar.matchAll(/\{ slug: '([a-z0-9-]+)\/[^']+' \}/g)].map((m) => m[1]))];
}

/** "weight-decay" → "Weight decay". */
export function titleOf(name) {
  const words = name.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The sidebar with `{ slug }` after the last chapter of its part. */
export function addToSidebar(sidebar, slug) {
  const part = slug.split('/')[0];
  const entries = [...sidebar.matchAll(new RegExp(`^([ \\t]*)\\{ slug: '${part}/[^']+' \\},?[ \\t]*$`, 'gm'))];
  const last = entries.at(-1);
  if (!last) throw new NewChapterError(`src/sidebar.ts has no chapter under ${part}/ to add ${slug} after.`);
  const end = last.index + last[0].length;
  return `${sidebar.slice(0, end)}\n${last[1]}{ slug: '${slug}' },${sidebar.slice(end)}`;
}

const quote = (s) => `'${s.replace(/'/g, "''")}'`;

const IMPORTS = `import GradientTrace from '@components/GradientTrace.astro';
import Exercise from '@components/Exercise.astro';
import Objectives from '@components/Objectives.astro';
import Predict from '@components/Predict.astro';
import Takeaways from '@components/Takeaways.astro';`;

// The display formula and its label are the same in both editions (test/unit/editions.test.ts, editions.ts).
const FORMULA = `$$
\\frac{\\partial L}{\\partial W_1} = \\frac{\\partial L}{\\partial h_L} \\prod_{l=2}^{L} \\frac{\\partial h_l}{\\partial h_{l-1}} \\, \\frac{\\partial h_1}{\\partial W_1} \\label{eq-todo}
$$`;

function english(slug, title) {
  return `---
title: ${quote(title)}
description: 'TODO: one sentence for search engines and link previews — what goes wrong, and what this chapter shows.'
summary: 'TODO: the chapter''s line on the home page''s map of the course, a short sentence.'
---

${IMPORTS}

<Objectives>
- TODO: explain … (three to five lines, each starting with a verb)
- TODO: predict …
- TODO: choose …
</Objectives>

TODO: the opening paragraph — the question this chapter answers, and how it follows from the chapter before; cite
a paper by its key in content/bibliography.json[@glorot] (add a new paper there first). Link to another chapter
with its path, the same in both editions: [the chain rule](/causes/deep-networks/).

## TODO: the first section

TODO: the argument, with inline math such as $\\sigma'(x) \\le 1/4$ and display math on lines of its own:

${FORMULA}

TODO: refer back to a labelled equation as @eq-todo (it reads "Equation (1)", linked to it).

<Predict correct={2} lab="lab">
TODO: a question about what the lab below shows.

- TODO: a first choice
- TODO: the right choice (the prop \`correct\` counts from 1)
- TODO: a third choice

<Fragment slot="answer">
TODO: why, in a few sentences, and what to press in the lab.
</Fragment>
</Predict>

<GradientTrace id="lab" depth={20} activation="sigmoid" />

TODO: what the figure shows. Quote a number with a value component, not by hand (the authors' catalog,
/authors/components/, lists them); a claim made in words goes into test/claims/chapter-${slug.split('/')[1]}.test.ts.

<Takeaways>
- TODO: the first thing to remember
- TODO: the second
- TODO: the third
</Takeaways>

## Exercises

<Exercise title="TODO: the exercise's title">
TODO: the question.

<Fragment slot="answer">
TODO: the answer.
</Fragment>
</Exercise>
`;
}

function chinese(slug, title) {
  return `---
title: ${quote(`TODO（翻译）：${title}`)}
description: 'TODO（翻译）：一句话，供搜索引擎与链接预览使用。'
summary: 'TODO（翻译）：本章在首页课程地图上的那一行，一个短句。'
---

${IMPORTS}

<Objectives>
- TODO（翻译）：……
- TODO（翻译）：……
- TODO（翻译）：……
</Objectives>

TODO（翻译）：开篇段落；引用与英文版相同的文献键[@glorot]。链接写法与英文版相同：[链式法则](/causes/deep-networks/)。

## TODO（翻译）：第一节

TODO（翻译）：正文，行内公式如 $\\sigma'(x) \\le 1/4$，行间公式独占几行：

${FORMULA}

TODO（翻译）：引用带标签的公式时写 @eq-todo（显示为「式 (1)」，并链接到该公式）。

<Predict correct={2} lab="lab">
TODO（翻译）：关于下方实验的问题。

- TODO（翻译）：第一个选项
- TODO（翻译）：正确选项（与英文版顺序相同）
- TODO（翻译）：第三个选项

<Fragment slot="answer">
TODO（翻译）：原因，以及在实验中该按什么。
</Fragment>
</Predict>

<GradientTrace id="lab" depth={20} activation="sigmoid" />

TODO（翻译）：图中所见；数字与英文版使用相同的数值组件，文字中的论断写进
test/claims/chapter-${slug.split('/')[1]}.test.ts。

<Takeaways>
- TODO（翻译）
- TODO（翻译）
- TODO（翻译）
</Takeaways>

## 练习

<Exercise title="TODO（翻译）">
TODO（翻译）：问题。

<Fragment slot="answer">
TODO（翻译）：答案。
</Fragment>
</Exercise>
`;
}

function claimsTest(slug, name) {
  return `/**
 * The claims of content/${slug}.mdx (and its Chinese edition) that are made in words, held on the code that
 * produces the chapter's figures. Numbers printed in the chapter come from value components, which check their own
 * claims at build time; these tests cover what the prose says around them, on the same seeded runs
 * (buildRun from src/ssr/runs, as test/claims/chapter-weights.test.ts does).
 */
import { describe, it } from 'vitest';

describe('${name} chapter: the claims in its prose', () => {
  // Replace with one test per claim, then delete this line.
  it.todo('every sentence of content/${slug}.mdx that states a number or a comparison in words');
});
`;
}

/** `text` as Prettier writes the file (the stub's lines are as long as the chapter's path). */
async function formatted(file, text) {
  return prettier.format(text, { ...(await prettier.resolveConfig(file)), filepath: file });
}

/**
 * Create the chapter `slug` ("remedies/weight-decay") in the project at `root`; resolves to the files written and
 * changed, relative to `root`. Writes nothing if any of them exists already.
 */
export async function newChapter(root, slug) {
  const sidebarFile = path.join(root, 'src/sidebar.ts');
  const sidebar = readFileSync(sidebarFile, 'utf8');
  const parts = sidebarParts(sidebar);
  const [part, name, ...rest] = (slug ?? '').split('/');
  const example = `${parts.at(-1) ?? 'remedies'}/weight-decay`;
  if (!slug) throw new NewChapterError(`Name the chapter: npm run new-chapter -- ${example}`);
  if (rest.length || !name || !parts.includes(part) || !NAME.test(name))
    throw new NewChapterError(
      `"${slug}" is not a chapter path: write a part of the course (${parts.join(', ')}), a slash and a name of ` +
        `lower-case words joined by "-", e.g. npm run new-chapter -- ${example}`,
    );
  const files = {
    [`content/${slug}.mdx`]: english(slug, titleOf(name)),
    [`content/zh/${slug}.mdx`]: chinese(slug, titleOf(name)),
    [`test/claims/chapter-${name}.test.ts`]: await formatted(
      path.join(root, `test/claims/chapter-${name}.test.ts`),
      claimsTest(slug, titleOf(name)),
    ),
  };
  const taken = Object.keys(files).filter((f) => existsSync(path.join(root, f)));
  if (taken.length)
    throw new NewChapterError(`${taken.join(' and ')} already exist${taken.length > 1 ? '' : 's'}: nothing written.`);
  if (sidebar.includes(`slug: '${slug}'`)) throw new NewChapterError(`src/sidebar.ts already lists ${slug}.`);
  const nextSidebar = addToSidebar(sidebar, slug);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  writeFileSync(sidebarFile, nextSidebar);
  return [...Object.keys(files), 'src/sidebar.ts'];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const slug = process.argv[2];
  try {
    const written = await newChapter(process.cwd(), slug);
    console.log(
      [
        `New chapter ${slug}:`,
        ...written.map((f) => `  ${f}`),
        '',
        'Next: replace every TODO, in both editions; say in the claims test what the prose claims in words;',
        `see it at http://localhost:4321/${slug}/ (npm start). Two lists are kept by hand: add the chapter to the`,
        'course map on the home page (content/index.mdx, both editions) and to the count in test/unit/editions.test.ts.',
      ].join('\n'),
    );
  } catch (error) {
    if (!(error instanceof NewChapterError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}
