/**
 * `npm run lighthouse`: Lighthouse (mobile preset) on the home page and every chapter, in both languages, served as a
 * host serves the site — the precompressed .gz twins with `Content-Encoding: gzip`, and the headers of the build's own
 * `_headers` file (its Content-Security-Policy among them). Prints one row per page and exits 1 if any page misses
 * issue 10's targets. Not part of `npm test`: it takes minutes, and its scores are measurements, not assertions.
 *
 *   npm run lighthouse                       reuse the e2e build if there is one (else build it)
 *   npm run lighthouse -- --build            build afresh first (node test/e2e/build-for-e2e.mjs)
 *   npm run lighthouse -- --only weights     only pages whose path contains "weights"
 *   npm run lighthouse -- --json out.json    also write every page's numbers to a file
 *
 * The site is the e2e build (test/e2e/.output/site), served under its sub-path /vg-course/ as a host would serve it
 * there. Lighthouse runs Debian's Chromium (/usr/bin/chromium, or CHROME_PATH), one page at a time, with its default
 * simulated mobile throttling, so that a busy machine moves the scores less than it moves real timings; the load
 * average is printed beside them all the same.
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { CONTENT_TYPES } from '../test/e2e/content-types.mjs';
import { E2E_BASE, E2E_OUT } from '../test/e2e/paths.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARGETS = { performance: 95, accessibility: 100, 'best-practices': 100, seo: 100, dom: 3000, htmlGzipKb: 60 };
const TYPES = CONTENT_TYPES;

function args(argv) {
  const out = { build: false, only: '', json: '' };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--build') out.build = true;
    else if (argv[i] === '--only') out.only = argv[++i] ?? '';
    else if (argv[i] === '--json') out.json = argv[++i] ?? '';
    else throw new Error(`unknown option ${argv[i]} (see the comment at the top of bench/lighthouse.mjs)`);
  }
  return out;
}

/** The rules of a `_headers` file: a path pattern (`*` for any run of characters) and the headers it adds. */
function parseHeaders(text) {
  const rules = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const re = new RegExp(
        `^${line
          .trim()
          .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')}$`,
      );
      rules.push({ re, headers: {} });
    } else if (rules.length) {
      const i = line.indexOf(':');
      rules.at(-1).headers[line.slice(0, i).trim()] = line.slice(i + 1).trim();
    }
  }
  return rules;
}

/** Serve `dir` under `base` as a static host does: gzip twins when the client takes gzip, `_headers` applied. */
async function serve(dir, base) {
  const rules = parseHeaders(await readFile(path.join(dir, '_headers'), 'utf8').catch(() => ''));
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(base)) return void res.writeHead(404).end();
    let file = path.join(dir, decodeURIComponent(url.pathname.slice(base.length)));
    if (!file.startsWith(dir)) return void res.writeHead(403).end();
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
      const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
      const headers = { 'content-type': type };
      for (const r of rules) if (r.re.test(url.pathname)) Object.assign(headers, r.headers);
      let body = await readFile(file);
      if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')) && !/image\/png|woff2/.test(type)) {
        body = await readFile(`${file}.gz`).catch(() => gzipSync(body));
        Object.assign(headers, { 'content-encoding': 'gzip', vary: 'Accept-Encoding' });
      }
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = server.address();
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r(undefined))) };
}

/** The home page and every chapter, in both languages: every page but the authors' pages, references and 404. */
async function pages(dir) {
  const files = (await readdir(dir, { recursive: true }))
    .filter((f) => f.endsWith('index.html'))
    .map((f) => path.dirname(f).replace(/^\.$/, ''))
    .filter((p) => !/(^|\/)(authors|references)(\/|$)/.test(p))
    .sort((a, b) => a.replace(/^zh\/?/, '').localeCompare(b.replace(/^zh\/?/, '')) || a.localeCompare(b));
  return files.map((p) => (p ? `${p}/` : ''));
}

const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

