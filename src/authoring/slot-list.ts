/**
 * What <Objectives>, <Takeaways> and <Predict> read from their rendered children: the items of the one Markdown list
 * they hold, and the HTML before it (a question). The HTML is what MDX renders from the chapter, so a few patterns
 * suffice: a list is <ul> or <ol> with <li> items, and nested lists are not allowed in these boxes.
 */

export interface SlotList {
  /** The HTML before the list (empty if the list comes first). */
  before: string;
  /** Each item's inner HTML, without the <p> a loose list wraps it in. */
  items: string[];
  /** The HTML after the list. */
  after: string;
}

const LIST = /<(ul|ol)\b[^>]*>([\s\S]*?)<\/\1>/g;

/** The one list in `html`, or a sentence saying what is wrong with it. */
export function slotList(html: string): SlotList | string {
  const lists = [...html.matchAll(LIST)];
  if (lists.length === 0) return 'it holds no Markdown list ("- …" lines)';
  if (lists.length > 1 || /<(ul|ol)\b/.test(lists[0]![2]!)) return 'it holds more than one list (or a nested one)';
  const m = lists[0]!;
  const items = [...m[2]!.matchAll(/<li\b[^>]*>([\s\S]*?)<\/li>/g)].map((li) =>
    li[1]!
      .trim()
      .replace(/^<p>([\s\S]*)<\/p>$/, '$1')
      .trim(),
  );
  return { before: html.slice(0, m.index).trim(), items, after: html.slice(m.index! + m[0].length).trim() };
}
