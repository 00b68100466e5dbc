/**
 * The course's one bibliography (issue 13): content/bibliography.json, in CSL-JSON, the format Zotero, citation-js
 * and pandoc read and write. Chapters cite an entry by its `id` (`[@glorot]`, remark-citations.ts); each chapter's
 * references and the references page are written from it, in English and in Chinese, by the small formatter below.
 *
 * The formatter writes the course's own style, not a CSL style: authors as initials and family name, the title linked
 * to the paper, then the venue as the chapters have always written it ("AISTATS 2010", "Neural Computation 9(8),
 * 1997", "arXiv:1607.06450, 2016"). The Chinese edition keeps the original title and adds its translation in
 * full-width parentheses. A library (citation-js with a CSL style) would need a custom style and locale to say the
 * same, and would bring some 2 MB of dependencies to write 65 lines of references.
 *
 * Fields the course adds under CSL-JSON's `custom`:
 * - `title-zh` / `title-en`: the title translated, shown after the original in that edition;
 * - `zh`: what the Chinese edition cites instead (a translated book: its authors, title and link; or a venue's name);
 * - `listed`: the references page's topics this entry is listed under, each with a sentence per edition on what it
 *   contributes;
 * - `with`: entries listed in the same line of the references page (two papers with one contribution).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const BIBLIOGRAPHY_FILE = fileURLToPath(new URL('../../content/bibliography.json', import.meta.url));

export type Lang = 'en' | 'zh';

const name = z.union([
  z.object({ given: z.string(), family: z.string() }).strict(),
  z.object({ literal: z.string() }).strict(),
]);
const note = z.object({ en: z.string(), zh: z.string() }).strict();

/** The topics of the references page, in the order of the course. */
export const TOPICS = [
  'article',
  'background',
  'depth',
  'activations',
  'weights',
  'outliers',
  'pretraining',
  'clipping',
  'relu-family',
  'batch-norm',
  'residual',
  'lstm',
] as const;

const entrySchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]+$/, 'an id is letters, digits, "-" and "_"'),
    type: z.enum([
      'paper-conference',
      'article-journal',
      'article',
      'article-newspaper',
      'chapter',
      'book',
      'thesis',
      'webpage',
      'post-weblog',
    ]),
    language: z.string().optional(),
    author: z.array(name).optional(),
    editor: z.array(name).optional(),
    title: z.string(),
    'container-title': z.string().optional(),
    'collection-title': z.string().optional(),
    'collection-number': z.string().optional(),
    volume: z.string().optional(),
    issue: z.string().optional(),
    page: z.string().optional(),
    edition: z.string().optional(),
    genre: z.string().optional(),
    publisher: z.string().optional(),
    archive: z.string().optional(),
    number: z.string().optional(),
    issued: z.object({ 'date-parts': z.array(z.array(z.number().int())).length(1) }).optional(),
    URL: z.string().url().optional(),
    custom: z
      .object({
        'title-zh': z.string().optional(),
        'title-en': z.string().optional(),
        zh: z
          .object({
            author: z.string().optional(),
            title: z.string().optional(),
            URL: z.string().url().optional(),
            'container-title': z.string().optional(),
          })
          .strict()
          .optional(),
        listed: z.record(z.enum(TOPICS), note).optional(),
        with: z.array(z.string()).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type Entry = z.infer<typeof entrySchema>;
export type Bibliography = ReadonlyMap<string, Entry>;

/** The bibliography, checked: a malformed entry or a doubled id stops the build naming the entry. */
export function parseBibliography(json: unknown, file = 'content/bibliography.json'): Bibliography {
  const entries = z.array(z.unknown()).parse(json);
  const out = new Map<string, Entry>();
  entries.forEach((raw, i) => {
    const parsed = entrySchema.safeParse(raw);
    const id = (raw as { id?: unknown })?.id;
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'entry'}: ${issue.message}`);
      throw new Error(`${file}: entry ${i + 1}${typeof id === 'string' ? ` ("${id}")` : ''}: ${issues.join('; ')}`);
    }
    if (out.has(parsed.data.id)) throw new Error(`${file}: the id "${parsed.data.id}" is used twice.`);
    out.set(parsed.data.id, parsed.data);
  });
  for (const entry of out.values())
    for (const other of entry.custom?.with ?? [])
      if (!out.has(other)) throw new Error(`${file}: "${entry.id}" is listed with "${other}", which has no entry.`);
  return out;
}

export function loadBibliography(file = BIBLIOGRAPHY_FILE): Bibliography {
  return parseBibliography(JSON.parse(readFileSync(file, 'utf8')), file);
}

const MONTHS = 'January February March April May June July August September October November December'.split(' ');

function names(list: readonly z.infer<typeof name>[]): string {
  const written = list.map((n) => ('literal' in n ? n.literal : `${n.given} ${n.family}`));
  // "et al." follows the last name written, without "and".
  if (written.at(-1) === 'et al.') return `${written.slice(0, -1).join(', ')} et al.`;
  return written.length > 1 ? `${written.slice(0, -1).join(', ')} and ${written.at(-1)}` : (written[0] ?? '');
}

/** A Chinese edition's own version of the work (a translated book), or a work written in Chinese. */
const chineseVersion = (entry: Entry, lang: Lang) =>
  lang === 'zh' && (entry.language === 'zh' || !!entry.custom?.zh?.title);

function venue(entry: Entry, lang: Lang): string[] {
  const year = entry.issued?.['date-parts'][0]?.[0];
  const month = entry.issued?.['date-parts'][0]?.[1];
  const container = (lang === 'zh' && entry.custom?.zh?.['container-title']) || entry['container-title'];
  const withYear = (s: string) => (year ? [s, String(year)] : [s]);
  switch (entry.type) {
    case 'paper-conference': {
      const name = `${container}${entry.volume ? ` ${entry.volume}` : ''}`;
      // A venue known by its acronym is written with its year ("ICML 2010"); a long name is followed by a comma.
      return !entry.volume && !/\s/.test(container ?? '') && year ? [`${name} ${year}`] : withYear(name);
    }
    case 'article-journal':
      return withYear(`${container}${entry.volume ? ` ${entry.volume}` : ''}${entry.issue ? `(${entry.issue})` : ''}`);
    case 'article':
      return withYear(`${entry.archive}:${entry.number}`);
    case 'article-newspaper':
      return [container ?? '', [month ? MONTHS[month - 1] : '', year].filter(Boolean).join(' ')];
    case 'chapter': {
      if (!container) return year ? [String(year)] : [];
      const editors = entry.editor?.length ? `${names(entry.editor)} (eds.), ` : '';
      const series = [entry.publisher, entry['collection-title'], entry['collection-number']].filter(Boolean);
      return [
        `in ${editors}*${container}*`,
        ...(entry.volume ? [`vol. ${entry.volume}`] : []),
        ...(series.length ? [series.join(' ')] : []),
        ...(year ? [String(year)] : []),
        ...(entry.page ? [`pp. ${entry.page}`] : []),
      ];
    }
    case 'book':
      return [entry.edition ? `${entry.edition} ed.` : '', entry.publisher ?? '', year ? String(year) : ''].filter(
        Boolean,
      );
    case 'thesis':
      return [entry.genre ?? '', entry.publisher ?? '', year ? String(year) : ''].filter(Boolean);
    case 'webpage':
    case 'post-weblog':
      return [container ?? '', year ? String(year) : ''].filter(Boolean);
  }
}

/** One entry as Markdown in the given edition, without the closing full stop. */
export function formatReference(entry: Entry, lang: Lang): string {
  const zh = lang === 'zh' ? entry.custom?.zh : undefined;
  const title = zh?.title ?? entry.title;
  const url = zh?.URL ?? entry.URL;
  const linked = url ? `[${title}](${url})` : entry.type === 'thesis' ? `*${title}*` : title;
  const translated =
    lang === 'zh' && entry.custom?.['title-zh'] && !zh?.title
      ? `（${entry.custom['title-zh']}）`
      : lang === 'en' && entry.custom?.['title-en']
        ? ` (${entry.custom['title-en']})`
        : '';
  const authors = zh?.author ?? names(entry.author ?? []);
  // A work the Chinese edition cites in Chinese reads as Chinese: its parts are separated by "，".
  const separator = chineseVersion(entry, lang) ? '，' : ', ';
  return [authors, linked + translated, ...venue(entry, lang)].filter(Boolean).join(separator);
}

/** The full stop after a reference: "。" after one that reads as Chinese. */
export const fullStop = (entry: Entry, lang: Lang) => (chineseVersion(entry, lang) ? '。' : '.');

/** Between entries cited together: "A; B", 「A；B」. */
export const entrySeparator = (lang: Lang) => (lang === 'zh' ? '；' : '; ');

/** Several entries cited at once, as one note: "A; B." */
export function formatCitation(entries: readonly Entry[], lang: Lang): string {
  return entries.map((e) => formatReference(e, lang)).join(entrySeparator(lang)) + fullStop(entries.at(-1)!, lang);
}

/** One line of the references page: the entry (and those listed with it), then what it contributes. */
export function formatListing(entry: Entry, topic: string, bibliography: Bibliography, lang: Lang): string {
  const entries = [entry, ...(entry.custom?.with ?? []).map((id) => bibliography.get(id)!)];
  const note = entry.custom?.listed?.[topic as (typeof TOPICS)[number]]?.[lang] ?? '';
  const cited = entries.map((e) => formatReference(e, lang)).join(entrySeparator(lang));
  const stop = lang === 'zh' ? '。' : fullStop(entries.at(-1)!, lang);
  return note ? `${cited}${stop}${lang === 'zh' ? '' : ' '}${note}` : `${cited}${fullStop(entries.at(-1)!, lang)}`;
}

/** The entries the references page lists under `topic`, in the bibliography's order. */
export function listedUnder(topic: string, bibliography: Bibliography): Entry[] {
  return [...bibliography.values()].filter((e) => e.custom?.listed && topic in e.custom.listed);
}
