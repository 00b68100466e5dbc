/**
 * `npm run new-chapter -- <part>/<name>`: both editions, a claims-test stub and the sidebar entry, written into a
 * copy of the project's sidebar in a temporary folder; the chapters it writes pass the checks the build and the
 * editions test apply to every chapter.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { docsSchema } from '@astrojs/starlight/schema';
import * as prettier from 'prettier';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkChapters } from '../../src/authoring/chapters-check';
import { describeProblem } from '../../src/authoring/chapter-check';
import { missingEditions } from '../../src/authoring/editions';
import { addToSidebar, newChapter, sidebarParts, titleOf } from '../../src/authoring/new-chapter.mjs';

const SCRIPT = path.resolve('src/authoring/new-chapter.mjs');
let root = '';
const read = (rel: string) => readFileSync(path.join(root, rel), 'utf8');

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'new-chapter-'));
  mkdirSync(path.join(root, 'src'));
  writeFileSync(path.join(root, 'src/sidebar.ts'), readFileSync('src/sidebar.ts', 'utf8'));
  // The project's Prettier settings, which the stub is formatted with.
  writeFileSync(path.join(root, '.prettierrc.json'), readFileSync('.prettierrc.json', 'utf8'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** The sidebar module's value: src/sidebar.ts is one exported literal. */
const sidebarOf = (source: string) =>
  new Function(source.replace('export const sidebar =', 'return'))() as {
    label?: string;
    items?: { slug?: string }[];
  }[];

/** The frontmatter, as Starlight's schema for the docs collection reads it (plain `key: 'value'` lines here). */
function frontmatter(mdx: string) {
  const block = /^---\n([\s\S]*?)\n---\n/.exec(mdx)![1]!;
  const data = Object.fromEntries(
    block.split('\n').map((line) => {
      const [, key, value] = /^(\w+): '((?:[^']|'')*)'$/.exec(line)!;
      return [key, value!.replace(/''/g, "'")];
    }),
  );
  // The scaffold writes no image; Astro's image() schema needs the build's asset pipeline, so a stand-in serves.
  return docsSchema()({ image: (() => z.string()) as never }).parse(data);
}

describe('npm run new-chapter', () => {
  it('writes both editions, a claims-test stub and the sidebar entry', async () => {
    const before = read('src/sidebar.ts');
    expect(await newChapter(root, 'remedies/weight-decay')).toEqual([
      'content/remedies/weight-decay.mdx',
      'content/zh/remedies/weight-decay.mdx',
      'test/claims/chapter-weight-decay.test.ts',
      'src/sidebar.ts',
    ]);
    // The entry goes last among the remedies, and nothing else in the sidebar changes.
    const remedies = sidebarOf(read('src/sidebar.ts')).find((g) => g.label === 'Remedies')!.items!;
    expect(remedies.at(-1)).toEqual({ slug: 'remedies/weight-decay' });
    expect(read('src/sidebar.ts').replace("      { slug: 'remedies/weight-decay' },\n", '')).toBe(before);
    expect(frontmatter(read('content/remedies/weight-decay.mdx'))).toMatchObject({ title: 'Weight decay' });
    expect(frontmatter(read('content/zh/remedies/weight-decay.mdx')).title).toContain('Weight decay');
  });

  it('writes chapters that pass the build’s checks and have the frame every chapter has', async () => {
    await newChapter(root, 'causes/saturation');
    expect(checkChapters(path.join(root, 'content'), root).map(describeProblem)).toEqual([]);
    expect(missingEditions(path.join(root, 'content'))).toEqual([]);
    for (const file of ['content/causes/saturation.mdx', 'content/zh/causes/saturation.mdx']) {
      const mdx = read(file).replace(/^---\n[\s\S]*?\n---\n/, '');
      expect(
        mdx
          .replace(/^import .*\n/gm, '')
          .trimStart()
          .startsWith('<Objectives>'),
        file,
      ).toBe(true);
      expect(mdx, file).toMatch(/^<\/Takeaways>\n\n## [^\n]+\n\n<Exercise\b/m);
      expect(mdx, file).toMatch(/^<Predict correct=\{2\} lab="lab">$/m);
      expect(mdx, file).toContain('<GradientTrace id="lab"');
    }
  });

  it('writes a claims-test stub that reports itself as to do, formatted as the linter wants', async () => {
    await newChapter(root, 'remedies/a-chapter-with-a-name-long-enough-to-wrap-the-line');
    const file = 'test/claims/chapter-a-chapter-with-a-name-long-enough-to-wrap-the-line.test.ts';
    const stub = read(file);
    expect(stub).toContain('content/remedies/a-chapter-with-a-name-long-enough-to-wrap-the-line.mdx');
    expect(stub).toMatch(/^ {2}it\.todo\(/m);
    expect(await prettier.check(stub, { ...(await prettier.resolveConfig(SCRIPT)), filepath: file })).toBe(true);
    expect(stub).toMatch(/^ {4}'every sentence of content\/remedies\/a-chapter/m);
  });

  it('writes nothing over an existing chapter', async () => {
    await newChapter(root, 'remedies/weight-decay');
    const sidebar = read('src/sidebar.ts');
    writeFileSync(path.join(root, 'content/remedies/weight-decay.mdx'), 'mine');
    await expect(newChapter(root, 'remedies/weight-decay')).rejects.toThrow(
      'content/remedies/weight-decay.mdx and content/zh/remedies/weight-decay.mdx and test/claims/chapter-weight-decay.test.ts already exist: nothing written.',
    );
    expect(read('content/remedies/weight-decay.mdx')).toBe('mine');
    expect(read('src/sidebar.ts')).toBe(sidebar);
  });

  it('says what a chapter path looks like', async () => {
    const message =
      'is not a chapter path: write a part of the course (causes, remedies), a slash and a name of lower-case words ' +
      'joined by "-", e.g. npm run new-chapter -- remedies/weight-decay';
    await expect(newChapter(root, 'weight-decay')).rejects.toThrow(`"weight-decay" ${message}`);
    await expect(newChapter(root, 'tricks/weight-decay')).rejects.toThrow(`"tricks/weight-decay" ${message}`);
    await expect(newChapter(root, 'remedies/Weight_Decay')).rejects.toThrow(`"remedies/Weight_Decay" ${message}`);
    await expect(newChapter(root, '')).rejects.toThrow(
      'Name the chapter: npm run new-chapter -- remedies/weight-decay',
    );
  });

  it('runs from npm, printing what it wrote, or the problem and a failing exit code', () => {
    const run = (slug: string) => spawnSync(process.execPath, [SCRIPT, slug], { cwd: root, encoding: 'utf8' });
    const ok = run('causes/saturation');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('New chapter causes/saturation:\n  content/causes/saturation.mdx\n');
    const bad = run('causes/saturation');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('already exist: nothing written.');
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['new-chapter']).toBe('node src/authoring/new-chapter.mjs');
  });
});

describe('its parts', () => {
  const sidebar = readFileSync('src/sidebar.ts', 'utf8');

  it('reads the parts of the course from the sidebar and titles a chapter from its name', () => {
    expect(sidebarParts(sidebar)).toEqual(['causes', 'remedies']);
    expect(titleOf('weight-decay')).toBe('Weight decay');
  });

  it('adds an entry after the last chapter of its part only', () => {
    const causes = sidebarOf(addToSidebar(sidebar, 'causes/saturation')).find((g) => g.label === 'Causes')!.items!;
    expect(causes.map((i) => i.slug)).toEqual([
      ...sidebarOf(sidebar)[1]!.items!.map((i) => i.slug),
      'causes/saturation',
    ]);
  });
});
