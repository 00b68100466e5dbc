/**
 * Search indexes a formula once, as the reader sees it: KaTeX's MathML copy (and the TeX source in its <annotation>)
 * is marked data-pagefind-ignore at build time (src/authoring/rehype-katex-search.ts), so excerpts no longer read
 * "α=0.01\alpha = 0.01α=0.01". The MathML stays in the page for screen readers.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { parseHTML } from 'linkedom';
import { launch, open, site, SLUGS } from './harness';
import { E2E_OUT } from './paths.mjs';

/** The pages search indexes: the authors' guide, like the component catalog, is left out (`pagefind: false`). */
const SEARCHED = SLUGS.filter(
  (slug) =>
    !/^pagefind: false$/m.test(readFileSync(`content/${slug === '' ? 'index' : slug.slice(0, -1)}.mdx`, 'utf8')),
);

/** Every page of the build, as its path under the site ('' for the home page, 'zh/causes/x/'). */
function builtPages(dir = E2E_OUT, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory() && !e.name.startsWith('_') && e.name !== 'pagefind')
      return builtPages(path.join(dir, e.name), `${prefix}${e.name}/`);
    return e.name === 'index.html' ? [prefix] : [];
  });
}

describe('the built pages', () => {
  it('mark every formula’s MathML for search to skip, and keep it in the page', () => {
    const pages = builtPages();
    expect(pages.length).toBeGreaterThanOrEqual(2 * SLUGS.length);
    let formulas = 0;
    const unmarked: string[] = [];
    for (const p of pages) {
      const { document } = parseHTML(readFileSync(path.join(E2E_OUT, p, 'index.html'), 'utf8'));
      for (const mathml of document.querySelectorAll('.katex-mathml')) {
        formulas++;
        // The MathML is still there, whole, for assistive technology.
        expect(mathml.querySelector('math annotation[encoding="application/x-tex"]')).not.toBeNull();
        if (!mathml.hasAttribute('data-pagefind-ignore')) unmarked.push(`${p}: ${mathml.textContent?.slice(0, 40)}`);
      }
    }
    expect(unmarked).toEqual([]);
    expect(formulas).toBeGreaterThan(500);
  });
});

interface Hit {
  url: string;
  excerpt: string;
  content: string;
}

/**
 * Pagefind's own answer, through its JavaScript API, in the language of the page it is asked from. The script is a
 * string: vitest would rewrite an import() written in this file into its own loader, which the page does not have.
 */
function search(page: Page, query: string): Promise<Hit[]> {
  const base = JSON.stringify(site().base);
  return page.evaluate(`(async () => {
    const pagefind = await import(${base} + 'pagefind/pagefind.js');
    await pagefind.options({ baseUrl: ${base} });
    const found = await pagefind.search(${JSON.stringify(query)});
    const data = await Promise.all(found.results.map((r) => r.data()));
    return data.map((d) => ({ url: d.url, excerpt: d.excerpt, content: d.content }));
  })()`);
}

/** The formula α = 0.01 as KaTeX draws it (a footnote's number may follow it after a space). */
const ALPHA = /α\s*=\s*0\.01(?!\d)/g;

/** A TeX control word (\alpha, \frac, \lVert): the annotation's source, never words a reader wrote. */
const TEX = /\\[a-zA-Z]+/;

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe.each([
  { prefix: '', queries: ['gradient', 'the', 'references'] },
  { prefix: 'zh/', queries: ['梯度', '的', '参考文献'] },
])('search (/$prefix)', ({ prefix, queries }) => {
  it('indexes no TeX source on any page', async () => {
    const { page, errors, close } = await open(browser, prefix);
    try {
      const hits = new Map<string, Hit>();
      for (const q of queries) for (const h of await search(page, q)) hits.set(h.url, h);
      // Every chapter of this language is among the pages searched.
      expect(hits.size).toBeGreaterThanOrEqual(SEARCHED.length);
      const withTex = [...hits.values()]
        .filter((h) => TEX.test(h.content) || TEX.test(h.excerpt))
        .map((h) => `${h.url}: …${h.content.slice(Math.max(0, h.content.search(TEX) - 30)).slice(0, 80)}…`);
      expect(withTex).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('shows a formula once in an excerpt, as it is drawn', async () => {
    const { page, close } = await open(browser, prefix);
    try {
      // "Maas, Hannun and Ng introduced the leaky version with $\alpha = 0.01$": the issue's own example.
      const hit = (await search(page, 'Hannun')).find((h) => h.url.endsWith(`${prefix}remedies/relu-family/`));
      expect(hit, 'the ReLU chapter is found').toBeDefined();
      const excerpt = hit!.excerpt.replace(/<[^>]+>/g, '');
      expect(excerpt.match(ALPHA)).toHaveLength(1);
      expect(excerpt).not.toMatch(TEX);
      // Over the whole chapter, no more copies of the formula than the chapter writes (MathML made it twice as many).
      const source = readFileSync(`content/${prefix}remedies/relu-family.mdx`, 'utf8');
      const written = source.match(/\$\\alpha = 0\.01\$/g)?.length ?? 0;
      const indexed = hit!.content.match(ALPHA)?.length ?? 0;
      expect(indexed).toBeGreaterThanOrEqual(1);
      expect(indexed).toBeLessThanOrEqual(written);
    } finally {
      await close();
    }
  });
});
