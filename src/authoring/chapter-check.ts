/**
 * The author's mistakes that a chapter's syntax tree shows, found before anything renders (issue 13): a component
 * prop its schema refuses, a component that does not exist (with the nearest name), an `<Exercise>` without its
 * answer, an import of a file that is not there, a footnote cited but never written, an aside that Starlight does
 * not have, a reference to an equation label the chapter does not have (remark-equations.ts), a citation of a key
 * the bibliography does not have (remark-citations.ts). Each problem names its line and column, what is wrong and
 * what to write instead.
 *
 * The same check runs twice, on the same tree shape: over every chapter when `astro build` starts
 * (chapters-check.ts), so a mistake stops the build in seconds instead of after minutes of training, and as a
 * remark plugin on each chapter the dev server compiles, so the overlay names the line as soon as it is saved.
 * The props are checked against the schemas the components themselves parse (through the catalog, which lists
 * every component's schema), so the two can never disagree.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Program } from 'estree';
import type { FootnoteDefinition, FootnoteReference, Root, RootContent, Text } from 'mdast';
import type { MdxJsxAttribute, MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import type { z } from 'zod';
import { CATALOG } from './catalog';
import { authorComponentNames, COMPONENTS_DIR } from './component-names';
import { attributeValue, NOT_STATIC } from './jsx-values';
import { nearestName } from './nearest-name';
import { propProblems } from './props';
import { ASIDE_VARIANTS } from './remark-aside-titles';
import { citationProblems } from './remark-citations';
import { equationProblems } from './remark-equations';
import { resolveFigureRefs } from './figure-refs';
import { SOURCE_PROP } from './remark-component-source';

export interface ChapterProblem {
  line: number;
  column: number;
  message: string;
}

/** What the check knows about the components an author may use. */
export interface ComponentRegistry {
  /** The folder `@components/` points to. */
  dir: string;
  /** The components' names: their files in `dir`, without `.astro`. */
  names: ReadonlySet<string>;
  /** The schema each component parses its props with. */
  schemas: ReadonlyMap<string, z.ZodTypeAny>;
}

export function courseComponents(): ComponentRegistry {
  return {
    dir: COMPONENTS_DIR,
    names: authorComponentNames(),
    schemas: new Map(CATALOG.map((entry) => [entry.name, entry.schema])),
  };
}

/**
 * Slots a component cannot render without, and where an author writes them. <Exercise> and <Predict> throw at render
 * time without their answer (components/Exercise.astro, Predict.astro); here the mistake is caught before any page
 * renders.
 */
const REQUIRED_SLOTS: Record<string, { slot: string; example: string; after: string }> = {
  Exercise: { slot: 'answer', example: '<Fragment slot="answer">…</Fragment>', after: 'the question' },
  Predict: { slot: 'answer', example: '<Fragment slot="answer">…</Fragment>', after: 'the list of choices' },
};

const ASIDES: readonly string[] = ASIDE_VARIANTS;

/** Provided to every MDX file by Astro without an import. */
const BUILT_IN_COMPONENTS = new Set(['Fragment']);

type JsxElement = MdxJsxFlowElement | MdxJsxTextElement;
type Node = Root | RootContent;

const importLine = (name: string) => `import ${name} from '@components/${name}.astro';`;

function isJsx(node: Node): node is JsxElement {
  return node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement';
}

function at(node: { position?: { start: { line: number; column: number } } | undefined }, message: string) {
  return { line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1, message };
}

/** A JSX name that refers to a component binding (`Name`, `ns.Name`), as opposed to an HTML element. */
function componentBinding(name: string): string | null {
  const root = name.split('.')[0]!;
  return /^[A-Z]/.test(root) || name.includes('.') ? root : null;
}

