/**
 * What a zod schema allows for one field, read from the schema itself: the kinds of value, numeric bounds, enum
 * options and defaults. Three readers share it, so that they cannot disagree with the schema or with each other:
 * the build error for a wrong prop ("expected an integer from 1 to 64"), the props tables of the authors'
 * component catalog, and the islands' URL parsing (which clamps a number from a link into the same bounds).
 */
import { z } from 'zod';

export interface Bound {
  value: number;
  inclusive: boolean;
}

export type FieldKind =
  | { kind: 'number'; int: boolean; min: Bound | null; max: Bound | null }
  | { kind: 'enum'; options: readonly string[] }
  | { kind: 'boolean' }
  | { kind: 'string'; min: number | null; max: number | null }
  | { kind: 'array'; element: FieldKind; min: number | null; max: number | null }
  | { kind: 'object'; shape: Record<string, z.ZodTypeAny> }
  | { kind: 'other' };

export interface FieldInfo {
  type: FieldKind;
  optional: boolean;
  /** The value zod fills in when the field is absent (undefined when it has no default). */
  default: unknown;
}

/** The object schema inside an effects wrapper (`.superRefine(…)`), or the schema itself. */
export function objectOf(schema: z.ZodTypeAny): z.AnyZodObject {
  let s = schema;
  while (s instanceof z.ZodEffects) s = s._def.schema;
  if (!(s instanceof z.ZodObject)) throw new TypeError('expected an object schema');
  return s;
}

function kindOf(schema: z.ZodTypeAny): FieldKind {
  if (schema instanceof z.ZodNumber) {
    let min: Bound | null = null;
    let max: Bound | null = null;
    for (const check of schema._def.checks) {
      if (check.kind === 'min') min = { value: check.value, inclusive: check.inclusive };
      if (check.kind === 'max') max = { value: check.value, inclusive: check.inclusive };
    }
    return { kind: 'number', int: schema.isInt, min, max };
  }
  if (schema instanceof z.ZodEnum) return { kind: 'enum', options: schema.options as string[] };
  if (schema instanceof z.ZodBoolean) return { kind: 'boolean' };
  if (schema instanceof z.ZodString) return { kind: 'string', min: schema.minLength, max: schema.maxLength };
  if (schema instanceof z.ZodArray) {
    return {
      kind: 'array',
      element: kindOf(unwrap(schema.element).inner),
      min: schema._def.minLength?.value ?? null,
      max: schema._def.maxLength?.value ?? null,
    };
  }
  if (schema instanceof z.ZodObject) return { kind: 'object', shape: schema.shape as Record<string, z.ZodTypeAny> };
  return { kind: 'other' };
}

function unwrap(schema: z.ZodTypeAny): { inner: z.ZodTypeAny; optional: boolean; default: unknown } {
  let s = schema;
  let optional = false;
  let dflt: unknown = undefined;
  for (;;) {
    if (s instanceof z.ZodDefault) {
      if (dflt === undefined) dflt = s._def.defaultValue();
      optional = true;
      s = s._def.innerType;
    } else if (s instanceof z.ZodOptional) {
      optional = true;
      s = s._def.innerType;
    } else if (s instanceof z.ZodEffects) {
      s = s._def.schema;
    } else return { inner: s, optional, default: dflt };
  }
}

export function fieldInfo(schema: z.ZodTypeAny): FieldInfo {
  const { inner, optional, default: dflt } = unwrap(schema);
  return { type: kindOf(inner), optional, default: dflt };
}

/** Every field of an object schema, in the schema's order. */
export function schemaFields(schema: z.ZodTypeAny): [string, FieldInfo][] {
  return Object.entries(objectOf(schema).shape as Record<string, z.ZodTypeAny>).map(([k, v]) => [k, fieldInfo(v)]);
}

/** "an integer from 1 to 64", "a number greater than 0 and at most 10": the numbers a field accepts, in words. */
export function describeNumber(type: Extract<FieldKind, { kind: 'number' }>, lang: Lang = 'en'): string {
  const { min: lo, max: hi } = type;
  if (lang === 'zh') {
    const noun = type.int ? '整数' : '数';
    if (lo?.inclusive && hi?.inclusive) return `${lo.value} 到 ${hi.value} 之间的${noun}`;
    const parts: string[] = [];
    if (lo) parts.push(lo.inclusive ? `不小于 ${lo.value}` : `大于 ${lo.value}`);
    if (hi) parts.push(hi.inclusive ? `不大于 ${hi.value}` : `小于 ${hi.value}`);
    return parts.length ? `${parts.join(' 且')} 的${noun}` : noun;
  }
  const noun = type.int ? 'an integer' : 'a number';
  if (lo?.inclusive && hi?.inclusive) return `${noun} from ${lo.value} to ${hi.value}`;
  const parts: string[] = [];
  if (lo) parts.push(lo.inclusive ? `of at least ${lo.value}` : `greater than ${lo.value}`);
  if (hi) parts.push(hi.inclusive ? `at most ${hi.value}` : `less than ${hi.value}`);
  return parts.length ? `${noun} ${parts.join(' and ')}` : noun;
}

/** The languages of the catalog's props tables (build errors are always in English). */
export type Lang = 'en' | 'zh';

/** What a field accepts, in words (for the props tables); null when the schema says nothing simple. */
export function describeAllowed(type: FieldKind, lang: Lang = 'en'): string | null {
  const zh = lang === 'zh';
  switch (type.kind) {
    case 'number':
      return describeNumber(type, lang);
    case 'enum': {
      // A line may not break next to a straight quote (UAX #14), so the Chinese list, with no spaces, gets a
      // zero-width space after each 、 to give it places to wrap.
      const options = type.options.map((o) => JSON.stringify(o)).join(zh ? '、\u200b' : ', ');
      return zh ? `取值之一：${options}` : `one of ${options}`;
    }
    case 'boolean':
      return zh ? 'true 或 false' : 'true or false';
    case 'string':
      if (zh) return type.max !== null ? `不超过 ${type.max} 个字符的文本` : '文本';
      return type.max !== null ? `text of at most ${type.max} characters` : 'text';
    case 'array': {
      const each = describeAllowed(type.element, lang);
      if (zh) {
        const count =
          type.min !== null && type.max !== null
            ? `（${type.min} 到 ${type.max} 项）`
            : type.max !== null
              ? `（至多 ${type.max} 项）`
              : '';
        return each ? `列表${count}，每项为${each}` : `列表${count}`;
      }
      const count =
        type.min !== null && type.max !== null
          ? ` (${type.min} to ${type.max} of them)`
          : type.max !== null
            ? ` (at most ${type.max})`
            : '';
      return each ? `a list${count}, each ${each}` : `a list${count}`;
    }
    case 'object':
      return zh
        ? `对象，可含：${Object.keys(type.shape).join('、')}`
        : `an object with any of: ${Object.keys(type.shape).join(', ')}`;
    case 'other':
      return null;
  }
}
