/**
 * Every chapter checked for an author's mistakes when `astro build` starts (issue 13), before any network is
 * trained: the build stops within seconds with every problem of every chapter, each as `content/…mdx:line:col`,
 * what is wrong and what to write instead. Without it a misspelt prop surfaced only when its page rendered, after
 * six minutes of training, and an unknown component as Astro's generic "MDX component runtime error".
 *
 * Each file is parsed as Astro's MDX integration parses it: MDX with GitHub-flavoured Markdown (footnotes),
 * remark-math (so `$\frac{1}{2}$` is a formula, not JSX expressions) and remark-directive (Starlight's `:::note`).
 * The dev server does not stop here: it reports the same problems per chapter, in the overlay
 * (remarkChapterCheck), and these only as a warning when it starts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProcessor } from '@mdx-js/mdx';
import type { AstroIntegration } from 'astro';
import type { Root } from 'mdast';
import remarkDirective from 'remark-directive';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import { VFile } from 'vfile';
import {
  chapterProblems,
  courseComponents,
  problemReport,
  type ComponentRegistry,
  type FileProblem,
} from './chapter-check';

/** The files Starlight's collection reads (src/content.config.ts: `**\/[^_]*.{md,mdx}` under content/). */
const CHAPTER = /^[^_].*\.mdx?$/;

export function chapterFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) return chapterFiles(file);
      return CHAPTER.test(name) ? [file] : [];
    });
}

/** The frontmatter blanked out, as Astro does, so that lines and columns stay those of the file. */
function withoutFrontmatter(source: string): string {
  const m = /^---\r?\n[\s\S]*?\r?\n---(?=\r?\n|$)/.exec(source);
  return m ? m[0].replace(/[^\r\n]/g, ' ') + source.slice(m[0].length) : source;
}

const processors = {
  mdx: createProcessor({ format: 'mdx', remarkPlugins: [remarkGfm, remarkMath, remarkDirective] }),
  md: createProcessor({ format: 'md', remarkPlugins: [remarkGfm, remarkMath, remarkDirective] }),
};

/** Every mistake in the chapter at `file` (absolute), named relative to `root`. */
export function checkChapterFile(file: string, root: string, registry: ComponentRegistry): FileProblem[] {
  const rel = path.relative(root, file);
  const vfile = new VFile({ path: file, cwd: root, value: withoutFrontmatter(readFileSync(file, 'utf8')) });
  let tree: Root;
  try {
    tree = processors[file.endsWith('.mdx') ? 'mdx' : 'md'].parse(vfile);
  } catch (error) {
    // MDX's own parse errors carry the place and say what it expected (an unclosed tag, a stray `{` or `<`).
    const e = error as { line?: number; column?: number; reason?: string; message: string };
    const reason = e.reason ?? e.message;
    // An unclosed tag is reported without a place, but its reason names the opening tag's: "… (7:1-7:24)".
    const named = /\((\d+):(\d+)-\d+:\d+\)/.exec(reason);
    const line = e.line ?? Number(named?.[1] ?? 1);
    const column = e.column ?? Number(named?.[2] ?? 1);
    const message =
      `MDX cannot read this: ${reason}. ` +
      'Close every tag (<Name …/> or <Name>…</Name>), and write a literal {, } or < in prose as \\{, \\} or &lt;.';
    return [{ file: rel, line, column, message }];
  }
  return chapterProblems(tree, vfile, registry).map((p) => ({ file: rel, ...p }));
}

/** Every mistake in every chapter under `contentDir`. */
export function checkChapters(contentDir: string, root: string, registry = courseComponents()): FileProblem[] {
  return chapterFiles(contentDir).flatMap((file) => checkChapterFile(file, root, registry));
}

export function chaptersCheck(contentDir = 'content'): AstroIntegration {
  return {
    name: 'course-chapters',
    hooks: {
      'astro:config:setup': ({ config, command, logger }) => {
        if (command !== 'build' && command !== 'dev') return;
        const root = fileURLToPath(config.root);
        const started = performance.now();
        const problems = checkChapters(path.resolve(root, contentDir), root);
        const took = `${Math.round(performance.now() - started)} ms`;
        if (!problems.length) {
          logger.info(`every chapter checked in ${took}: no mistakes`);
          return;
        }
        const report = problemReport('the chapters', problems);
        // The dev server keeps serving; each chapter's page shows its own problems in the overlay.
        if (command === 'dev') return logger.warn(report);
        // Astro prints the place in `loc` (the first mistake, with the chapter's lines around it) instead of the
        // place in this file that threw.
        const [first] = problems;
        throw Object.assign(new Error(report), {
          loc: { file: path.resolve(root, first!.file), line: first!.line, column: first!.column },
        });
      },
    },
  };
}