async function main() {
  const opts = args(process.argv.slice(2));
  const dir = path.resolve(root, E2E_OUT);
  const built = await stat(path.join(dir, 'index.html')).then(
    () => true,
    () => false,
  );
  if (opts.build || !built) {
    console.log('building the site (node test/e2e/build-for-e2e.mjs)…');
    const r = spawnSync(process.execPath, ['test/e2e/build-for-e2e.mjs'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`the build failed (exit ${r.status})`);
  }
  const { mtime } = await stat(path.join(dir, 'index.html'));
  const list = (await pages(dir)).filter((p) => p.includes(opts.only));
  if (list.length === 0) throw new Error(`no page matches --only ${opts.only}`);
  const server = await serve(dir, E2E_BASE);
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
  });
  console.log(
    `Lighthouse ${(await import('lighthouse/package.json', { with: { type: 'json' } })).default.version}, mobile preset, ` +
      `site ${path.relative(root, dir)} built ${mtime.toISOString()}, served gzipped under ${E2E_BASE}; ` +
      `${os.cpus().length} cores, load ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}\n`,
  );
  const cols = ['page', 'perf', 'a11y', 'b.p.', 'seo', 'LCP s', 'TBT ms', 'CLS', 'DOM', 'HTML kB gz', ''];
  const widths = [34, 5, 5, 5, 4, 6, 7, 6, 6, 11, 0];
  console.log(cols.map((c, i) => (i === 0 ? pad(c, widths[i]) : lpad(c, widths[i]))).join(' '));
  const rows = [];
  let failed = 0;
  try {
    for (const p of list) {
      const url = `${server.origin}${E2E_BASE}${p}`;
      const result = await lighthouse(url, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
      });
      const lhr = result.lhr;
      const score = (k) => Math.round((lhr.categories[k]?.score ?? 0) * 100);
      const audit = (k) => lhr.audits[k]?.numericValue ?? NaN;
      const html = (lhr.audits['network-requests']?.details?.items ?? []).find((r) => r.resourceType === 'Document');
      const row = {
        page: `/${p}`,
        performance: score('performance'),
        accessibility: score('accessibility'),
        'best-practices': score('best-practices'),
        seo: score('seo'),
        lcp: audit('largest-contentful-paint') / 1000,
        tbt: audit('total-blocking-time'),
        cls: audit('cumulative-layout-shift'),
        dom: audit('dom-size'),
        htmlGzipKb: (html?.transferSize ?? NaN) / 1024,
        runtimeError: lhr.runtimeError?.message,
      };
      const misses = [
        ...['performance', 'accessibility', 'best-practices', 'seo'].filter((k) => !(row[k] >= TARGETS[k])),
        ...(row.dom > TARGETS.dom ? ['DOM'] : []),
        ...(row.htmlGzipKb > TARGETS.htmlGzipKb ? ['HTML'] : []),
        ...(row.runtimeError ? [row.runtimeError] : []),
      ];
      if (misses.length) failed++;
      rows.push({ ...row, misses });
      console.log(
        [
          pad(row.page, widths[0]),
          lpad(row.performance, widths[1]),
          lpad(row.accessibility, widths[2]),
          lpad(row['best-practices'], widths[3]),
          lpad(row.seo, widths[4]),
          lpad(row.lcp.toFixed(1), widths[5]),
          lpad(Math.round(row.tbt), widths[6]),
          lpad(row.cls.toFixed(3), widths[7]),
          lpad(Math.round(row.dom), widths[8]),
          lpad(row.htmlGzipKb.toFixed(1), widths[9]),
          misses.length ? `MISS: ${misses.join(', ')}` : 'ok',
        ].join(' '),
      );
    }
  } finally {
    await chrome.kill();
    await server.close();
  }
  console.log(
    `\ntargets: performance ≥ ${TARGETS.performance}, accessibility / best practices / SEO ${TARGETS.seo}, ` +
      `DOM ≤ ${TARGETS.dom} elements, HTML ≤ ${TARGETS.htmlGzipKb} kB gzip. ${failed} of ${rows.length} pages miss.`,
  );
  if (opts.json) await writeFile(opts.json, JSON.stringify(rows, null, 2));
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
