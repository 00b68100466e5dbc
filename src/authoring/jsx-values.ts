/**
 * The value of a prop as an author wrote it in MDX, read from the source without running it: `depth={20}`,
 * `activation="relu"`, `batchNorm`, `compare={{ activation: 'relu' }}`, `activations={['sigmoid', 'tanh']}`,
 * `learningRate={-1e-2}`. The chapters write literals, so the props can be checked against the components' schemas
 * before anything renders; a value computed from a variable or a call is reported as not known here, and is left
 * to the component's own check when the page renders.
 */
import type { Expression, Program } from 'estree';
import type { MdxJsxAttribute } from 'mdast-util-mdx-jsx';

/** A value that only running the chapter would give. */
export const NOT_STATIC: unique symbol = Symbol('not static');

type Value = unknown;

function literalOf(node: Expression): Value {
  switch (node.type) {
    case 'Literal':
      // A regular expression or a bigint is not a prop value any component takes; `.value` is null for both.
      return 'regex' in node || 'bigint' in node ? NOT_STATIC : node.value;
    case 'TemplateLiteral':
      return node.expressions.length === 0
        ? node.quasis.map((q) => q.value.cooked ?? q.value.raw).join('')
        : NOT_STATIC;
    case 'Identifier':
      return node.name === 'undefined'
        ? undefined
        : node.name === 'Infinity'
          ? Infinity
          : node.name === 'NaN'
            ? NaN
            : NOT_STATIC;
    case 'UnaryExpression': {
      if (node.operator !== '-' && node.operator !== '+') return NOT_STATIC;
      const v = literalOf(node.argument);
      return typeof v === 'number' ? (node.operator === '-' ? -v : v) : NOT_STATIC;
    }
    case 'BinaryExpression': {
      // `1 / 3`, `2 ** -10`: arithmetic on numbers only.
      if (node.left.type === 'PrivateIdentifier') return NOT_STATIC;
      const a = literalOf(node.left);
      const b = literalOf(node.right);
      if (typeof a !== 'number' || typeof b !== 'number') return NOT_STATIC;
      switch (node.operator) {
        case '+':
          return a + b;
        case '-':
          return a - b;
        case '*':
          return a * b;
        case '/':
          return a / b;
        case '**':
          return a ** b;
        default:
          return NOT_STATIC;
      }
    }
    case 'ArrayExpression': {
      const out: Value[] = [];
      for (const el of node.elements) {
        if (el === null || el.type === 'SpreadElement') return NOT_STATIC;
        const v = literalOf(el);
        if (v === NOT_STATIC) return NOT_STATIC;
        out.push(v);
      }
      return out;
    }
    case 'ObjectExpression': {
      const out: Record<string, Value> = {};
      for (const p of node.properties) {
        if (p.type !== 'Property' || p.computed || p.kind !== 'init' || p.method || p.shorthand) return NOT_STATIC;
        const key =
          p.key.type === 'Identifier' ? p.key.name : p.key.type === 'Literal' ? String(p.key.value) : undefined;
        if (key === undefined || p.value.type === 'AssignmentPattern' || !isExpression(p.value)) return NOT_STATIC;
        const v = literalOf(p.value);
        if (v === NOT_STATIC) return NOT_STATIC;
        out[key] = v;
      }
      return out;
    }
    default:
      return NOT_STATIC;
  }
}

function isExpression(node: { type: string }): node is Expression {
  return !['ObjectPattern', 'ArrayPattern', 'RestElement', 'AssignmentPattern'].includes(node.type);
}

/** The single expression of an MDX `{…}`, or null when it holds none or more than one statement. */
function expressionOf(program: Program | null | undefined): Expression | null {
  const only = program?.body.length === 1 ? program.body[0] : undefined;
  return only?.type === 'ExpressionStatement' ? only.expression : null;
}

/** What a prop written as `attribute` is worth, or NOT_STATIC. */
export function attributeValue(attribute: MdxJsxAttribute): Value {
  const { value } = attribute;
  // `<BatchNormLab batchNorm />`: JSX's shorthand for true.
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value;
  const expression = expressionOf(value.data?.estree as Program | null | undefined);
  return expression ? literalOf(expression) : NOT_STATIC;
}
