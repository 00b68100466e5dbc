/**
 * A minimal static host for the built site, as a reader's host would serve it: files only, no rewrites, the
 * course mounted under a base path. It records every request so that tests can assert what a page fetched.
 */
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { CONTENT_TYPES } from './content-types.mjs';

const TYPES = CONTENT_TYPES;

export interface StaticSite {
  origin: string;
  /** Absolute URL of a path inside the site, e.g. url('/zh/') → http://127.0.0.1:1234/base/zh/ */
  url(p: string): string;
  requests: string[];
  close(): Promise<void>;
}

/**
 * The rules of the site's `_headers` file (Netlify / Cloudflare Pages format: a path pattern, then indented
 * "Name: value" lines), so that the tests run under the headers a host would send, the Content-Security-Policy first.
 */
export function parseHeaders(text: string): { pattern: RegExp; headers: [string, string][] }[] {
  const rules: { pattern: RegExp; headers: [string, string][] }[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const glob = line
        .trim()
        .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*');
      rules.push({ pattern: new RegExp(`^${glob}$`), headers: [] });
      continue;
    }
    const m = /^\s+([\w-]+):\s*(.*)$/.exec(line);
    const rule = rules.at(-1);
    if (!m || !rule) throw new Error(`_headers: cannot read the line "${line}"`);
    rule.headers.push([m[1]!.toLowerCase(), m[2]!]);
  }
  return rules;
}

export async function serveStatic(root: string, base: string): Promise<StaticSite> {
  const requests: string[] = [];
  const rules = parseHeaders(await readFile(path.join(root, '_headers'), 'utf8').catch(() => ''));
  const headersFor = (pathname: string) =>
    Object.fromEntries(rules.filter((r) => r.pattern.test(pathname)).flatMap((r) => r.headers));
  const prefix = base.endsWith('/') ? base : `${base}/`;
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(url.pathname);
    if (!url.pathname.startsWith(prefix)) {
      res.writeHead(404).end('outside the site');
      return;
    }
    let file = path.join(root, decodeURIComponent(url.pathname.slice(prefix.length)));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
      const body = await readFile(file);
      res
        .writeHead(200, {
          'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
          ...headersFor(url.pathname),
        })
        .end(body);
    } catch {
      const notFound = await readFile(path.join(root, '404.html')).catch(() => Buffer.from('not found'));
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end(notFound);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('server has no port');
  const origin = `http://127.0.0.1:${address.port}`;
  return {
    origin,
    url: (p: string) => `${origin}${prefix}${p.replace(/^\//, '')}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
