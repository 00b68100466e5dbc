/** A server-side DOM for Observable Plot: figures are built as elements, then serialised into the page. */
import { parseHTML } from 'linkedom';

let doc: Document | null = null;

export function ssrDocument(): Document {
  doc ??= parseHTML('<!doctype html><html><head></head><body></body></html>').document as unknown as Document;
  return doc;
}

export function toMarkup(el: Element): string {
  return el.outerHTML;
}
