/**
 * The chapter check (issue 13): each mistake an author makes in a chapter is named with its file, line and column,
 * what is wrong and what to write instead, before anything renders. One fixture chapter per mistake, under
 * test/fixtures/chapters/content/ (outside the site's content/, so the site never builds them); the messages are
 * pinned as an author reads them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compile } from '@mdx-js/mdx';
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import { VFile } from 'vfile';
import { describe, expect, it, vi } from 'vitest';
import { CATALOG } from '../../src/authoring/catalog';
import { courseComponents, describeProblem, remarkChapterCheck } from '../../src/authoring/chapter-check';
import { checkChapterFile, checkChapters, chaptersCheck } from '../../src/authoring/chapters-check';
import { authorComponentNames, COMPONENTS_DIR } from '../../src/authoring/component-names';
import { editDistance, nearestName } from '../../src/authoring/nearest-name';

const ROOT = path.resolve('test/fixtures/chapters');
const check = (name: string) =>
  checkChapterFile(path.join(ROOT, 'content/causes', `${name}.mdx`), ROOT, courseComponents()).map(describeProblem);
const checkOne = (name: string) =>
  checkChapters(path.join(ROOT, 'content'), ROOT)
    .map(describeProblem)
    .filter((line) => line.startsWith(`content/causes/${name}.mdx:`));

describe('the chapter check, one fixture per mistake', () => {
  it('accepts a chapter that uses every construct correctly', () => {
    expect(checkOne('good')).toEqual([]);
  });

  it('names each bad prop at its attribute, against the schema the component parses', () => {
    expect(checkOne('bad-prop')).toEqual([
      'content/causes/bad-prop.mdx:9:16: <GradientTrace>: prop "depth" is 500; expected an integer from 1 to 64',
      'content/causes/bad-prop.mdx:9:28: <GradientTrace>: prop "activation" is "sigmod"; expected one of "sigmoid", "tanh", "relu", "leaky-relu", "elu", "gelu", "swish"',
      'content/causes/bad-prop.mdx:9:48: <GradientTrace>: unknown prop "depht": did you mean "depth"? (allowed props: depth, width, activation, init, initScale, learningRate, batchSize, seed, steps, maxSteps, compare, id)',
      'content/causes/bad-prop.mdx:9:59: <GradientTrace>: unknown prop "compare.activaton": did you mean "compare.activation"? (allowed props: depth, width, activation, init, initScale, learningRate, batchSize)',
    ]);
  });

  it('names an unknown component with the nearest valid name, and how to import it', () => {
    const components = [...authorComponentNames()].sort().join(', ');
    expect(checkOne('unknown-component')).toEqual([
      'content/causes/unknown-component.mdx:9:1: <GradientTrac> is not a component: did you mean <GradientTrace>?',
      "content/causes/unknown-component.mdx:11:1: <InitLabb> is not a component: did you mean <InitLab>? (and import it: `import InitLab from '@components/InitLab.astro';`)",
      `content/causes/unknown-component.mdx:13:1: <Heatmap> is not a component: the components are the files in components/ (${components}); import one with \`import Name from '@components/Name.astro';\`.`,
    ]);
  });

  it('names a component that exists but is not imported, with the line to add', () => {
    expect(checkOne('not-imported')).toEqual([
      "content/causes/not-imported.mdx:6:14: <TraceValue> is used but not imported: add `import TraceValue from '@components/TraceValue.astro';` below the frontmatter.",
    ]);
  });

  it('names an <Exercise> or a <Predict> without its answer, and an answer Astro cannot see', () => {
    expect(checkOne('missing-answer')).toEqual([
      'content/causes/missing-answer.mdx:9:1: <Exercise> has no answer: add <Fragment slot="answer">…</Fragment> inside it, on its own lines after the question.',
      'content/causes/missing-answer.mdx:14:22: <Exercise>\'s answer is inside a paragraph, where Astro does not see it as the "answer" slot: start it on its own line, with a blank line above.',
      'content/causes/missing-answer.mdx:27:1: <Predict> has no answer: add <Fragment slot="answer">…</Fragment> inside it, on its own lines after the list of choices.',
    ]);
  });

  it('names an import of a file that does not exist, with the file meant', () => {
    expect(checkOne('bad-import')).toEqual([
      'content/causes/bad-import.mdx:5:1: import "@components/GradientTrac.astro": there is no file components/GradientTrac.astro; did you mean "@components/GradientTrace.astro"?',
      'content/causes/bad-import.mdx:6:1: import "@components/TraceValue": there is no file components/TraceValue; did you mean "@components/TraceValue.astro"?',
      'content/causes/bad-import.mdx:7:1: import "../components/Exercise.astro": there is no file content/components/Exercise.astro; did you mean "@components/Exercise.astro"?',
    ]);
  });

  it('names a footnote reference without its definition (not an escaped one, code or a formula), and one never cited', () => {
    expect(checkOne('undefined-footnote')).toEqual([
      'content/causes/undefined-footnote.mdx:6:65: footnote [^nope] has no definition, so the page would show "[^nope]" as text: add a line "[^nope]: …" with the reference at the end of the chapter.',
      'content/causes/undefined-footnote.mdx:7:72: footnote [^glort] has no definition, so the page would show "[^glort]" as text: did you mean [^glorot]? Otherwise add a line "[^glort]: …" with the reference at the end of the chapter.',
      "content/causes/undefined-footnote.mdx:10:1: footnote [^he] is defined but never cited, so the page's references leave it out: cite it in the prose as [^he], or delete its line.",
    ]);
  });

  it('names a container directive that is not one of Starlight’s asides', () => {
    expect(checkOne('unknown-aside')).toEqual([
      'content/causes/unknown-aside.mdx:10:1: ":::warning" is not one of Starlight\'s asides, so it would render as a plain box: write :::note, :::tip, :::caution or :::danger.',
    ]);
  });

  it('names where MDX stops reading, for an unclosed tag', () => {
    expect(checkOne('unclosed-tag')).toEqual([
      'content/causes/unclosed-tag.mdx:7:1: MDX cannot read this: Expected a closing tag for `<Exercise>` (7:1-7:24). Close every tag (<Name …/> or <Name>…</Name>), and write a literal {, } or < in prose as \\{, \\} or &lt;.',
    ]);
  });

  it('has a fixture for every mistake, each failing on its own', () => {
    const fixtures = readdirSync(path.join(ROOT, 'content/causes')).map((f) => f.replace(/\.mdx$/, ''));
    for (const name of fixtures) expect(checkOne(name).length > 0, name).toBe(name !== 'good');
    // Each file is checked alone, as the build reads it.
    expect(check('bad-prop')).toEqual(checkOne('bad-prop'));
  });
});

/** The problems the dev server's remark plugin reports for an in-memory chapter content/x.mdx. */
async function devCheck(value: string): Promise<string[]> {
  const file = new VFile({ path: path.join(process.cwd(), 'content/x.mdx'), cwd: process.cwd(), value });
  try {
    await compile(file, { remarkPlugins: [remarkGfm, remarkMath, remarkChapterCheck] });
    return [];
  } catch (error) {
    return (error as Error).message
      .split('\n')
      .slice(1)
      .map((line) => line.trim());
  }
}

