/**
 * `npm run bench`: ms per training step of every experiment in the registry (default config), in Node and in a
 * headless-Chromium Web Worker on the wasm backend, each against the hand-written Float32Array reference step
 * (bench/reference-mlp.ts) timed in the same run and the same place, and the `mlp` step also against its floor, its
 * matrix products alone (bench/floor.ts). It prints ratios; it asserts nothing.
 *
 * Both sides are built with Vite, straight from the sources, into bench/.out (never dist/, which the site build
 * owns). The Node side is a Vite SSR bundle with the settings astro.config.mjs gives the site's build (tfjs bundled,
 * resolved to its ES build): that is how build-time figures run, and a plain bundle adds no loader between the
 * core and the clock, as vite-node's per-module wrapper would. The browser side is a page and a module Worker,
 * served from 127.0.0.1 and driven with playwright-core and the system Chromium.
 *
 *   npm run bench                      every experiment, Node and Worker
 *   npm run bench -- --only mlp        some experiments (comma-separated ids)
 *   npm run bench -- --rounds 9        more rounds per experiment (default 7)
 *   npm run bench -- --node-only | --browser-only
 *   npm run bench -- --page            the built site's pages while labs train (bench/page.mjs); with --only,
 *                                      --rounds, --node-only or --browser-only the step bench runs after it
 */
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'vite';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const out = path.join(here, '.out');
// The `mlp` step (depth 20, width 32, batch 64) should take at most this many times the reference's.
const TARGET = 0.7;

const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    rounds: { type: 'string' },
    'node-only': { type: 'boolean', default: false },
    'browser-only': { type: 'boolean', default: false },
    page: { type: 'boolean', default: false },
    build: { type: 'boolean', default: false },
    seconds: { type: 'string' },
    scenarios: { type: 'string' },
    scale: { type: 'string' },
  },
});
if (args.page) {
  const { benchPage } = await import('./page.mjs');
  const code = await benchPage({
    build: args.build,
    ...(args.seconds ? { seconds: Number(args.seconds) } : {}),
    ...(args.scenarios ? { scenarios: args.scenarios.split(',') } : {}),
    ...(args.scale ? { scale: Number(args.scale) } : {}),
  });
  const stepBenchAsked = args.only || args.rounds || args['node-only'] || args['browser-only'];
  if (code !== 0 || !stepBenchAsked) process.exit(code);
}
const options = {
  ...(args.only ? { only: args.only.split(',') } : {}),
  ...(args.rounds ? { rounds: Number(args.rounds) } : {}),
};

// The same module resolution as the site's build (astro.config.mjs) and the unit tests (vitest.config.ts):
// tfjs publishes its gradients as ES modules inside a CommonJS package, so every tfjs import must resolve to
// that one ES build, or the gradients register on a second copy of the engine.
const shared = {
  root,
  configFile: false,
  logLevel: 'warn',
  resolve: { mainFields: ['module', 'jsnext:main', 'jsnext', 'browser', 'main'] },
};