function slotOf(node: Node): string | undefined {
  if (!isJsx(node)) return undefined;
  const attribute = node.attributes.find(
    (a): a is MdxJsxAttribute => a.type === 'mdxJsxAttribute' && a.name === 'slot',
  );
  const value = attribute ? attributeValue(attribute) : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** The element filling `slot`, looked for where Astro does not look: inside a paragraph of the component. */
function misplacedSlot(element: JsxElement, slot: string): Node | undefined {
  let found: Node | undefined;
  for (const child of element.children) {
    if (isJsx(child)) continue;
    visit(child, (node) => {
      if (!found && slotOf(node) === slot) found = node;
    });
  }
  return found;
}

interface Imports {
  /** Local name → the author component its file is (`GT` for `import GT from '@components/GradientTrace.astro'`). */
  components: Map<string, string>;
  /** Every name the chapter's own code defines: imports of anything, exported constants. */
  locals: Set<string>;
  problems: ChapterProblem[];
}

/** Where an import points, when it points at a file of the project (not a package). */
function importTarget(spec: string, file: VFile, registry: ComponentRegistry): string | null {
  if (spec.startsWith('@components/')) return path.join(registry.dir, spec.slice('@components/'.length));
  if (spec.startsWith('./') || spec.startsWith('../')) return path.resolve(path.dirname(file.path), spec);
  return null;
}

/** An import's file as the author knows it: `components/X.astro` for `@components/X.astro`. */
function shownPath(target: string, file: VFile, registry: ComponentRegistry): string {
  const inComponents = path.relative(registry.dir, target);
  return inComponents.startsWith('..')
    ? path.relative(file.cwd, target)
    : path.join(path.basename(registry.dir), inComponents);
}

/** The file in `files` that `name` names, or nearly: `TraceValue` for `TraceValue.astro`, `GradientTrac.astro`. */
function nearestFile(name: string, files: string[]): string | undefined {
  return (
    files.find((f) => f === name || f.slice(0, f.length - path.extname(f).length) === name) ?? nearestName(name, files)
  );
}

/** The import the author probably meant: a file next to `target`, or else the component of that name. */
function nearestImport(spec: string, target: string, registry: ComponentRegistry): string | undefined {
  const name = path.basename(target);
  const dir = path.dirname(target);
  const near = existsSync(dir) ? nearestFile(name, readdirSync(dir)) : undefined;
  if (near) return spec.slice(0, spec.length - name.length) + near;
  // A component imported by a wrong relative path: the alias is the same from every chapter.
  const component = nearestFile(
    name,
    [...registry.names].map((n) => `${n}.astro`),
  );
  return component && `@components/${component}`;
}

function readImports(tree: Root, file: VFile, registry: ComponentRegistry): Imports {
  const out: Imports = { components: new Map(), locals: new Set(), problems: [] };
  visit(tree, 'mdxjsEsm', (node) => {
    const program = (node as { data?: { estree?: Program | null } }).data?.estree;
    for (const statement of program?.body ?? []) {
      const where = statement.loc
        ? { position: { start: { line: statement.loc.start.line, column: statement.loc.start.column + 1 } } }
        : node;
      if (statement.type === 'ImportDeclaration') {
        const spec = String(statement.source.value);
        for (const s of statement.specifiers) out.locals.add(s.local.name);
        const target = importTarget(spec, file, registry);
        if (target === null) continue;
        if (!existsSync(target)) {
          const near = nearestImport(spec, target, registry);
          out.problems.push(
            at(
              where,
              `import "${spec}": there is no file ${shownPath(target, file, registry)}` +
                (near
                  ? `; did you mean "${near}"?`
                  : path.dirname(target) === path.resolve(registry.dir)
                    ? '; the components are the files in components/.'
                    : '.'),
            ),
          );
          continue;
        }
        const name = path.basename(target, '.astro');
        if (path.dirname(target) === path.resolve(registry.dir) && registry.names.has(name))
          for (const s of statement.specifiers)
            if (s.type === 'ImportDefaultSpecifier') out.components.set(s.local.name, name);
      } else if (statement.type === 'ExportNamedDeclaration' && statement.declaration) {
        const d = statement.declaration;
        if (d.type === 'VariableDeclaration') {
          for (const v of d.declarations) if (v.id.type === 'Identifier') out.locals.add(v.id.name);
        } else if (d.id) out.locals.add(d.id.name);
      }
    }
  });
  return out;
}

/** The props written on `element` that the check can read, and the names of those it cannot. */
function writtenProps(element: JsxElement): { props: Record<string, unknown>; unknown: Set<string> } | null {
  const props: Record<string, unknown> = {};
  const unknown = new Set<string>();
  for (const attribute of element.attributes) {
    // `{...settings}`: which props it sets is known only when the page runs.
    if (attribute.type === 'mdxJsxExpressionAttribute') return null;
    if (attribute.name === 'slot' || attribute.name === SOURCE_PROP) continue;
    const value = attributeValue(attribute);
    if (value === NOT_STATIC) {
      unknown.add(attribute.name);
      // Present with no value: a misspelt name is still reported, a value the schema needs is not.
      props[attribute.name] = undefined;
    } else props[attribute.name] = value;
  }
  return { props, unknown };
}

function checkProps(element: JsxElement, schema: z.ZodTypeAny): ChapterProblem[] {
  const written = writtenProps(element);
  if (!written) return [];
  const { props, unknown } = written;
  // With a prop the source cannot tell, a rule across props (custom) might judge its placeholder: keep only what
  // the props that were read decide on their own, and every unknown prop name.
  const keep = (issue: z.ZodIssue) =>
    issue.code === 'unrecognized_keys' ||
    unknown.size === 0 ||
    (issue.code !== 'custom' && issue.path.length > 0 && !unknown.has(String(issue.path[0])));
  return propProblems(schema, props, keep).flatMap((text) =>
    text.split('\n').map((line) => {
      const problem = line.trim();
      const prop = /^(?:unknown )?prop "([^".]+)/.exec(problem)?.[1];
      const attribute = element.attributes.find((a) => a.type === 'mdxJsxAttribute' && a.name === prop);
      return at(attribute?.position ? attribute : element, `<${element.name}>: ${problem}`);
    }),
  );
}

