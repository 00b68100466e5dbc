/**
 * An island's settings in the page URL, so that a reader can share what they see: `?gt1.depth=30&gt1.activation=relu`.
 * Every key is namespaced by the island's id (stable across builds: its position on the page, or the id an author
 * gave it); a comparison's second configuration lives under `<id>.b.`, and settings that are not part of the
 * experiment's config (the speed, compare mode) under their own names.
 *
 * Values from a URL are hostile until proven otherwise: each is read only if the island lists its key, coerced by
 * what the lab's zod schema allows for that key (numbers clamped into range, enums matched exactly), and the merged
 * config is validated again; anything else is dropped, never thrown, and never rendered as markup — the values that
 * survive are numbers, booleans and members of fixed lists. What was dropped or changed is reported (LinkNote), so
 * that the lab can say so, as plain text, shortened. Only the first MAX_PARAMS parameters of a query are read at all,
 * and reading and rewriting take time linear in the query: a link with tens of thousands of keys cannot stall the page.
 */
import type { z } from 'zod';
import { fieldInfo, objectOf, type FieldKind } from '../../authoring/schema-fields';
import type { StringKey } from '../../i18n';

/** Island ids, and so URL namespaces: what an author may write in the `id` prop. */
export const ISLAND_ID = /^[a-z][a-z0-9-]{0,23}$/;
/** Longer values are not settings anyone typed or a link carried honestly. */
const MAX_VALUE_LENGTH = 40;
/** Parameters of a query read at most; the rest are not looked at. Every island's settings fit many times over. */
export const MAX_PARAMS = 200;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** One `key=value` of a query, decoded exactly as URLSearchParams decodes it ('+' is a space, bad escapes stay). */
function decodePair(segment: string): [string, string] {
  for (const pair of new URLSearchParams(segment)) return pair;
  return ['', ''];
}

/** The decoded key of one `key=value`, without decoding the value. */
function keyOf(segment: string): string {
  const eq = segment.indexOf('=');
  const raw = eq === -1 ? segment : segment.slice(0, eq);
  return /[%+]/.test(raw) ? decodePair(raw)[0] : raw;
}

/**
 * The first `limit` parameters of a query string, in order, and whether it has more. Only the parameters read are
 * split off and decoded: a query of any length costs at most `limit` of them (and one scan for what follows).
 */
export function readQuery(search: string, limit = MAX_PARAMS): { entries: [string, string][]; truncated: boolean } {
  const s = search.startsWith('?') ? search.slice(1) : search;
  const entries: [string, string][] = [];
  let start = 0;
  while (start < s.length) {
    let end = s.indexOf('&', start);
    if (end === -1) end = s.length;
    if (end > start) {
      if (entries.length === limit) return { entries, truncated: true };
      entries.push(decodePair(s.slice(start, end)));
    }
    start = end + 1;
  }
  return { entries, truncated: false };
}

/** The parameters under `<ns>.` among the first MAX_PARAMS, keyed by what follows the dot, every value as written. */
export function namespaceEntries(search: string, ns: string): { entries: [string, string][]; truncated: boolean } {
  const prefix = `${ns}.`;
  const { entries, truncated } = readQuery(search);
  return {
    entries: entries.filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]),
    truncated,
  };
}

/** The parameters under `<ns>.`, keyed by what follows the dot (`depth`, `b.depth`, `speed`); overlong values dropped. */
export function namespaceParams(search: string, ns: string): Map<string, string> {
  return new Map(namespaceEntries(search, ns).entries.filter(([, v]) => v.length <= MAX_VALUE_LENGTH));
}

/** Why a value from a link was not used. */
export type Refusal =
  | 'number'
  | 'choice'
  | 'boolean'
  | 'range'
  | 'long'
  | 'unknown'
  | 'conflict'
  | 'compareOff'
  | 'speed';
/** How a value from a link was changed before it was used: clamped to a bound, or rounded to a whole number. */
export type Adjustment = 'min' | 'max' | 'rounded';

export type Coerced =
  | { ok: true; value: number | string | boolean; adjusted?: Adjustment }
  | { ok: false; reason: Refusal };

