/**
 * <Objectives>, <Takeaways> and <Predict>: the errors an author sees for a wrong prop (pinned word for word, with
 * the file and line), and how their children are read — one Markdown list, and for <Predict> the question before it.
 */
import { describe, expect, it } from 'vitest';
import { parseProps } from '../../src/authoring/props';
import { objectivesPropsSchema, takeawaysPropsSchema } from '../../src/authoring/schemas/chapter-frame';
import { predictPropsSchema } from '../../src/authoring/schemas/predict';
import { slotList } from '../../src/authoring/slot-list';

const SOURCE = 'content/causes/deep-networks.mdx:42';

describe('<Predict> props', () => {
  const parse = (props: Record<string, unknown>) => () =>
    parseProps('Predict', predictPropsSchema, { __source: SOURCE, ...props });

  it('accepts an answer and a lab id', () => {
    expect(parse({ correct: 2, lab: 'gt1' })()).toEqual({ correct: 2, lab: 'gt1' });
  });

  it('names the file, the line and the prop', () => {
    expect(parse({ correct: 0, lab: 'gt1' })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <Predict> in content/causes/deep-networks.mdx:42:
        prop "correct" is 0; expected an integer from 1 to 5]
    `);
    expect(parse({ correct: 1, lab: '#gt1' })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <Predict> in content/causes/deep-networks.mdx:42:
        prop "lab" is "#gt1"; expected an island id: lower-case letters, digits and "-", e.g. "gt1"]
    `);
    expect(parse({ lab: 'gt1' })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <Predict> in content/causes/deep-networks.mdx:42:
        prop "correct" is nothing; expected an integer from 1 to 5]
    `);
    expect(parse({ correct: 1, lab: 'gt1', question: 'Why?' })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <Predict> in content/causes/deep-networks.mdx:42:
        unknown prop "question" (allowed props: correct, lab)]
    `);
  });
});

describe('<Objectives> and <Takeaways> props', () => {
  it('take none, and name the file and line of one that is written', () => {
    expect(parseProps('Objectives', objectivesPropsSchema, { __source: SOURCE })).toEqual({});
    expect(() => parseProps('Takeaways', takeawaysPropsSchema, { __source: SOURCE, title: 'Summary' }))
      .toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <Takeaways> in content/causes/deep-networks.mdx:42:
        unknown prop "title" (allowed props: )]
    `);
  });
});

describe('slotList', () => {
  it('reads the question before the list and each item, tight or loose', () => {
    expect(slotList('<p>Which?</p>\n<ul>\n<li>one <em>a</em></li>\n<li>\n<p>two</p>\n</li>\n</ul>')).toEqual({
      before: '<p>Which?</p>',
      items: ['one <em>a</em>', 'two'],
      after: '',
    });
  });

  it('keeps math and values inside an item', () => {
    const item = '<span class="katex"><span class="base">x</span></span> is <span class="vg-value">0.25</span>';
    expect(slotList(`<ol><li>${item}</li><li>b</li></ol>`)).toMatchObject({ items: [item, 'b'] });
  });

  it('says what is wrong when there is no list, two lists or a nested one', () => {
    expect(slotList('<p>no list</p>')).toBe('it holds no Markdown list ("- …" lines)');
    expect(slotList('<ul><li>a</li></ul><p>x</p><ul><li>b</li></ul>')).toBe(
      'it holds more than one list (or a nested one)',
    );
    expect(slotList('<ul><li>a<ul><li>b</li></ul></li></ul>')).toBe('it holds more than one list (or a nested one)');
  });
});