function checkSlots(element: JsxElement, component: string): ChapterProblem[] {
  const required = REQUIRED_SLOTS[component];
  if (!required || element.children.some((child) => slotOf(child) === required.slot)) return [];
  const misplaced = misplacedSlot(element, required.slot);
  if (misplaced) {
    return [
      at(
        misplaced,
        `<${element.name}>'s ${required.slot} is inside a paragraph, where Astro does not see it as the ` +
          `"${required.slot}" slot: start it on its own line, with a blank line above.`,
      ),
    ];
  }
  return [
    at(
      element,
      `<${element.name}> has no ${required.slot}: add ${required.example} inside it, on its own lines after ` +
        `${required.after}.`,
    ),
  ];
}

function checkElement(element: JsxElement, imports: Imports, registry: ComponentRegistry): ChapterProblem[] {
  const name = element.name;
  const binding = name ? componentBinding(name) : null;
  if (!name || !binding || BUILT_IN_COMPONENTS.has(name)) return [];
  if (!imports.locals.has(binding)) {
    if (registry.names.has(name))
      return [at(element, `<${name}> is used but not imported: add \`${importLine(name)}\` below the frontmatter.`)];
    const near = nearestName(name, new Set([...registry.names, ...imports.locals]));
    const how = near && !imports.locals.has(near) ? ` (and import it: \`${importLine(near)}\`)` : near ? '' : undefined;
    return [
      at(
        element,
        how === undefined
          ? `<${name}> is not a component: the components are the files in components/ ` +
              `(${[...registry.names].sort().join(', ')}); import one with \`${importLine('Name')}\`.`
          : `<${name}> is not a component: did you mean <${near}>?${how}`,
      ),
    ];
  }
  const component = imports.components.get(name);
  if (!component) return [];
  const schema = registry.schemas.get(component);
  return [...(schema ? checkProps(element, schema) : []), ...checkSlots(element, component)];
}

/**
 * `[^label]` left as text: GitHub-flavoured Markdown makes a footnote reference only of a label it defines. And the
 * other way round, a definition nothing cites, which the page's references silently leave out.
 */
