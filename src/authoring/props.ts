/**
 * One way to validate what an author writes on a component, shared by every component in `components/`.
 * A wrong prop stops the build with a message that names the component, where it was used, the prop, the
 * value given and what is allowed — the error an author can fix without opening the component's source.
 */
import { z } from 'zod';
import { SOURCE_PROP } from './remark-component-source';

export class ComponentPropError extends Error {
  override name = 'ComponentPropError';
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'nothing';
  if (typeof value === 'object' && value !== null) {
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}

function valueAt(props: Record<string, unknown>, at: (string | number)[]): unknown {
  let v: unknown = props;
  for (const key of at) v = v == null ? undefined : (v as Record<string | number, unknown>)[key];
  return v;
}

/** The allowed values, in words, for one zod issue. */
function allowed(issue: z.ZodIssue): string {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_enum_value:
      return `one of ${issue.options.map((o) => JSON.stringify(o)).join(', ')}`;
    case z.ZodIssueCode.invalid_literal:
      return JSON.stringify(issue.expected);
    case z.ZodIssueCode.too_small:
    case z.ZodIssueCode.too_big: {
      if (issue.type !== 'number') return issue.message.toLowerCase();
      return 'a number in the allowed range';
    }
    case z.ZodIssueCode.invalid_type:
      return issue.expected === 'integer' ? 'an integer' : `a ${issue.expected}`;
    case z.ZodIssueCode.not_finite:
      return 'a finite number';
    default:
      return issue.message;
  }
}

/** Describe numeric bounds from the schema of one prop, e.g. "an integer from 1 to 64". */
function describeNumber(schema: z.ZodTypeAny | undefined): string | null {
  let s = schema;
  while (s instanceof z.ZodDefault || s instanceof z.ZodOptional) s = s._def.innerType;
  if (!(s instanceof z.ZodNumber)) return null;
  const noun = s.isInt ? 'an integer' : 'a number';
  const parts: string[] = [];
  let lo: { value: number; inclusive: boolean } | null = null;
  let hi: { value: number; inclusive: boolean } | null = null;
  for (const check of s._def.checks) {
    if (check.kind === 'min') lo = check;
    if (check.kind === 'max') hi = check;
  }
  if (lo?.inclusive && hi?.inclusive) return `${noun} from ${lo.value} to ${hi.value}`;
  if (lo) parts.push(lo.inclusive ? `of at least ${lo.value}` : `greater than ${lo.value}`);
  if (hi) parts.push(hi.inclusive ? `at most ${hi.value}` : `less than ${hi.value}`);
  return parts.length ? `${noun} ${parts.join(' and ')}` : noun;
}

/**
 * Validate `props` against `schema` for `<component>`; return the parsed props (defaults filled in) or throw a
 * ComponentPropError listing every problem.
 */
export function parseProps<S extends z.AnyZodObject | z.ZodEffects<z.AnyZodObject>>(
  component: string,
  schema: S,
  props: Record<string, unknown>,
): z.output<S> {
  const { [SOURCE_PROP]: source, ...rest } = props;
  const result = schema.safeParse(rest);
  if (result.success) return result.data;
  const object: z.AnyZodObject =
    schema instanceof z.ZodEffects ? (schema._def.schema as z.AnyZodObject) : (schema as z.AnyZodObject);
  const shape = object.shape as Record<string, z.ZodTypeAny>;
  const where = typeof source === 'string' ? ` in ${source}` : '';
  const problems = result.error.issues.map((issue) => {
    if (issue.code === z.ZodIssueCode.unrecognized_keys) {
      const known = Object.keys(shape).join(', ');
      return issue.keys.map((k) => `unknown prop "${k}" (allowed props: ${known})`).join('\n  ');
    }
    const name = issue.path.join('.') || '(props)';
    const got = show(valueAt(rest, issue.path));
    if (issue.code === z.ZodIssueCode.custom) return `prop "${name}": ${issue.message}`;
    const bounds =
      issue.code === z.ZodIssueCode.too_small ||
      issue.code === z.ZodIssueCode.too_big ||
      issue.code === z.ZodIssueCode.invalid_type
        ? describeNumber(shape[String(issue.path[0])])
        : null;
    return `prop "${name}" is ${got}; expected ${bounds ?? allowed(issue)}`;
  });
  throw new ComponentPropError(`Invalid props on <${component}>${where}:\n  ${problems.join('\n  ')}`);
}