describe('props the source does not spell out', () => {
  const props = (jsx: string) => devCheck(`import GradientTrace from '@components/GradientTrace.astro';\n\n${jsx}\n`);

  it('checks the props it can read and leaves a computed value to the component', async () => {
    expect(await props('<GradientTrace depth={n} activaton="relu" />')).toEqual([
      'content/x.mdx:3:26: <GradientTrace>: unknown prop "activaton": did you mean "activation"? (allowed props: depth, width, activation, init, initScale, learningRate, batchSize, seed, steps, maxSteps, compare, id)',
    ]);
    expect(await props('<GradientTrace depth={Math.max(2, 3)} />')).toEqual([]);
    expect(await props('<GradientTrace {...settings} depht={3} />')).toEqual([]);
  });

  it('reads literals written as JSX expressions', async () => {
    expect(await props('<GradientTrace depth={-2} learningRate={1 / 0} batchSize={2 ** 3} />')).toEqual([
      'content/x.mdx:3:16: <GradientTrace>: prop "depth" is -2; expected an integer from 1 to 64',
      'content/x.mdx:3:27: <GradientTrace>: prop "learningRate" is Infinity; expected a number greater than 0 and at most 10',
    ]);
    expect(
      await props("<GradientTrace activation={`tanh`} compare={{ 'depth': 3 }} steps={1e2} batchSize={2 ** 3} />"),
    ).toEqual([]);
  });

  it('checks every component against the very schema the component parses its props with', async () => {
    // components/X.astro calls parseProps('X', xSchema, …) with xSchema from src/authoring/schemas/: the catalog,
    // which the check reads its schemas from, must hold that same object for X.
    for (const name of authorComponentNames()) {
      const source = readFileSync(path.join(COMPONENTS_DIR, `${name}.astro`), 'utf8');
      const call = /parseProps\('(\w+)', (\w+)/.exec(source);
      expect(call, `${name}.astro validates its props with parseProps`).not.toBeNull();
      const [, component, schemaName] = call!;
      expect(component, `${name}.astro`).toBe(name);
      const from = new RegExp(
        `import \\{[^}]*\\b${schemaName}\\b[^}]*\\} from '\\.\\./src/authoring/schemas/([\\w-]+)'`,
      ).exec(source);
      expect(from, `${name}.astro imports ${schemaName} from src/authoring/schemas/`).not.toBeNull();
      const schemas = (await import(`../../src/authoring/schemas/${from![1]}.ts`)) as Record<string, unknown>;
      expect(CATALOG.find((e) => e.name === name)?.schema === schemas[schemaName!], name).toBe(true);
    }
  });
});

describe('the dev server’s check of one chapter', () => {
  it('fails the chapter at its first mistake, listing every one', async () => {
    const file = new VFile({
      path: path.join(process.cwd(), 'content/causes/x.mdx'),
      cwd: process.cwd(),
      value: "import Exercise from '@components/Exercise.astro';\n\nSee [^nope].\n\n<Exercise>Why?</Exercise>\n",
    });
    const error = await compile(file, { remarkPlugins: [remarkGfm, remarkMath, remarkChapterCheck] }).then(
      () => null,
      (e: unknown) => e as { line: number; column: number; message: string },
    );
    expect(error).toMatchObject({ line: 3, column: 5 });
    expect(error?.message).toBe(
      [
        '2 mistakes in content/causes/x.mdx:',
        '  content/causes/x.mdx:3:5: footnote [^nope] has no definition, so the page would show "[^nope]" as text: add a line "[^nope]: …" with the reference at the end of the chapter.',
        '  content/causes/x.mdx:5:1: <Exercise> has no answer: add <Fragment slot="answer">…</Fragment> inside it, on its own lines after the question.',
      ].join('\n'),
    );
  });
});

describe('the build’s check of every chapter', () => {
  const hook = (integration: AstroIntegration) =>
    integration.hooks['astro:config:setup'] as unknown as (o: object) => void;
  const logger = () =>
    ({ info: vi.fn(), warn: vi.fn() }) as unknown as AstroIntegrationLogger & {
      info: ReturnType<typeof vi.fn>;
      warn: ReturnType<typeof vi.fn>;
    };
  const config = { root: pathToFileURL(`${ROOT}/`) };

  it('stops `astro build` with every mistake of every chapter', () => {
    const run = () => hook(chaptersCheck())({ config, command: 'build', logger: logger() });
    expect(run).toThrow(/^\d+ mistakes in the chapters:\n {2}content\/causes\/bad-import\.mdx:5:1: import/);
    expect(run).toThrow('\n  content/causes/unknown-component.mdx:9:1: <GradientTrac> is not a component');
    // Astro shows the chapter's lines around the first mistake.
    expect(run).toThrow(
      expect.objectContaining({ loc: { file: path.join(ROOT, 'content/causes/bad-import.mdx'), line: 5, column: 1 } }),
    );
  });

  it('only warns when the dev server starts, which then shows each chapter’s problems in its overlay', () => {
    const log = logger();
    hook(chaptersCheck())({ config, command: 'dev', logger: log });
    expect(log.warn).toHaveBeenCalledWith(expect.stringContaining('content/causes/bad-prop.mdx:9:16'));
  });

  it('passes the course, and says how long it took', () => {
    const log = logger();
    hook(chaptersCheck())({ config: { root: pathToFileURL(`${process.cwd()}/`) }, command: 'build', logger: log });
    expect(log.info).toHaveBeenCalledWith(expect.stringMatching(/^every chapter checked in \d+ ms: no mistakes$/));
  });
});

describe('the nearest name', () => {
  it('counts a swapped pair of letters as one edit, and ignores case', () => {
    expect(editDistance('depht', 'depth')).toBe(1);
    expect(editDistance('gradienttrace', 'GradientTrace')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests only a name within a third of the length of what was typed', () => {
    expect(nearestName('GradientTrac', ['TraceValue', 'GradientTrace'])).toBe('GradientTrace');
    expect(nearestName('seed', ['depth', 'width'])).toBeUndefined();
    expect(nearestName('tanh', ['tanh'])).toBeUndefined();
  });
});
