/**
 * Every chapter exists in both editions (issue 13): content/<slug>.mdx and content/zh/<slug>.mdx. A chapter in one
 * language only would otherwise build, and Starlight would serve the English page under /zh/ without a word; the
 * build stops instead, saying which file to copy where.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

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

export function editionsCheck(contentDir = 'content'): AstroIntegration {
  return {
    name: 'course-editions',
    hooks: {
      'astro:config:setup': ({ config, command }) => {
        if (command !== 'build' && command !== 'dev') return;
        const missing = missingEditions(path.resolve(fileURLToPath(config.root), contentDir));
        if (missing.length) throw new Error(`Every chapter is written in both languages.\n  ${missing.join('\n  ')}`);
      },
    },
  };
}
