/**
 * One way to validate what an author writes on a component, shared by every component in `components/`.
 * A wrong prop stops the build with a message that names the component, where it was used, the prop, the
 * value given and what is allowed — the error an author can fix without opening the component's source.
 */
import { z } from 'zod';
import { nearestName } from './nearest-name';
import { SOURCE_PROP } from './remark-component-source';
import { describeNumber, fieldInfo, objectOf } from './schema-fields';

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

/** The schema of the prop at `path`, following nested object props (`compare.depth`). */
function schemaAt(object: z.AnyZodObject, path: (string | number)[]): z.ZodTypeAny | undefined {
  let s: z.ZodTypeAny | undefined = object;
  for (const key of path) {
    if (s === undefined) return undefined;
    const { type } = fieldInfo(s);
    if (type.kind === 'object') s = type.shape[String(key)];
    else if (type.kind === 'array' && typeof key === 'number') s = unwrapArray(s);
    else return undefined;
  }
  return s;
}

function unwrapArray(schema: z.ZodTypeAny): z.ZodTypeAny | undefined {
  let s = schema;
  while (s instanceof z.ZodDefault || s instanceof z.ZodOptional || s instanceof z.ZodEffects)
    s = s instanceof z.ZodEffects ? s._def.schema : s._def.innerType;
  return s instanceof z.ZodArray ? s.element : undefined;
}

/** Numeric bounds of one prop in words, e.g. "an integer from 1 to 64"; null for props that are not numbers. */
function numberBounds(schema: z.ZodTypeAny | undefined): string | null {
  if (!schema) return null;
  const { type } = fieldInfo(schema);
  return type.kind === 'number' ? describeNumber(type) : null;
}

/** The options of an enum prop in words; zod reports a missing required enum as a type error, not an enum one. */
function enumChoices(schema: z.ZodTypeAny | undefined): string | null {
  if (!schema) return null;
  const { type } = fieldInfo(schema);
  return type.kind === 'enum' ? `one of ${type.options.map((o) => JSON.stringify(o)).join(', ')}` : null;
}

/** Each of zod's `issues` with `props` in words: the prop, the value given and what is allowed. */
function describeIssues(schema: z.ZodTypeAny, props: Record<string, unknown>, issues: z.ZodIssue[]): string[] {
  const object = objectOf(schema);
  const shape = object.shape as Record<string, z.ZodTypeAny>;
  return issues.map((issue) => {
    if (issue.code === z.ZodIssueCode.unrecognized_keys) {
      const at = issue.path.length ? schemaAt(object, issue.path) : object;
      const nested = at ? fieldInfo(at).type : null;
      const names = Object.keys(nested?.kind === 'object' ? nested.shape : shape);
      const prefix = issue.path.length ? `${issue.path.join('.')}.` : '';
      return issue.keys
        .map((k) => {
          const near = nearestName(k, names);
          const hint = near ? `: did you mean "${prefix}${near}"?` : '';
          return `unknown prop "${prefix}${k}"${hint} (allowed props: ${names.join(', ')})`;
        })
        .join('\n  ');
    }
    const name = issue.path.join('.') || '(props)';
    const got = show(valueAt(props, issue.path));
    if (issue.code === z.ZodIssueCode.custom) return `prop "${name}": ${issue.message}`;
    const at = schemaAt(object, issue.path);
    const bounds =
      issue.code === z.ZodIssueCode.too_small || issue.code === z.ZodIssueCode.too_big
        ? numberBounds(at)
        : issue.code === z.ZodIssueCode.invalid_type
          ? (numberBounds(at) ?? enumChoices(at))
          : null;
    return `prop "${name}" is ${got}; expected ${bounds ?? allowed(issue)}`;
  });
}

/**
 * What is wrong with `props` for `schema`, in words; none when they are valid. `keep` drops the issues a caller
 * cannot judge: the chapter check reads the props from the MDX source and skips issues about those it could not.
 */
export function propProblems(
  schema: z.ZodTypeAny,
  props: Record<string, unknown>,
  keep: (issue: z.ZodIssue) => boolean = () => true,
): string[] {
  const result = schema.safeParse(props);
  return result.success ? [] : describeIssues(schema, props, result.error.issues.filter(keep));
}

/**
 * Validate `props` against `schema` for `<component>`; return the parsed props (defaults filled in) or throw a
 * ComponentPropError listing every problem.
 */
export function parseProps<S extends z.ZodTypeAny>(
  component: string,
  schema: S,
  props: Record<string, unknown>,
): z.output<S> {
  const { [SOURCE_PROP]: source, ...rest } = props;
  const result = schema.safeParse(rest);
  if (result.success) return result.data;
  const problems = describeIssues(schema, rest, result.error.issues);
  const where = typeof source === 'string' ? ` in ${source}` : '';
  throw new ComponentPropError(`Invalid props on <${component}>${where}:\n  ${problems.join('\n  ')}`);
}
