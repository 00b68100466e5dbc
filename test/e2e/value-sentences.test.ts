/**
 * A value component is one number in a sentence, wherever the author put it in the source line
 * (src/authoring/remark-inline-values.ts): on every built page, in both languages, each value sits in a paragraph
 * (or a list item, a table cell…) with words of its own, never in a block by itself.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { ALL_PAGES } from './harness';
import { E2E_OUT } from './paths.mjs';

/** The blocks a sentence can live in. */
const SENTENCE = 'p, li, td, th, dd, dt, figcaption, summary, caption, h1, h2, h3, h4, h5, h6';

describe.each(ALL_PAGES)('/$path', ({ path: page }) => {
  it('has no value outside a sentence', () => {
    const { document } = parseHTML(readFileSync(path.join(E2E_OUT, page, 'index.html'), 'utf8'));
    const alone = [...document.querySelectorAll('main .vg-value')].flatMap((value) => {
      const block = value.parentElement?.closest(SENTENCE);
      const words = (block?.textContent ?? '').replace(value.textContent ?? '', '');
      // Words of its own: a letter or a CJK character besides the number.
      return block && /[\p{L}]/u.test(words)
        ? []
        : [`${value.textContent} in <${block?.tagName.toLowerCase() ?? value.parentElement?.tagName.toLowerCase()}>`];
    });
    expect(alone).toEqual([]);
  });
});