/** Clamp into [min, max]; an exclusive bound that is crossed cannot be clamped to, so the value is refused. */
function clampNumber(type: Extract<FieldKind, { kind: 'number' }>, raw: number): Coerced {
  let v = type.int ? Math.round(raw) : raw;
  let adjusted: Adjustment | undefined = v !== raw ? 'rounded' : undefined;
  const { min, max } = type;
  if (min) {
    if (!min.inclusive && !(v > min.value)) return { ok: false, reason: 'range' };
    if (min.inclusive && v < min.value) [v, adjusted] = [min.value, 'min'];
  }
  if (max) {
    if (!max.inclusive && !(v < max.value)) return { ok: false, reason: 'range' };
    if (max.inclusive && v > max.value) [v, adjusted] = [max.value, 'max'];
  }
  if (!Number.isFinite(v)) return { ok: false, reason: 'range' };
  return adjusted ? { ok: true, value: v, adjusted } : { ok: true, value: v };
}

/** One URL value as the schema's type for that key, and what was done to it; or why it cannot be one. */
export function coerce(type: FieldKind, raw: string): Coerced {
  switch (type.kind) {
    case 'number': {
      if (!NUMBER.test(raw.trim())) return { ok: false, reason: 'number' };
      // "1e999" parses to Infinity and is clamped to the maximum like any other number above it.
      const n = Number(raw);
      return Number.isNaN(n) ? { ok: false, reason: 'number' } : clampNumber(type, n);
    }
    case 'enum':
      return type.options.includes(raw) ? { ok: true, value: raw } : { ok: false, reason: 'choice' };
    case 'boolean':
      return raw === '1' || raw === 'true'
        ? { ok: true, value: true }
        : raw === '0' || raw === 'false'
          ? { ok: true, value: false }
          : { ok: false, reason: 'boolean' };
    default:
      // Free text, lists and objects never come from a URL.
      return { ok: false, reason: 'unknown' };
  }
}

/** One URL value as the schema's type for that key, or undefined when it cannot be one. */
export function coerceValue(type: FieldKind, raw: string): number | string | boolean | undefined {
  const c = coerce(type, raw);
  return c.ok ? c.value : undefined;
}

/** A parameter of a link that the lab did not use as written. */
export interface LinkNote {
  /** As it follows the island's id in the URL: `depth`, `b.depth`, `speed`. */
  key: string;
  /** As written in the URL (untrusted: shown only as text, and shortened, see linkNoteText). */
  value: string;
  /** Why it was not used at all. */
  refused?: Refusal;
  /** It was used after this change, giving `to`. */
  adjusted?: Adjustment;
  to?: number | string | boolean;
}

export interface ParsedConfig<C> {
  config: C;
  /** Keys whose URL value was used. */
  applied: string[];
  /** The listed keys whose URL value was refused or adjusted. */
  notes: LinkNote[];
}

/**
 * Read `keys` of `base` from `params` (the island's namespace, already stripped; `prefix` selects a sub-space
 * such as `b.`), coerced and clamped by `schema`, then validate the merged config with `schema`. `base` itself
 * is trusted (it is the author's, validated at build time).
 */
export function parseConfig<C extends Record<string, unknown>>(
  schema: z.ZodTypeAny,
  base: C,
  params: ReadonlyMap<string, string>,
  keys: readonly (keyof C & string)[],
  prefix = '',
): ParsedConfig<C> {
  const shape = objectOf(schema).shape as Record<string, z.ZodTypeAny>;
  const values: Record<string, unknown> = {};
  const notes = new Map<string, LinkNote>();
  for (const key of keys) {
    const raw = params.get(`${prefix}${key}`);
    const field = shape[key];
    if (raw === undefined || !field) continue;
    const note = { key: `${prefix}${key}`, value: raw };
    const c: Coerced =
      raw.length > MAX_VALUE_LENGTH ? { ok: false, reason: 'long' } : coerce(fieldInfo(field).type, raw);
    if (!c.ok) notes.set(key, { ...note, refused: c.reason });
    else {
      if (c.adjusted) notes.set(key, { ...note, adjusted: c.adjusted, to: c.value });
      if (c.value !== base[key]) values[key] = c.value;
    }
  }
  // Add the values one at a time, each only if the config stays valid: a combination the schema refuses as a
  // whole (its issue may name another key) loses the value that broke it, not the others.
  const accepted: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (schema.safeParse({ ...base, ...accepted, [k]: v }).success) accepted[k] = v;
    else notes.set(k, { key: `${prefix}${k}`, value: params.get(`${prefix}${k}`)!, refused: 'conflict' });
  }
  const result = schema.safeParse({ ...base, ...accepted });
  return result.success
    ? { config: result.data as C, applied: Object.keys(accepted), notes: [...notes.values()] }
    : { config: base, applied: [], notes: [...notes.values()] };
}

