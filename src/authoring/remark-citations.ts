/**
 * Citations by key (issue 13). A chapter cites an entry of content/bibliography.json as `[@glorot]`, or several at
 * once as `[@martens; @sutskever13]`; the page shows a numbered note, and the chapter's "References" list
 * (rehype-footnotes.ts) holds the entries written out in the chapter's language (bibliography.ts). Inside a footnote
 * of the author's own, `[@key]` is written out in place, so a note can comment on a reference:
 *
 *     [^clip]: [@pascanu] (Algorithm 1: clipping by norm).
 *
 * On the references page, `::bibliography{topic="depth"}` lists every entry the bibliography files under that topic,
 * with what it contributes.
 *
 * An unknown key, a citation written another way (`[@glorot, p. 3]`) or an unknown topic is reported by the chapter
 * check (chapter-check.ts) with its line, before anything renders.
 */
import { statSync } from 'node:fs';
import { createProcessor } from '@mdx-js/mdx';
import type { FootnoteDefinition, FootnoteReference, PhrasingContent, Root, RootContent, Text } from 'mdast';
import remarkMath from 'remark-math';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import {
  BIBLIOGRAPHY_FILE,
  formatCitation,
  formatListing,
  formatReference,
  entrySeparator,
  listedUnder,
  loadBibliography,
  TOPICS,
  type Bibliography,
  type Entry,
  type Lang,
} from './bibliography';
import { nearestName } from './nearest-name';
import { localeOfFile } from './remark-course-links';

/** `[@key]` or `[@key; @other]`: keys are letters, digits, `-` and `_`. */
export const CITATION = /\[@([A-Za-z0-9_-]+(?:\s*;\s*@[A-Za-z0-9_-]+)*)\]/g;
/** Anything that starts like a citation, to name one written another way. */
const CITATION_LIKE = /\[@[^\]\n]*\]?/g;

const keysOf = (inside: string) => inside.split(';').map((k) => k.trim().replace(/^@/, ''));

let cache: { file: string; mtime: number; bibliography: Bibliography } | undefined;

/** The bibliography, read again when its file has changed (the dev server keeps running while an author edits it). */
export function currentBibliography(file = BIBLIOGRAPHY_FILE): Bibliography {
  const mtime = statSync(file).mtimeMs;
  if (!cache || cache.file !== file || cache.mtime !== mtime)
    cache = { file, mtime, bibliography: loadBibliography(file) };
  return cache.bibliography;
}

interface Problem {
  line: number;
  column: number;
  message: string;
}

function placeIn(node: Text, written: string, index: number) {
  const before = written.slice(0, index);
  const lines = before.split('\n');
  const line = (node.position?.start.line ?? 1) + lines.length - 1;
  const column = lines.length > 1 ? lines.at(-1)!.length + 1 : (node.position?.start.column ?? 1) + before.length;
  return { line, column };
}

type Directive = { type: 'leafDirective'; name: string; attributes?: Record<string, string | null | undefined> | null };

/** Unknown keys, citations the syntax does not read, unknown topics: each with its line and what to write. */
export function citationProblems(tree: Root, source: string, bibliography = currentBibliography()): Problem[] {
  const problems: Problem[] = [];
  const keys = [...bibliography.keys()];
  visit(tree, 'text', (node: Text) => {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    const written = start !== undefined && end !== undefined ? source.slice(start, end) : node.value;
    for (const m of written.matchAll(CITATION_LIKE)) {
      const exact = new RegExp(`^${CITATION.source}$`).exec(m[0]);
      if (!exact) {
        problems.push({
          ...placeIn(node, written, m.index),
          message:
            `${m[0]} is not a citation: write [@key], or [@key; @other] for several; ` +
            'to comment on a reference, cite it inside a footnote of your own: "[^note]: [@key], p. 3."',
        });
        continue;
      }
      let cursor = 0;
      for (const key of keysOf(exact[1]!)) {
        const at = m[0].indexOf(`@${key}`, cursor);
        cursor = at + key.length + 1;
        if (bibliography.has(key)) continue;
        const near = nearestName(key, keys);
        problems.push({
          ...placeIn(node, written, m.index + at),
          message:
            `[@${key}]: content/bibliography.json has no entry "${key}"` +
            (near ? `; did you mean [@${near}]?` : `: add the work there (CSL-JSON, with "id": "${key}").`),
        });
      }
    }
  });
  visit(tree, 'leafDirective', (node: RootContent) => {
    const d = node as unknown as Directive;
    if (d.name !== 'bibliography') {
      // Starlight would print an unknown directive as text.
      problems.push({
        line: node.position?.start.line ?? 1,
        column: node.position?.start.column ?? 1,
        message:
          `::${d.name} is not a directive of the course` +
          (nearestName(d.name, ['bibliography']) ? ': did you mean ::bibliography{topic="…"}?' : '.') +
          ' The one leaf directive is ::bibliography{topic="…"}, which lists a topic of the bibliography.',
      });
      return;
    }
    const topic = d.attributes?.topic ?? '';
    if ((TOPICS as readonly string[]).includes(topic)) return;
    const near = nearestName(topic, TOPICS);
    problems.push({
      line: node.position?.start.line ?? 1,
      column: node.position?.start.column ?? 1,
      message:
        `::bibliography{topic="${topic}"}: ` +
        (near ? `did you mean topic="${near}"? The topics are ` : 'the topics are ') +
        `${TOPICS.join(', ')} (src/authoring/bibliography.ts).`,
    });
  });
  return problems;
}

