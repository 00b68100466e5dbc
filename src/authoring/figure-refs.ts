/**
 * A value names its figure instead of repeating its settings (issue 13). A value component reads one number from
 * the run a figure of the same page draws, and had to repeat every setting of that figure to read the same run:
 *
 *     <GradientTrace id="deep" depth={20} activation="relu" init="he-normal" />
 *     … <TraceValue value="ratio" depth={20} activation="relu" init="he-normal" atMost={10} /> …
 *
 * With `figure`, the value takes the figure's settings (those it writes, and the defaults of the figure where they
 * differ from the value's own), and `compared` reads the figure's second configuration, its `compare`:
 *
 *     … <TraceValue figure="deep" value="ratio" atMost={10} /> …
 *     … <InitLab id="scale" … compare={{ initScale: 0.1 }} /> … <NetworkValue figure="scale" compared value="…" /> …
 *
 * A setting the value writes itself still wins. The settings are copied into the chapter's syntax tree before the
 * chapter check validates the props (chapter-check.ts) and before the page renders (remarkFigureRefs), so the value
 * component, the check and the claims all see one ordinary, fully written value.
 */
import type { Expression, SimpleLiteral } from 'estree';
import type { Root, RootContent } from 'mdast';
import type { MdxJsxAttribute, MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import { visit } from 'unist-util-visit';
import type { z } from 'zod';
import { CATALOG } from './catalog';
import { attributeValue, NOT_STATIC } from './jsx-values';
import { nearestName } from './nearest-name';
import { schemaFields } from './schema-fields';

export const FIGURE_PROP = 'figure';
export const COMPARED_PROP = 'compared';

/** Which figures each value component reads its number from. */
export const FIGURES_OF: Record<string, readonly string[]> = {
  TraceValue: ['GradientTrace'],
  NetworkValue: ['InitLab', 'LayerHistograms'],
  RemedyValue: ['ReluFamilyLab', 'BatchNormLab', 'ResidualLab'],
  SequenceValue: ['RnnLstmLab'],
  OutlierValue: ['OutlierLab'],
  PretrainingValue: ['PretrainingLab'],
  ClippingValue: ['ClippingLab'],
};

/** A figure's props that are about the figure, not its run. */
const NOT_SETTINGS = new Set(['id', 'compare', 'maxSteps', 'slot', '__source']);

type JsxElement = MdxJsxFlowElement | MdxJsxTextElement;

interface Problem {
  line: number;
  column: number;
  message: string;
}

const isJsx = (node: Root | RootContent): node is JsxElement =>
  node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement';

const attribute = (element: JsxElement, name: string) =>
  element.attributes.find((a): a is MdxJsxAttribute => a.type === 'mdxJsxAttribute' && a.name === name);

const at = (node: { position?: { start: { line: number; column: number } } | undefined }, message: string) => ({
  line: node.position?.start.line ?? 1,
  column: node.position?.start.column ?? 1,
  message,
});

/** An attribute holding a literal value, as MDX would have parsed it (`name="s"`, `name`, `name={3}`). */
export function literalAttribute(name: string, value: unknown): MdxJsxAttribute {
  if (typeof value === 'string') return { type: 'mdxJsxAttribute', name, value };
  if (value === true) return { type: 'mdxJsxAttribute', name, value: null };
  const raw = JSON.stringify(value);
  const literal = (v: number | boolean | null): SimpleLiteral => ({
    type: 'Literal',
    value: v,
    raw: JSON.stringify(v),
  });
  const toExpression = (v: unknown): Expression =>
    Array.isArray(v)
      ? { type: 'ArrayExpression', elements: v.map(toExpression) }
      : typeof v === 'number' && v < 0
        ? { type: 'UnaryExpression', operator: '-', prefix: true, argument: literal(-v) }
        : literal(v as number | boolean | null);
  const expression = toExpression(value);
  return {
    type: 'mdxJsxAttribute',
    name,
    value: {
      type: 'mdxJsxAttributeValueExpression',
      value: raw,
      data: {
        estree: {
          type: 'Program',
          sourceType: 'module',
          comments: [],
          body: [{ type: 'ExpressionStatement', expression }],
        },
      },
    },
  };
}

const schemas = () => new Map<string, z.ZodTypeAny>(CATALOG.map((e) => [e.name, e.schema]));

/**
 * Every `figure="…"` of the chapter resolved in place, and what could not be: a figure that is not on the page, or
 * one the value does not read. Resolving twice changes nothing (the `figure` prop is gone after the first time).
 */
export function resolveFigureRefs(tree: Root, schemaOf: ReadonlyMap<string, z.ZodTypeAny> = schemas()): Problem[] {
  const problems: Problem[] = [];
  const figures = new Map<string, JsxElement>();
  visit(tree, (node) => {
    if (!isJsx(node) || !node.name) return;
    const id = attribute(node, 'id');
    if (id && typeof id.value === 'string' && Object.values(FIGURES_OF).some((f) => f.includes(node.name!)))
      figures.set(id.value, node);
  });
  visit(tree, (node) => {
    if (!isJsx(node) || !node.name || !(node.name in FIGURES_OF)) return;
    const ref = attribute(node, FIGURE_PROP);
    const compared = attribute(node, COMPARED_PROP);
    if (!ref) {
      if (!compared) return;
      node.attributes = node.attributes.filter((a) => a !== compared);
      problems.push(at(compared, `<${node.name}>: "compared" reads a figure's compare; name the figure: figure="…".`));
      return;
    }
    node.attributes = node.attributes.filter((a) => a !== ref && a !== compared);
    const kinds = FIGURES_OF[node.name]!;
    const id = typeof ref.value === 'string' ? ref.value : undefined;
    const figure = id === undefined ? undefined : figures.get(id);
    if (!figure) {
      const ids = [...figures].filter(([, f]) => kinds.includes(f.name!)).map(([i]) => i);
      const near = id && nearestName(id, ids);
      problems.push(
        at(
          ref,
          `<${node.name} figure=${id === undefined ? '{…}' : `"${id}"`}>: ` +
            (id === undefined
              ? 'write the figure\'s id as text: figure="deep".'
              : `no figure on this page has id="${id}"` +
                (near
                  ? `; did you mean figure="${near}"?`
                  : ids.length
                    ? `; the ${kinds.map((k) => `<${k}>`).join(' and ')} with an id here: ${ids.join(', ')}.`
                    : `; give the ${kinds.map((k) => `<${k}>`).join(' or ')} it reads an id="${id}".`)),
        ),
      );
      return;
    }
    if (!kinds.includes(figure.name!)) {
      problems.push(
        at(
          ref,
          `<${node.name} figure="${id}"> names a <${figure.name}>, whose runs it does not read: a <${node.name}> ` +
            `reads ${kinds.map((k) => `<${k}>`).join(' or ')}.`,
        ),
      );
      return;
    }
    const valueFields = new Map(schemaFields(schemaOf.get(node.name)!));
    const figureFields = new Map(schemaFields(schemaOf.get(figure.name!)!));
    const written = new Set(node.attributes.flatMap((a) => (a.type === 'mdxJsxAttribute' ? [a.name] : [])));
    const copied: MdxJsxAttribute[] = [];
    const set = (name: string, make: () => MdxJsxAttribute) => {
      if (written.has(name) || !valueFields.has(name)) return;
      const i = copied.findIndex((a) => a.name === name);
      if (i >= 0) copied.splice(i, 1);
      copied.push(make());
    };
    // <RemedyValue> reads one of several labs: which one is the figure's kind.
    if (valueFields.has('lab')) set('lab', () => literalAttribute('lab', figure.name!));
    for (const [name, field] of figureFields) {
      if (NOT_SETTINGS.has(name)) continue;
      const own = attribute(figure, name);
      if (own) set(name, () => structuredClone(own));
      else if (field.default !== undefined && field.default !== valueFields.get(name)?.default)
        set(name, () => literalAttribute(name, field.default));
    }
    if (compared) {
      const compare = attribute(figure, 'compare');
      const settings = compare ? attributeValue(compare) : undefined;
      if (!settings || settings === NOT_STATIC || typeof settings !== 'object') {
        problems.push(
          at(compared, `<${node.name} compared>: the figure "${id}" has no compare={{ … }} written out to read.`),
        );
        return;
      }
      for (const [name, value] of Object.entries(settings)) set(name, () => literalAttribute(name, value));
    }
    node.attributes = [...copied, ...node.attributes];
  });
  return problems;
}

/** The resolution as a remark plugin, for pages the chapter check has not already resolved. */
export function remarkFigureRefs() {
  const schemaOf = schemas();
  return (tree: Root) => {
    resolveFigureRefs(tree, schemaOf);
  };
}
