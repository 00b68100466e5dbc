/**
 * The site's Content-Security-Policy, generated after the build from what the pages actually contain (issue 10).
 *
 * Every inline <script> that Astro and Starlight emit (the theme picker, the island loader, …) is allowed by its
 * SHA-256 hash and nothing else inline may run: no 'unsafe-inline' and no 'unsafe-eval' for scripts. WebAssembly
 * needs 'wasm-unsafe-eval' (TensorFlow.js's wasm backend, Pagefind's search). Styles keep 'unsafe-inline': KaTeX
 * positions every glyph with a style attribute and Plot writes its own <style> into each live figure, and a
 * style can neither run code nor send anything anywhere under `default-src 'self'`. Images may be data: or blob:
 * URLs (the live heat maps are painted on a canvas and shown as an <image>). Nothing is fetched from another origin.
 *
 * Each page gets a <meta http-equiv="Content-Security-Policy"> with the hashes of its own scripts, as the first
 * element of its <head> (before any script it governs); `_headers` (the format Netlify and Cloudflare Pages read)
 * carries one policy for every page — the union of the hashes — plus what a <meta> cannot say (frame-ancestors),
 * the wasm MIME type and a year's caching for the content-hashed files under _astro/.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

/** Inline scripts: a <script> without a src attribute (raw text: it cannot contain "</script>"). */
const INLINE_SCRIPT = /<script\b(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/gi;

export const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The hashes of a page's inline scripts, in the order they appear, each once. */
export function inlineScriptHashes(html: string): string[] {
  const out = new Set<string>();
  for (const m of html.matchAll(INLINE_SCRIPT)) if (m[1]!.trim()) out.add(sha256(m[1]!));
  return [...out];
}

/** The policy for pages whose inline scripts have these hashes; `header` adds what only an HTTP header can carry. */
export function policy(hashes: readonly string[], header = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    ...(header ? ["frame-ancestors 'self'"] : []),
  ].join('; ');
}

/**
 * Put the page's policy at the top of its <head>, right after the charset declaration (which must stay within the
 * first 1024 bytes) and before any script; an existing course policy is replaced (a rebuild of the same dir).
 */
export function withPolicy(html: string): string {
  const clean = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/i, '');
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy(inlineScriptHashes(clean))}">`;
  const head = /<head\b[^>]*>(\s*<meta charset=[^>]*>)?/i;
  if (!head.test(clean)) throw new Error('a page without <head>: cannot add its Content-Security-Policy');
  return clean.replace(head, (start) => `${start}${meta}`);
}

/** `_headers` for Netlify / Cloudflare Pages: paths under the site's base. */
export function headersFile(base: string, hashes: readonly string[]): string {
  const root = base.endsWith('/') ? base : `${base}/`;
  return [
    `${root}*`,
    `  Content-Security-Policy: ${policy(hashes, true)}`,
    '  X-Content-Type-Options: nosniff',
    '  Referrer-Policy: strict-origin-when-cross-origin',
    `${root}_astro/*`,
    '  Cache-Control: public, max-age=31536000, immutable',
    `${root}*.wasm`,
    '  Content-Type: application/wasm',
    '',
  ].join('\n');
}

async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.html'))
    .map((e) => path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
    .sort();
}

export function contentSecurityPolicy(): AstroIntegration {
  let base = '/';
  return {
    name: 'course-csp',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base;
      },
      'astro:build:done': async ({ dir, logger }) => {
        const out = fileURLToPath(dir);
        const all = new Set<string>();
        const files = await htmlFiles(out);
        for (const file of files) {
          const html = withPolicy(await readFile(file, 'utf8'));
          for (const h of inlineScriptHashes(html)) all.add(h);
          await writeFile(file, html);
        }
        const hashes = [...all].sort();
        await writeFile(path.join(out, '_headers'), headersFile(base, hashes));
        logger.info(`Content-Security-Policy in ${files.length} pages and _headers (${hashes.length} inline scripts)`);
      },
    },
  };
}
