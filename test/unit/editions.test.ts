/**
 * The English and Chinese editions of a page are one page in two languages: every page exists in both, with the
 * same figures and exercises in the same order, the same numbers quoted (the same value components and props; a
 * sentence may put them in another order), the same display formulas (words in \text{} aside) and the same papers
 * cited. Only the prose between them is translated.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve('content');

function pages(dir = ROOT, rel = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return rel === '' && name === 'zh' ? [] : pages(full, path.join(rel, name));
    return /\.mdx?$/.test(name) ? [path.join(rel, name)] : [];
  });
}

const read = (file: string) => readFileSync(file, 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Every component tag with its props, `<RemedyValue lab="ReluFamilyLab" value="ratio" at={1} />`, except the
 * one prop that is words (an exercise's title).
 */
const components = (mdx: string) =>
  [...mdx.matchAll(/<([A-Z][A-Za-z]*)\b([^<>]*?)\/?>/g)].map((m) =>
    squash(`${m[1]} ${m[2]!.replace(/\btitle="[^"]*"/, '')}`),
  );
/** A number quoted in the prose (<TraceValue>, <RemedyValue>, …). */
const isValue = (tag: string) => /^\w+Value /.test(tag);
/** Display formulas, between lines of $$, with the words inside \text{} left out. */
const displays = (mdx: string) =>
  [...mdx.matchAll(/^\$\$\n([\s\S]*?)\n\$\$$/gm)].map((m) => squash(m[1]!.replace(/\\text\{[^{}]*\}/g, '\\text{}')));
/** Each `<details>` block written in the chapter (a collapsed derivation), as the display formulas it holds. */
const derivations = (mdx: string) =>
  [...mdx.matchAll(/^<details>\n([\s\S]*?)^<\/details>$/gm)].map((m) => displays(m[1]!));
/** The keys of the footnotes a page defines. */
const notes = (mdx: string) => [...mdx.matchAll(/^\[\^([^\]]+)\]:/gm)].map((m) => m[1]).sort();

describe.each(pages().map((p) => [p]))('%s', (page) => {
  const en = read(path.join(ROOT, page));
  const zhFile = path.join(ROOT, 'zh', page);

  it('has a Chinese edition with the same figures and exercises in order, and the same numbers', () => {
    expect(statSync(zhFile).isFile()).toBe(true);
    const [a, b] = [components(en), components(read(zhFile))];
    expect(b.filter((c) => !isValue(c))).toEqual(a.filter((c) => !isValue(c)));
    expect(b.filter(isValue).sort()).toEqual(a.filter(isValue).sort());
  });

  it('sets the same display formulas and cites the same papers', () => {
    const zh = read(zhFile);
    expect(displays(zh)).toEqual(displays(en));
    expect(notes(zh)).toEqual(notes(en));
  });

  it('puts the same derivations behind a disclosure (<details>), with the same formulas', () => {
    expect(derivations(read(zhFile))).toEqual(derivations(en));
  });
});

/** The lines of the Markdown list inside each `<Name>…</Name>` block (the choices of a <Predict>, its answer left out). */
const listLengths = (mdx: string, name: string) =>
  [...mdx.matchAll(new RegExp(`^<${name}\\b[^>]*>\\n([\\s\\S]*?)^</${name}>`, 'gm'))].map(
    (m) => m[1]!.replace(/<Fragment slot="answer">[\s\S]*?<\/Fragment>/, '').match(/^- /gm)?.length ?? 0,
  );

/** The chapters proper (causes and remedies): each opens with its goals, closes with its take-aways, and has a prediction. */
const chapters = pages().filter((p) => /^(causes|remedies)\//.test(p));

describe.each(chapters.map((p) => [p]))('%s: goals, take-aways and predictions', (page) => {
  const editions = [read(path.join(ROOT, page)), read(path.join(ROOT, 'zh', page))];

  it('opens with <Objectives>, closes with <Takeaways> before the exercises, and asks at least one <Predict>', () => {
    for (const mdx of editions) {
      const body = mdx.replace(/^import .*\n/gm, '').trimStart();
      expect(body.startsWith('<Objectives>')).toBe(true);
      expect(listLengths(mdx, 'Objectives')).toHaveLength(1);
      expect(listLengths(mdx, 'Takeaways')).toHaveLength(1);
      expect(mdx).toMatch(/^<\/Takeaways>\n\n## [^\n]+\n\n<Exercise\b/m);
      expect(listLengths(mdx, 'Predict').length).toBeGreaterThanOrEqual(1);
    }
  });

  it('has as many lines of goals and take-aways, and the same choices, in both editions', () => {
    const [en, zh] = editions as [string, string];
    for (const name of ['Objectives', 'Takeaways', 'Predict'])
      expect(listLengths(zh, name), name).toEqual(listLengths(en, name));
    for (const n of [...listLengths(en, 'Objectives'), ...listLengths(en, 'Takeaways')]) {
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(5);
    }
  });
});

it('finds the pages (the test would pass vacuously on an empty folder)', () => {
  expect(pages().length).toBeGreaterThanOrEqual(12);
  expect(chapters).toHaveLength(10);
});
