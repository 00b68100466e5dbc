/**
 * Every internal link of the built site checked (issue 13): each <a href> that stays on the site must name a page
 * the build wrote and, with a #fragment, an element of that page with that id — in both editions, under the base
 * path, whatever wrote the link (a chapter's Markdown, a component, Starlight). It reads the finished pages, so it
 * sees exactly what a reader's browser will follow; a broken link fails the build, naming the chapter file it
 * came from and the link.
 *
 * starlight-links-validator (the plugin the issue suggests) reads Starlight's pages from src/content/docs only, and
 * the course keeps its chapters in content/: it reported every link of the course as broken.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

export interface BrokenLink {
  /** The page the link is on, as a site path ('/base/causes/x/'). */
  page: string;
  href: string;
  problem: string;
}

const decode = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

/** The ids of a page's elements (what a #fragment can point to). */
export function pageIds(html: string): Set<string> {
  const ids = new Set<string>();
  for (const m of html.matchAll(/\sid="([^"]*)"/g)) ids.add(decode(m[1]!));
  return ids;
}

/** The href of every <a> of a page. */
export function pageLinks(html: string): string[] {
  return [...html.matchAll(/<a\b[^>]*?\shref="([^"]*)"/gi)].map((m) => decode(m[1]!));
}

/**
 * Check the links of `pages` (site path → HTML). `exists(sitePath)` says whether the build wrote a file there; ids of
 * pages not in `pages` are not checked (none: every page of the build is given).
 */
export function brokenLinks(
  pages: ReadonlyMap<string, string>,
  base: string,
  exists: (sitePath: string) => boolean,
): BrokenLink[] {
  const root = base.endsWith('/') ? base : `${base}/`;
  const ids = new Map([...pages].map(([p, html]) => [p, pageIds(html)]));
  const out: BrokenLink[] = [];
  for (const [page, html] of pages) {
    for (const href of new Set(pageLinks(html))) {
      // Other sites, mail, the protocol-relative form: not ours to check.
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) continue;
      const url = new URL(href, `http://site${page}`);
      const target = url.pathname;
      const fragment = decodeURIComponent(url.hash.slice(1));
      if (!target.startsWith(root)) {
        out.push({ page, href, problem: `points outside the site's base path ${root}` });
        continue;
      }
      const targetPage = target.endsWith('/') ? target : null;
      if (targetPage ? !pages.has(targetPage) : !exists(target)) {
        out.push({ page, href, problem: 'no such page' });
        continue;
      }
      if (fragment && targetPage && !ids.get(targetPage)?.has(fragment))
        out.push({ page, href, problem: `${targetPage} has no element with id "${fragment}"` });
    }
  }
  return out;
}

/** The chapter file a page comes from, for the message (content/…/slug.mdx), or the page itself. */
function sourceOf(page: string, base: string, projectRoot: string): string {
  const slug = page.slice(base.length).replace(/\/$/, '') || 'index';
  for (const ext of ['mdx', 'md']) {
    for (const rel of [`content/${slug}.${ext}`, `content/${slug}/index.${ext}`]) {
      if (existsSync(path.join(projectRoot, rel))) return rel;
    }
  }
  return `the page ${page}`;
}

export function linkCheck(): AstroIntegration {
  let base = '/';
  let projectRoot = process.cwd();
  return {
    name: 'course-link-check',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
        projectRoot = fileURLToPath(config.root);
      },
      'astro:build:done': async ({ dir, logger }) => {
        const out = fileURLToPath(dir);
        const files = (await readdir(out, { recursive: true })).filter((f) => f.endsWith('index.html'));
        const pages = new Map<string, string>();
        for (const f of files) {
          const rel = path.dirname(f) === '.' ? '' : `${path.dirname(f).split(path.sep).join('/')}/`;
          pages.set(`${base}${rel}`, await readFile(path.join(out, f), 'utf8'));
        }
        const exists = (p: string) => existsSync(path.join(out, decodeURIComponent(p.slice(base.length))));
        const broken = brokenLinks(pages, base, exists);
        if (broken.length === 0) {
          logger.info(`every internal link and anchor of ${pages.size} pages leads somewhere`);
          return;
        }
        // Shown as an author writes links: site-absolute, without the base path (the build adds it, and /zh).
        const shown = (href: string) => (href.startsWith(base) ? `/${href.slice(base.length)}` : href);
        const lines = broken.map(
          (b) => `  ${sourceOf(b.page, base, projectRoot)}: link "${shown(b.href)}": ${b.problem}`,
        );
        throw new Error(`${broken.length} broken internal link(s):\n${lines.join('\n')}`);
      },
    },
  };
}