/** What configuration B starts from: the author's B, or a copy of A; on A's seed either way. */
export function baseOfB<C extends { seed: number }>(initial: readonly C[], a: C): C {
  return { ...(initial[1] ?? a), seed: a.seed };
}

export interface LabLink<C> {
  /** One configuration, or two in compare mode (B on A's seed). */
  configs: C[];
  /** The speed the link asks for, if it is one the lab offers. */
  speed: number | null;
  /** What the lab did not use as written, in the order of the link. */
  notes: LinkNote[];
  /** The query has more than MAX_PARAMS parameters; those after them were not read. */
  truncated: boolean;
}

/**
 * A lab island's settings from a link: its configurations (compare mode from `<ns>.compare`, otherwise as the
 * author set it), the speed, and a note for every parameter under its id that it did not use as written —
 * refused (not a number, not a choice, not a setting of this lab, …) or adjusted into the lab's range.
 */
export function readLabLink<C extends { seed: number } & Record<string, unknown>>(
  search: string,
  ns: string,
  spec: { schema: z.ZodTypeAny; keys: readonly (keyof C & string)[] },
  initial: readonly C[],
  speeds: readonly number[],
): LabLink<C> {
  const { entries, truncated } = namespaceEntries(search, ns);
  const params = new Map(entries);
  const laneKeys = spec.keys.filter((k) => k !== 'seed');
  const a = parseConfig(spec.schema, initial[0]!, params, spec.keys);
  const notes = [...a.notes];

  let compare = initial.length > 1;
  const cmp = params.get('compare');
  if (cmp !== undefined) {
    const c = coerce({ kind: 'boolean' }, cmp);
    if (c.ok) compare = c.value as boolean;
    else notes.push({ key: 'compare', value: cmp, refused: c.reason });
  }
  const b = compare ? parseConfig(spec.schema, baseOfB(initial, a.config), params, laneKeys, 'b.') : null;
  if (b) notes.push(...b.notes);

  let speed: number | null = null;
  const sp = params.get('speed');
  if (sp !== undefined) {
    if (NUMBER.test(sp) && speeds.includes(Number(sp))) speed = Number(sp);
    else notes.push({ key: 'speed', value: sp, refused: 'speed' });
  }

  const laneKey = (k: string) => (laneKeys as readonly string[]).includes(k);
  for (const [k, v] of params) {
    if ((spec.keys as readonly string[]).includes(k) || k === 'compare' || k === 'speed') continue;
    if (k.startsWith('b.') && laneKey(k.slice(2))) {
      if (!compare) notes.push({ key: k, value: v, refused: 'compareOff' });
    } else notes.push({ key: k, value: v, refused: 'unknown' });
  }

  const order = new Map([...params.keys()].map((k, i) => [k, i]));
  notes.sort((x, y) => order.get(x.key)! - order.get(y.key)!);
  return {
    configs: b ? [a.config, { ...b.config, seed: a.config.seed }] : [a.config],
    speed,
    notes,
    truncated,
  };
}

/** Characters of a link's key or value shown in a note; the rest is cut (a note is not a place for a message). */
const SHOWN_CHARS = 16;
/** Notes listed by name; the others are counted. */
const SHOWN_NOTES = 5;