function checkFootnotes(tree: Root, source: string): ChapterProblem[] {
  const labels = new Set<string>();
  const cited = new Set<string>();
  visit(tree, 'footnoteDefinition', (node: FootnoteDefinition) => {
    labels.add(node.label ?? node.identifier);
  });
  visit(tree, 'footnoteReference', (node: FootnoteReference) => {
    cited.add(node.identifier);
  });
  const problems: ChapterProblem[] = [];
  visit(tree, 'footnoteDefinition', (node: FootnoteDefinition) => {
    if (cited.has(node.identifier)) return;
    const label = node.label ?? node.identifier;
    problems.push(
      at(
        node,
        `footnote [^${label}] is defined but never cited, so the page's references leave it out: cite it in the ` +
          `prose as [^${label}], or delete its line.`,
      ),
    );
  });
  visit(tree, 'text', (node: Text) => {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    // The text as written (escapes and entities included), so the column is the source's.
    const written = start !== undefined && end !== undefined ? source.slice(start, end) : node.value;
    for (const m of written.matchAll(/(?<!\\)\[\^([^\]\s]+)\]/g)) {
      const before = written.slice(0, m.index);
      const lines = before.split('\n');
      const line = (node.position?.start.line ?? 1) + lines.length - 1;
      const column = lines.length > 1 ? lines.at(-1)!.length + 1 : (node.position?.start.column ?? 1) + before.length;
      const near = nearestName(m[1]!, labels);
      problems.push({
        line,
        column,
        message:
          `footnote [^${m[1]}] has no definition, so the page would show "[^${m[1]}]" as text: ` +
          (near ? `did you mean [^${near}]? Otherwise add` : `add`) +
          ` a line "[^${m[1]}]: …" with the reference at the end of the chapter.`,
      });
    }
  });
  return problems;
}

function checkAsides(tree: Root): ChapterProblem[] {
  const problems: ChapterProblem[] = [];
  visit(tree, 'containerDirective', (node: Node & { name: string }) => {
    if (ASIDES.includes(node.name)) return;
    const near = nearestName(node.name, ASIDES);
    problems.push(
      at(
        node,
        `":::${node.name}" is not one of Starlight's asides, so it would render as a plain box: ` +
          (near ? `did you mean ":::${near}"? The asides are ` : 'write ') +
          `${ASIDES.slice(0, -1)
            .map((a) => `:::${a}`)
            .join(', ')} or :::${ASIDES.at(-1)}.`,
      ),
    );
  });
  return problems;
}

/** Every mistake in one chapter's tree, in the order they appear. */
export function chapterProblems(
  tree: Root,
  file: VFile,
  registry: ComponentRegistry = courseComponents(),
): ChapterProblem[] {
  // A value that names its figure (`figure="deep"`) takes the figure's settings first, so its props are checked as
  // they will render.
  const figureProblems = resolveFigureRefs(tree, registry.schemas);
  const imports = readImports(tree, file, registry);
  const problems = [...imports.problems, ...figureProblems];
  visit(tree, (node) => {
    if (isJsx(node)) problems.push(...checkElement(node, imports, registry));
  });
  problems.push(
    ...checkFootnotes(tree, String(file.value)),
    ...checkAsides(tree),
    ...equationProblems(tree, String(file.value)),
    ...citationProblems(tree, String(file.value)),
  );
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** A problem in one chapter file, named relative to the project root. */
export interface FileProblem extends ChapterProblem {
  file: string;
}

/** `content/causes/x.mdx:42:1: what is wrong and what to do`. */
export const describeProblem = (p: FileProblem) => `${p.file}:${p.line}:${p.column}: ${p.message}`;

/** "A mistake in content/x.mdx:" or "3 mistakes in the chapters:", then one line per problem. */
export function problemReport(where: string, problems: readonly FileProblem[]): string {
  const count = problems.length === 1 ? 'A mistake' : `${problems.length} mistakes`;
  return `${count} in ${where}:\n  ${problems.map(describeProblem).join('\n  ')}`;
}

/**
 * The check as a remark plugin, for the dev server: the first problem's line and column go to the error overlay,
 * and the message lists every problem of the chapter.
 */
export function remarkChapterCheck() {
  const registry = courseComponents();
  return (tree: Root, file: VFile) => {
    // Markdown rendered from a string (no file) is not a chapter.
    if (!file.path) return;
    const problems = chapterProblems(tree, file, registry);
    if (!problems.length) return;
    const rel = path.relative(file.cwd, file.path);
    file.fail(
      problemReport(
        rel,
        problems.map((p) => ({ file: rel, ...p })),
      ),
      { place: { line: problems[0]!.line, column: problems[0]!.column }, source: 'chapter-check' },
    );
  };
}
