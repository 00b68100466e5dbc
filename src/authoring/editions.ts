/**
 * Every chapter exists in both editions (issue 13): content/<slug>.mdx and content/zh/<slug>.mdx. A chapter in one
 * language only would otherwise build, and Starlight would serve the English page under /zh/ without a word; the
 * build stops instead, saying which file to copy where.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { labelsInSource } from './remark-equations';

const CHAPTER = /^[^_].*\.mdx?$/;

/** The chapter files under `dir` (relative paths, sorted), leaving out the folders named in `skip`. */
function chapters(dir: string, skip: readonly string[] = [], rel = ''): string[] {
  return readdirSync(path.join(dir, rel))
    .sort()
    .flatMap((name) => {
      const file = path.join(rel, name);
      if (statSync(path.join(dir, file)).isDirectory()) return skip.includes(file) ? [] : chapters(dir, skip, file);
      return CHAPTER.test(name) ? [file.split(path.sep).join('/')] : [];
    });
}

/** What is missing from either edition of the chapters in `contentDir`, as messages an author can act on. */
export function missingEditions(contentDir: string): string[] {
  const en = chapters(contentDir, ['zh']);
  const zh = chapters(path.join(contentDir, 'zh'));
  const dir = path.basename(contentDir);
  return [
    ...en
      .filter((f) => !zh.includes(f))
      .map((f) => `${dir}/${f} has no Chinese edition: copy it to ${dir}/zh/${f} and translate it.`),
    ...zh
      .filter((f) => !en.includes(f))
      .map((f) => `${dir}/zh/${f} has no English edition: copy it to ${dir}/${f} and translate it.`),
  ];
}

/**
 * Where the two editions of a chapter label different equations (remark-equations.ts): "Equation (3)" in one and
 * 「式 (3)」 in the other must be the same equation, so both label the same equations in the same order.
 */
export function labelMismatches(contentDir: string): string[] {
  const zh = chapters(path.join(contentDir, 'zh'));
  const dir = path.basename(contentDir);
  return chapters(contentDir, ['zh'])
    .filter((f) => zh.includes(f))
    .flatMap((f) => {
      const en = labelsInSource(readFileSync(path.join(contentDir, f), 'utf8'));
      const cn = labelsInSource(readFileSync(path.join(contentDir, 'zh', f), 'utf8'));
      if (en.join() === cn.join()) return [];
      const list = (labels: string[]) => (labels.length ? labels.join(', ') : 'none');
      return [
        `${dir}/${f} labels its equations ${list(en)}, but ${dir}/zh/${f} labels ${list(cn)}: ` +
          'label the same equations, in the same order, in both editions.',
      ];
    });
}

export function editionsCheck(contentDir = 'content'): AstroIntegration {
  return {
    name: 'course-editions',
    hooks: {
      'astro:config:setup': ({ config, command }) => {
        if (command !== 'build' && command !== 'dev') return;
        const dir = path.resolve(fileURLToPath(config.root), contentDir);
        const missing = missingEditions(dir);
        if (missing.length) throw new Error(`Every chapter is written in both languages.\n  ${missing.join('\n  ')}`);
        const labels = labelMismatches(dir);
        if (labels.length) throw new Error(`Both editions number the same equations.\n  ${labels.join('\n  ')}`);
      },
    },
  };
}
