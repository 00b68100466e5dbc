/**
 * An island's settings in the page URL, so that a reader can share what they see: `?gt1.depth=30&gt1.activation=relu`.
 * Every key is namespaced by the island's id (stable across builds: its position on the page, or the id an author
 * gave it); a comparison's second configuration lives under `<id>.b.`, and settings that are not part of the
 * experiment's config (the speed, compare mode) under their own names.
 *
 * Values from a URL are hostile until proven otherwise: each is read only if the island lists its key, coerced by
 * what the experiment's zod schema allows for that key (numbers clamped into range, enums matched exactly), and
 * the merged config is validated again; anything else is dropped, never thrown, and never rendered as markup —
 * the values that survive are numbers, booleans and members of fixed lists.
 */
import type { z } from 'zod';
import { fieldInfo, objectOf, type FieldKind } from '../../authoring/schema-fields';

/** Island ids, and so URL namespaces: what an author may write in the `id` prop. */
export const ISLAND_ID = /^[a-z][a-z0-9-]{0,23}$/;
/** Longer values are not settings anyone typed or a link carried honestly. */
const MAX_VALUE_LENGTH = 40;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** The parameters under `<ns>.`, keyed by what follows the dot (`depth`, `b.depth`, `speed`). */
export function namespaceParams(search: string, ns: string): Map<string, string> {
  const out = new Map<string, string>();
  const prefix = `${ns}.`;
  for (const [key, value] of new URLSearchParams(search)) {
    if (key.startsWith(prefix) && value.length <= MAX_VALUE_LENGTH) out.set(key.slice(prefix.length), value);
  }
  return out;
}

/** Clamp into [min, max]; an exclusive bound that is crossed cannot be clamped to, so the value is dropped. */
function clampNumber(type: Extract<FieldKind, { kind: 'number' }>, raw: number): number | undefined {
  let v = type.int ? Math.round(raw) : raw;
  const { min, max } = type;
  if (min) {
    if (min.inclusive) v = Math.max(v, min.value);
    else if (!(v > min.value)) return undefined;
  }
  if (max) {
    if (max.inclusive) v = Math.min(v, max.value);
    else if (!(v < max.value)) return undefined;
  }
  return Number.isFinite(v) ? v : undefined;
}

/** One URL value as the schema's type for that key, or undefined when it cannot be one. */
export function coerceValue(type: FieldKind, raw: string): number | string | boolean | undefined {
  switch (type.kind) {
    case 'number': {
      if (!NUMBER.test(raw.trim())) return undefined;
      // "1e999" parses to Infinity and is clamped to the maximum like any other number above it.
      const n = Number(raw);
      return Number.isNaN(n) ? undefined : clampNumber(type, n);
    }
    case 'enum':
      return type.options.includes(raw) ? raw : undefined;
    case 'boolean':
      return raw === '1' || raw === 'true' ? true : raw === '0' || raw === 'false' ? false : undefined;
    default:
      // Free text, lists and objects never come from a URL.
      return undefined;
  }
}

export interface ParsedConfig<C> {
  config: C;
  /** Keys whose URL value was used. */
  applied: string[];
}

/**
 * Read `keys` of `base` from `params` (the island's namespace, already stripped; `prefix` selects a sub-space
 * such as `b.`), coerced and clamped by `schema`, then validate the merged config with `schema`. `base` itself
 * is trusted (it is the author's, validated at build time).
 */
export function parseConfig<C extends Record<string, unknown>>(
  schema: z.ZodTypeAny,
  base: C,
  params: Map<string, string>,
  keys: readonly (keyof C & string)[],
  prefix = '',
): ParsedConfig<C> {
  const shape = objectOf(schema).shape as Record<string, z.ZodTypeAny>;
  const values: Record<string, unknown> = {};
  for (const key of keys) {
    const raw = params.get(`${prefix}${key}`);
    const field = shape[key];
    if (raw === undefined || !field) continue;
    const v = coerceValue(fieldInfo(field).type, raw);
    if (v !== undefined && v !== base[key]) values[key] = v;
  }
  // Add the values one at a time, each only if the config stays valid: a combination the schema refuses as a
  // whole (its issue may name another key) loses the value that broke it, not the others.
  const accepted: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (schema.safeParse({ ...base, ...accepted, [k]: v }).success) accepted[k] = v;
  }
  const result = schema.safeParse({ ...base, ...accepted });
  return result.success ? { config: result.data as C, applied: Object.keys(accepted) } : { config: base, applied: [] };
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

/** `search` with the namespace `ns` replaced by `entries`; every other parameter is kept as it was. */
export function replaceNamespace(search: string, ns: string, entries: readonly [string, string][]): string {
  const params = new URLSearchParams(search);
  for (const key of [...params.keys()]) if (key.startsWith(`${ns}.`)) params.delete(key);
  for (const [k, v] of entries) params.set(`${ns}.${k}`, v);
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** Rewrite the address bar without adding a history entry (settings are not navigation). */
export function writeNamespace(ns: string, entries: readonly [string, string][]): void {
  const search = replaceNamespace(location.search, ns, entries);
  if (search === location.search) return;
  history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
}