async function buildNode() {
  await build({
    ...shared,
    ssr: { noExternal: [/@tensorflow\//], resolve: { mainFields: ['module', 'jsnext:main', 'jsnext'] } },
    build: {
      ssr: path.join(here, 'node.ts'),
      outDir: path.join(out, 'node'),
      emptyOutDir: true,
      minify: false,
      target: 'node20',
      rollupOptions: { output: { format: 'es', entryFileNames: 'node.mjs' } },
    },
  });
  return path.join(out, 'node', 'node.mjs');
}

async function buildWeb() {
  await build({
    ...shared,
    root: path.join(here, 'web'),
    base: './',
    worker: { format: 'es' },
    build: { outDir: path.join(out, 'web'), emptyOutDir: true, target: 'es2022' },
  });
  return path.join(out, 'web');
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
};

async function serve(dir) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let file = path.join(dir, decodeURIComponent(url.pathname));
    if (!file.startsWith(dir)) return void res.writeHead(403).end();
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

async function benchBrowser(dir) {
  const site = await serve(dir);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // tfjs reports a backend that failed to start only on the console (initBackend then falls back to cpu).
    page.on('worker', (w) =>
      w.on('console', (m) => m.type() !== 'log' && console.warn(`worker ${m.type()}: ${m.text()}`)),
    );
    const query = new URLSearchParams();
    if (options.only) query.set('only', options.only.join(','));
    if (options.rounds) query.set('rounds', String(options.rounds));
    await page.goto(`${site.origin}/index.html?${query}`);
    await page.waitForFunction(() => window.__bench !== undefined, null, { timeout: 600_000, polling: 500 });
    const outcome = await page.evaluate(() => window.__bench);
    if (!outcome.ok) throw new Error(`the bench Worker failed: ${outcome.message}`);
    if (errors.length) console.warn(`page errors: ${errors.join('; ')}`);
    return { ...outcome.result, userAgent: await page.evaluate(() => navigator.userAgent) };
  } finally {
    await browser.close();
    await site.close();
  }
}

const fmt = (x, digits = 3) => (Number.isFinite(x) ? x.toFixed(digits) : String(x));

function table(title, result) {
  console.log(
    `\n${title} — backend ${result.backend}; reference loss gap ${result.referenceLossGap.toExponential(1)}; leaked tensors ${result.leakedTensors}`,
  );
  const head = [
    'experiment',
    'ms/step',
    'ref ms/step',
    'ratio',
    'floor ms/step',
    '÷ floor',
    'rounds×steps',
    'restarts',
  ];
  const rows = result.rows.map((r) => [
    r.experiment,
    fmt(r.msPerStep),
    fmt(r.referenceMsPerStep),
    `${fmt(r.ratio, 2)}×`,
    r.floor ? fmt(Math.min(r.floor.tfjsMsPerStep, r.floor.jsMsPerStep)) : '—',
    r.floor ? `${fmt(r.floor.ratio, 2)}×` : '—',
    `${r.rounds}×${r.stepsPerRound}`,
    String(r.restarts),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  rows.forEach((row) => console.log(line(row)));
  for (const r of result.rows.filter((r) => r.floor)) {
    console.log(
      `floor of ${r.experiment}: its matrix products alone (bench/floor.ts), as tfjs matMuls ${fmt(r.floor.tfjsMsPerStep)} ms, as Float32Array loops ${fmt(r.floor.jsMsPerStep)} ms`,
    );
  }
  if (!result.referenceIsMlpDefault)
    console.warn('warning: the mlp default config no longer matches the reference (bench/measure.ts REFERENCE_CONFIG)');
  if (result.referenceLossGap > 1e-4)
    console.warn('warning: the reference and the core disagree: the reference no longer computes the same step');
}

const t0 = performance.now();
const [nodeEntry, webDir] = await Promise.all([
  args['browser-only'] ? null : buildNode(),
  args['node-only'] ? null : buildWeb(),
]);
console.log(`built bench/.out in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const results = [];
if (nodeEntry) {
  const { benchNode } = await import(pathToFileURL(nodeEntry).href);
  const node = await benchNode(options);
  results.push(['Node', node]);
  table(`Node ${process.version}`, node);
}
if (webDir) {
  const worker = await benchBrowser(webDir);
  results.push(['Worker', worker]);
  table(`Chromium Web Worker (${worker.userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? worker.userAgent})`, worker);
}
for (const [where, result] of results) {
  const mlp = result.rows.find((r) => r.experiment === 'mlp');
  if (!mlp) continue;
  const verdict = mlp.ratio <= TARGET ? 'within' : 'MISSES';
  console.log(
    `\nmlp (depth 20, width 32, batch 64), ${where}: step ÷ reference ${fmt(mlp.ratio, 2)}× — ${verdict} the ≤ ${TARGET}× target`,
  );
  console.log(`mlp (depth 20, width 32, batch 64), ${where}: step ÷ floor ${fmt(mlp.floor.ratio, 2)}×`);
}