/** A key or value from a link, safe to show as text: control and direction characters replaced, shortened. */
export function shownText(s: string): string {
  const chars = Array.from(s.replace(/\p{C}/gu, '\uFFFD'));
  return chars.length > SHOWN_CHARS ? `${chars.slice(0, SHOWN_CHARS).join('')}…` : chars.join('');
}

/**
 * The lab's note on a link, as plain text: the parameters it ignored and why, those it changed to fit, and whether
 * the link was cut short; null when it used every parameter as written.
 */
export function linkNoteText(
  t: (key: StringKey, params?: Record<string, string | number>) => string,
  link: { notes: readonly LinkNote[]; truncated: boolean },
): string | null {
  const list = (notes: readonly LinkNote[], item: (n: LinkNote) => string) => {
    const named = notes.slice(0, SHOWN_NOTES).map(item).join(t('lab.link.separator'));
    return notes.length > SHOWN_NOTES ? t('lab.link.more', { items: named, n: notes.length - SHOWN_NOTES }) : named;
  };
  const pair = (n: LinkNote) => ({ key: shownText(n.key), value: shownText(n.value) });
  const ignored = link.notes.filter((n) => n.refused);
  const adjusted = link.notes.filter((n) => n.adjusted);
  const sentences = [
    ignored.length
      ? t('lab.link.ignored', {
          items: list(ignored, (n) => t('lab.link.item', { ...pair(n), reason: t(`lab.link.reason.${n.refused!}`) })),
        })
      : '',
    adjusted.length
      ? t('lab.link.adjusted', {
          items: list(adjusted, (n) =>
            t('lab.link.itemAdjusted', { ...pair(n), to: String(n.to), reason: t(`lab.link.adjust.${n.adjusted!}`) }),
          ),
        })
      : '',
    link.truncated ? t('lab.link.truncated', { n: MAX_PARAMS }) : '',
  ].filter(Boolean);
  return sentences.length ? sentences.join(' ') : null;
}

/** The URL form of the keys in which `config` differs from `base`: only what the reader changed goes in a link. */
export function configParams<C extends Record<string, unknown>>(
  config: C,
  base: C,
  keys: readonly (keyof C & string)[],
  prefix = '',
): [string, string][] {
  return keys
    .filter((k) => config[k] !== base[k] && ['number', 'string', 'boolean'].includes(typeof config[k]))
    .map((k) => [`${prefix}${k}`, typeof config[k] === 'boolean' ? (config[k] ? '1' : '0') : String(config[k])]);
}

/**
 * `search` with the namespace `ns` replaced by `entries`; every other parameter is kept as it was written, in one
 * pass. The namespace goes at the end, or at the front when the end lies beyond what a reader of the link reads
 * (MAX_PARAMS), so that what is written is what is read back.
 */
export function replaceNamespace(search: string, ns: string, entries: readonly [string, string][]): string {
  const prefix = `${ns}.`;
  const s = search.startsWith('?') ? search.slice(1) : search;
  const kept = s.split('&').filter((seg) => seg !== '' && !keyOf(seg).startsWith(prefix));
  const written = entries.map(([k, v]) => new URLSearchParams([[`${prefix}${k}`, v]]).toString());
  const all = kept.length + written.length <= MAX_PARAMS ? [...kept, ...written] : [...written, ...kept];
  return all.length ? `?${all.join('&')}` : '';
}

/** Rewrite the address bar without adding a history entry (settings are not navigation). */
export function writeNamespace(ns: string, entries: readonly [string, string][]): void {
  const search = replaceNamespace(location.search, ns, entries);
  if (search === location.search) return;
  history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
}

/**
 * The link to one lab as a reader shares it: the page, the lab's own settings (its namespace of `search`, as
 * writeNamespace keeps it) and the lab's id as the fragment, so that the link opens at the lab. Other islands'
 * settings and other parameters stay out of it: the link is about this lab.
 */
export function labLink(href: string, ns: string): string {
  const url = new URL(href);
  const own = namespaceEntries(url.search, ns).entries.map(([k, v]): [string, string] => [`${ns}.${k}`, v]);
  const search = new URLSearchParams(own).toString();
  return `${url.origin}${url.pathname}${search ? `?${search}` : ''}#${ns}`;
}