const markdown = createProcessor({ format: 'md', remarkPlugins: [remarkMath] });

/** Markdown written by the formatter, as the phrasing content of one paragraph. */
function phrasing(text: string): PhrasingContent[] {
  const root = markdown.parse(text) as Root;
  const first = root.children[0];
  return first?.type === 'paragraph' ? first.children : [{ type: 'text', value: text }];
}

export function remarkCitations(options: { contentDir?: string; localeDirs?: string[]; file?: string } = {}) {
  return (tree: Root, file: VFile) => {
    const lang = (localeOfFile(file, options.contentDir ?? 'content', options.localeDirs ?? ['zh']) ?? 'en') as Lang;
    const bibliography = currentBibliography(options.file);
    const entries = (keys: string[], node: Text): Entry[] =>
      keys.map((key) => {
        const entry = bibliography.get(key);
        // The chapter check names the line first; this is the last guard, for Markdown rendered without it.
        if (!entry) return file.fail(`[@${key}]: content/bibliography.json has no entry "${key}"`, node);
        return entry;
      });

    // Inside an author's own footnote a citation is written out where it stands.
    const inFootnote = new Set<Text>();
    const authorNotes = new Set<string>();
    visit(tree, 'footnoteDefinition', (definition: FootnoteDefinition) => {
      authorNotes.add(definition.identifier);
      visit(definition, 'text', (node: Text) => {
        inFootnote.add(node);
      });
    });

    const notes = new Map<string, FootnoteDefinition>();
    visit(tree, 'text', (node: Text, index, parent) => {
      if (!parent || index === undefined || !node.value.includes('[@')) return;
      const out: PhrasingContent[] = [];
      let last = 0;
      for (const m of node.value.matchAll(CITATION)) {
        const keys = keysOf(m[1]!);
        const cited = entries(keys, node);
        if (m.index > last) out.push({ type: 'text', value: node.value.slice(last, m.index) });
        last = m.index + m[0].length;
        if (inFootnote.has(node)) {
          out.push(...phrasing(cited.map((e) => formatReference(e, lang)).join(entrySeparator(lang))));
          continue;
        }
        // An author's own note may carry a key as its label ([^pascanu]: [@pascanu] (Algorithm 1)); keep both.
        const id = authorNotes.has(keys.join('+')) ? `cite-${keys.join('+')}` : keys.join('+');
        const reference: FootnoteReference = { type: 'footnoteReference', identifier: id, label: id };
        out.push(reference);
        if (!notes.has(id))
          notes.set(id, {
            type: 'footnoteDefinition',
            identifier: id,
            label: id,
            children: [{ type: 'paragraph', children: phrasing(formatCitation(cited, lang)) }],
          });
      }
      if (!out.length) return;
      if (last < node.value.length) out.push({ type: 'text', value: node.value.slice(last) });
      (parent.children as PhrasingContent[]).splice(index, 1, ...out);
      return index + out.length;
    });
    tree.children.push(...notes.values());

    visit(tree, 'leafDirective', (node: RootContent, index, parent) => {
      const d = node as unknown as Directive;
      if (d.name !== 'bibliography' || !parent || index === undefined) return;
      const topic = d.attributes?.topic ?? '';
      const listed = listedUnder(topic, bibliography);
      if (!listed.length) return file.fail(`::bibliography{topic="${topic}"}: no entry is listed under it`, node);
      parent.children.splice(index, 1, {
        type: 'list',
        ordered: false,
        spread: false,
        children: listed.map((entry) => ({
          type: 'listItem',
          spread: false,
          children: [{ type: 'paragraph', children: phrasing(formatListing(entry, topic, bibliography, lang)) }],
        })),
      } as RootContent as never);
      return index + 1;
    });
  };
}
