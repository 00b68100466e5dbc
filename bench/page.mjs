/**
 * `npm run bench -- --page`: what training costs the page a reader is looking at (issue 7, item 5). The built site
 * (test/e2e/.output/site, the e2e build, served under /vg-course/) is opened in headless Chromium and its labs are
 * played like a reader plays them; the main thread is watched while they train. It prints ratios with the issue's
 * targets beside them and the raw numbers behind them; it asserts nothing (exit 1 only when a page or a lab fails).
 *
 *   npm run bench -- --page                  reuse the e2e build if there is one (else build it)
 *   npm run bench -- --page --build          build it afresh first (node test/e2e/build-for-e2e.mjs)
 *   npm run bench -- --page --seconds 12     a longer idle and training window (default 8 s)
 *   npm run bench -- --page --scenarios one,equal   some of: one, three, equal
 *   npm run bench -- --page --scale 1        the three-lab viewport's device scale (default: see below)
 *   BENCH_PAGE_DUMP=/tmp/p npm run bench -- --page   also writes each scenario's raw samples (long tasks, lag, the
 *                                            labs' step series, the windows) to /tmp/p.<scenario>.json
 *
 * Scenarios (each on a fresh page load, in its own browser context):
 *   one    /causes/deep-networks/, its first lab, viewport 1280×900.
 *   three  /remedies/batch-norm/ (three labs with the chapter's own, different settings), all three playing at once.
 *   equal  /remedies/relu-family/ with its three labs given the same settings through the page URL (the shareable
 *          link), all three playing at once: the fair test of how the Worker shares its time.
 * Labs pause themselves when off-screen (IntersectionObserver in src/islands/use-lab-run.ts), so the three-lab
 * scenarios use a viewport as tall, in CSS pixels, as the span from the first lab's top to the last one's bottom,
 * at a device scale that keeps its device pixels to those of 1280×900 (software raster of a 1280×6400 screen is a
 * cost no reader pays; --scale 1 measures it anyway). A lab that reaches its maxSteps is reset and played again at
 * once, so that the window is all training.
 *
 * How each number is taken (all on the page's main thread, from probes installed before the page's own scripts):
 *   long tasks   a PerformanceObserver for 'longtask'; the part of each task inside the window is summed and divided
 *                by the window. The training window starts 1 s after every played lab has shown its first point (or
 *                30 s after Play, whichever is first; start-up is reported on its own line) and lasts --seconds.
 *   lag          a setTimeout(…, 16) chain; each sample is how late the callback ran beyond its 16 ms. p95 over an idle
 *                window (same page, hydrated, before Play, same length) and over the training window.
 *   steps/s      each lab's step counter ([data-testid="step-count"]), recorded on every change by a MutationObserver
 *                on its status line; the steps taken in the window ÷ the window (for a lab that diverged, up to its
 *                last step).
 *   first point  Play is clicked with HTMLElement.click() from inside the page (each lab's in a task of its own, one
 *                right after the other) — no pointer moves over the lab, so
 *                nothing was warmed by hover — on a fresh page load (the output says whether the page had started the
 *                labs' Worker by itself before Play, or the click did). First point = the first MutationObserver
 *                callback in which the step counter shows ≥ 1 and the live figure ([data-testid="live-panels"]) has
 *                been drawn, or is shown with the step the lab took and drew ahead of Play (data-ahead; the output
 *                says so); "painted" is the frame after it (rAF, then a message).
 *   one step     the lab's status line, [data-testid="ms-per-step"]: the Worker's own timing of session.step() (an
 *                exponential average, summed over a comparison's two lanes), read at the end of the training window.
 *   typing       the site search (Starlight's dialog, Pagefind's input) is opened and a word typed with Playwright's
 *                keyboard, once idle (before Play) and once while the labs train. Input → next frame = from each
 *                keydown's event.timeStamp to the task after the next rendering update (rAF, then a message); the
 *                Event Timing API's slowest interaction (keydown to keyup, entries ≥ 16 ms only) is reported beside it.
 *   machine      the load average, and the share of all cores busy (/proc/stat: every process, ours included) in the
 *                idle and the training window: other work on the machine inflates every number here.
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CONTENT_TYPES } from '../test/e2e/content-types.mjs';
import { E2E_BASE, E2E_OUT } from '../test/e2e/paths.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');

const TARGETS = {
  longTaskOne: 0.05,
  longTaskThree: 0.1,
  lag: 5,
  fairness: 0.5,
  firstPoint: 2,
};
const WARMUP_MS = 1000;
/** The training window starts once every lab has shown its first point, or this long after Play at the latest. */
const STARTUP_CAP_MS = 30_000;
const WORD = 'gradient';

/** @typedef {{ id: string, component: string, configs: Record<string, unknown>[], maxSteps: number }} LabInfo */
/**
 * @typedef {object} Scenario
 * @property {string} key
 * @property {string} title
 * @property {string} path           page path inside the site
 * @property {number} labs           how many labs to play (the first n .vg-lab of the page)
 * @property {boolean} [equalize]    give labs 2..n the settings of lab n through the URL
 * @property {string[]} [urlKeys]    the keys the labs read from the URL (their LabSpec's keys)
 */

/** @type {Scenario[]} */
const SCENARIOS = [
  { key: 'one', title: 'one lab', path: 'causes/deep-networks/', labs: 1 },
  { key: 'three', title: 'three labs, the chapter’s settings', path: 'remedies/batch-norm/', labs: 3 },
  {
    key: 'equal',
    title: 'three labs, equal settings',
    path: 'remedies/relu-family/',
    labs: 3,
    equalize: true,
    // RELU_FAMILY_LAB.keys in src/islands/ReluFamilyLab.tsx: the settings a link can carry.
    urlKeys: ['activation', 'leakyAlpha', 'eluAlpha', 'init', 'initScale', 'depth', 'learningRate', 'seed'],
  },
];

// ---------------------------------------------------------------------------------------------------------------
// The site: the e2e build, served as test/e2e/static-server.ts serves it (files only, under the base path).

const TYPES = CONTENT_TYPES;

/** @param {string} dir @param {string} base */
async function serve(dir, base) {
  const prefix = base.endsWith('/') ? base : `${base}/`;
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(prefix)) return void res.writeHead(404).end('outside the site');
    let file = path.join(dir, decodeURIComponent(url.pathname.slice(prefix.length)));
    if (!file.startsWith(dir)) return void res.writeHead(403).end();
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  const origin = `http://127.0.0.1:${port}`;
  return {
    /** @param {string} p */
    url: (p) => `${origin}${prefix}${p.replace(/^\//, '')}`,
    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}

/** Reuse the e2e build, or make one; say which build is measured. */
async function site(forceBuild) {
  const dir = path.resolve(root, E2E_OUT);
  const index = path.join(dir, 'index.html');
  const exists = await stat(index).then(
    () => true,
    () => false,
  );
  if (forceBuild || !exists) {
    console.log(
      `${exists ? '--build: building' : 'no build at ' + path.relative(root, dir) + ': building'} the site (node test/e2e/build-for-e2e.mjs)…`,
    );
    const r = spawnSync(process.execPath, ['test/e2e/build-for-e2e.mjs'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`the build failed (exit ${r.status})`);
  }
  const { mtime } = await stat(index);
  const age = (Date.now() - mtime.getTime()) / 60_000;
  console.log(
    `site: ${path.relative(root, dir)} served under ${E2E_BASE}; built ${mtime.toISOString()} (${age < 1 ? 'just now' : `${age.toFixed(0)} min ago`})`,
  );
  return dir;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the labs' settings from the built HTML: Astro serialises an island's props as [type, value] pairs.

/** @param {unknown} v @returns {unknown} */
function unAstro(v) {
  if (!Array.isArray(v)) return v;
  const [type, value] = v;
  if (type === 1) return /** @type {unknown[]} */ (value).map(unAstro);
  if (type === 0 && value && typeof value === 'object' && !Array.isArray(value))
    return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, unAstro(x)]));
  return value;
}

const decode = (s) =>
  s
    .replace(/&quot;|&#34;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/**
 * The labs of a built page in order: their island id, component and configurations (one per lane).
 * @param {string} html @returns {LabInfo[]}
 */
function labsOf(html) {
  const out = [];
  for (const m of html.matchAll(/<astro-island\b[^>]*>/g)) {
    const tag = m[0];
    const props = tag.match(/\sprops="([^"]*)"/)?.[1];
    const url = tag.match(/\scomponent-url="([^"]*)"/)?.[1] ?? '';
    if (!props) continue;
    const p = /** @type {Record<string, unknown>} */ (unAstro([0, JSON.parse(decode(props))]));
    if (!Array.isArray(p.configs)) continue;
    const component = url.match(/([A-Za-z]+)\.[^/]*$/)?.[1] ?? '?';
    out.push({
      id: String(p.uid ?? '?'),
      component,
      configs: /** @type {Record<string, unknown>[]} */ (p.configs),
      maxSteps: Number(p.maxSteps),
    });
  }
  return out;
}

/** A configuration, compactly: every primitive setting, in the schema's order. */
const settingsText = (c) =>
  Object.entries(c)
    .filter(([, v]) => ['number', 'string', 'boolean'].includes(typeof v))
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');

/**
 * URL parameters that give `lab` the configurations of `target` (only the keys a link can carry), and the keys that
 * would still differ.
 * @param {LabInfo} lab @param {LabInfo} target @param {string[]} keys
 */
function equalizeParams(lab, target, keys) {
  /** @type {[string, string][]} */
  const params = [];
  const rest = new Set();
  if (lab.configs.length !== target.configs.length)
    params.push([`${lab.id}.compare`, target.configs.length > 1 ? '1' : '0']);
  target.configs.forEach((t, lane) => {
    const own = lab.configs[lane] ?? lab.configs[0];
    for (const [k, v] of Object.entries(t)) {
      if (JSON.stringify(own[k]) === JSON.stringify(v)) continue;
      if (keys.includes(k) && ['number', 'string', 'boolean'].includes(typeof v))
        params.push([`${lab.id}.${lane === 1 ? 'b.' : ''}${k}`, typeof v === 'boolean' ? (v ? '1' : '0') : String(v)]);
      else rest.add(k);
    }
  });
  return { params, rest: [...rest] };
}

/** The first English chapter (by path) of the built site with at least `n` labs. @param {string} dir @param {number} n */
async function pageWithLabs(dir, n) {
  const { readdir } = await import('node:fs/promises');
  const files = (await readdir(dir, { recursive: true }))
    .filter((f) => f.endsWith('index.html') && !/^(zh|authors)\//.test(f))
    .sort();
  for (const f of files) {
    const labs = labsOf(await readFile(path.join(dir, f), 'utf8'));
    if (labs.length >= n) return { path: path.dirname(f) + '/', labs };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// The probes, installed before the page's own scripts.

function probes() {
  /** @type {any} */
  const b = { longtasks: [], lag: [], keys: [], events: [], labs: [] };
  /** @type {any} */ (window).__vgBench = b;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) b.longtasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    b.noLongtask = true;
  }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        b.events.push({
          name: e.name,
          start: e.startTime,
          duration: e.duration,
          interaction: /** @type {any} */ (e).interactionId,
        });
    }).observe(/** @type {any} */ ({ type: 'event', durationThreshold: 16, buffered: true }));
  } catch {
    b.noEventTiming = true;
  }
  const PERIOD = 16;
  let due = performance.now() + PERIOD;
  const tick = () => {
    const now = performance.now();
    b.lag.push([now, Math.max(0, now - due)]);
    due = now + PERIOD;
    setTimeout(tick, PERIOD);
  };
  setTimeout(tick, PERIOD);
  /** After the next rendering update: a message posted from requestAnimationFrame runs after the frame. */
  b.afterFrame = (/** @type {(t: number) => void} */ fn) =>
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => fn(performance.now());
      ch.port2.postMessage(0);
    });
  addEventListener(
    'keydown',
    (e) => {
      const rec = { key: e.key, at: e.timeStamp, frame: NaN };
      b.keys.push(rec);
      b.afterFrame((t) => (rec.frame = t));
    },
    true,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Numbers.

const quantile = (xs, q) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return s[i];
};
/** Long-task time inside [t0, t1]. */
const longTaskMs = (tasks, t0, t1) =>
  tasks.reduce((sum, [s, d]) => sum + Math.max(0, Math.min(t1, s + d) - Math.max(t0, s)), 0);
const longTaskCount = (tasks, t0, t1) => tasks.filter(([s, d]) => s < t1 && s + d > t0).length;
const lagIn = (lag, t0, t1) => lag.filter(([t]) => t >= t0 && t <= t1).map(([, l]) => l);
/**
 * Steps taken in (t0, t1], from a lab's recorded (time, steps) changes; a drop is a restart from 0 (see
 * keepPlaying), after which the count goes on from the new run's steps.
 */
const stepsIn = (series, t0, t1) => {
  let sum = 0;
  for (let i = 1; i < series.length; i++) {
    const [t, n] = series[i];
    const inc = n >= series[i - 1][1] ? n - series[i - 1][1] : n;
    if (t > t0 && t <= t1) sum += inc;
  }
  return sum;
};
const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '—');
/** Whole-machine CPU time from /proc/stat (every process, this bench's Chromium included): [busy, total] jiffies. */
async function cpuTimes() {
  try {
    const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0];
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = v[3] + (v[4] ?? 0);
    const total = v.reduce((a, b) => a + b, 0);
    return [total - idle, total];
  } catch {
    return [NaN, NaN];
  }
}
const busyShare = (a, b) => (b[0] - a[0]) / (b[1] - a[1]);
const loadavg = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

// ---------------------------------------------------------------------------------------------------------------
// Driving the page.

/** The browser contexts of scenarios under way, closed if their scenario fails. */
const openContexts = new Set();

/**
 * @param {import('playwright-core').Browser} browser
 * @param {{ url: (p: string) => string }} server
 * @param {string} dir
 * @param {Scenario} sc
 * @param {number} seconds
 */
async function runScenario(browser, server, dir, sc, seconds, scaleOverride) {
  const notes = [];
  let labs = labsOf(await readFile(path.join(dir, sc.path, 'index.html'), 'utf8').catch(() => ''));
  if (labs.length < sc.labs) {
    // A chapter that changed under us: take the first English chapter with enough labs instead, and say so.
    const other = await pageWithLabs(dir, sc.labs);
    if (!other) throw new Error(`${sc.path} has ${labs.length} labs, and no chapter has ${sc.labs}`);
    notes.push(`${sc.path} has ${labs.length} labs, fewer than ${sc.labs}: measured ${other.path} instead`);
    sc = { ...sc, path: other.path };
    labs = other.labs;
  }
  labs = labs.slice(0, sc.labs);
  const labIds = labs.map((l) => l.id);
  let query = '';
  if (sc.equalize) {
    const target = labs[labs.length - 1];
    const params = [];
    for (const lab of labs.slice(0, -1)) {
      const eq = equalizeParams(lab, target, sc.urlKeys ?? []);
      params.push(...eq.params);
      if (eq.rest.length)
        notes.push(`warning: ${lab.id} still differs from ${target.id} in ${eq.rest.join(', ')} (not settable by URL)`);
      lab.configs = target.configs.map((t, i) => {
        const own = lab.configs[i] ?? lab.configs[0];
        return Object.fromEntries(
          Object.keys({ ...own, ...t }).map((k) => [k, (sc.urlKeys ?? []).includes(k) && k in t ? t[k] : own[k]]),
        );
      });
    }
    query = `?${new URLSearchParams(params)}`;
    notes.push(
      `settings of ${labs
        .slice(0, -1)
        .map((l) => l.id)
        .join(', ')} set to ${target.id}'s through the URL: ${decodeURIComponent(query)}`,
    );
  }

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'no-preference' });
  openContexts.add(context);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  /** When the page's first Worker started (Date.now()): before Play, the page warmed the labs by itself. */
  let workerAt = NaN;
  page.on('worker', (w) => {
    // The labs' Worker (src/lab/worker.ts → _astro/worker-<hash>.js), not the search's or any other.
    if (Number.isNaN(workerAt) && /\/_astro\/worker[^/]*\.js$/.test(w.url())) workerAt = Date.now();
  });
  await page.addInitScript(probes);
  const url = server.url(sc.path) + query;
  const response = await page.goto(url, { waitUntil: 'load' });
  if (!response?.ok()) throw new Error(`${url}: HTTP ${response?.status()}`);
  const load = { start: loadavg() };

  // Put the labs in view: the first at the top of a 900 px viewport, or all of them in one tall viewport.
  const span = await page.evaluate((ids) => {
    const els = ids.map((id) => /** @type {HTMLElement} */ (document.querySelector(`[id="${id}"] .vg-lab`)));
    const rects = els.map((e) => e.getBoundingClientRect());
    return { top: rects[0].top + scrollY, bottom: Math.max(...rects.map((r) => r.bottom)) + scrollY };
  }, labIds);
  const margin = 40;
  /** @type {{ width: number, height: number, scale: number }} */
  let viewport = { width: 1280, height: 900, scale: 1 };
  if (sc.labs > 1) {
    // As tall as the labs' span in CSS pixels (the page lays out as at 1280×900), drawn at a device scale that gives
    // it as many device pixels as 1280×900: software raster of a 1280×6000 screen would be a cost no reader pays.
    const height = Math.ceil(span.bottom - span.top + 2 * margin);
    const scale = scaleOverride ?? Math.min(1, Math.sqrt(900 / height));
    viewport = { width: 1280, height, scale };
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setDeviceMetricsOverride', {
      width: 1280,
      height,
      deviceScaleFactor: scale,
      mobile: false,
    });
    notes.push(
      `viewport 1280×${height} CSS px at device scale ${scale.toFixed(2)}: tall enough for all ${sc.labs} labs to stay on-screen ` +
        `(off-screen labs pause themselves)`,
    );
  }
  await page.evaluate((y) => scrollTo(0, y), Math.max(0, span.top - margin));
  // Hydrated: every lab's Play enabled. Nothing has touched a lab, so no Worker exists yet.
  await page.waitForFunction(
    (ids) => {
      const els = ids.map((id) => /** @type {HTMLElement} */ (document.querySelector(`[id="${id}"] .vg-lab`)));
      return els.every((e) => e) && els.every((e) => e.querySelector('[data-action="play"]:not([disabled])'));
    },
    labIds,
    { timeout: 60_000 },
  );
  const restored = await page.evaluate(
    (ids) =>
      ids
        .map((id) => /** @type {HTMLElement} */ (document.querySelector(`[id="${id}"] .vg-lab`)))
        .map((e) => !!e.querySelector('[data-testid="restored"]')),
    labIds,
  );
  if (sc.equalize)
    notes.push(
      `labs that say their settings came from the link: ${
        labs
          .filter((_, i) => restored[i])
          .map((l) => l.id)
          .join(', ') || 'none'
      }`,
    );
  // Settle before the idle window: the page may start the labs' Worker in idle time once they near the viewport
  // (that is not Play, and no lab is touched); wait for the network to go quiet and for 1 s without a long task.
  await page.waitForLoadState('networkidle', { timeout: 30_000 }).catch(() => null);
  const settled = await page
    .waitForFunction(
      () => {
        const last = /** @type {any} */ (window).__vgBench.longtasks.at(-1);
        return !last || performance.now() - (last[0] + last[1]) > 1000;
      },
      null,
      { timeout: 30_000, polling: 200 },
    )
    .then(
      () => true,
      () => false,
    );
  if (!settled) notes.push('warning: the page had long tasks until the idle window began (30 s after load)');
  // The labs take their first step ahead of the reader and draw it out of sight (data-ahead, src/islands/kit/
  // LabShell.tsx): let that finish too, so that the idle window is idle.
  const ahead = await page
    .waitForFunction((ids) => ids.every((id) => document.querySelector(`[id="${id}"] .vg-lab[data-ahead]`)), labIds, {
      timeout: 30_000,
      polling: 200,
    })
    .then(
      () => true,
      () => false,
    );
  if (!ahead) notes.push('note: not every lab had drawn its first step ahead of Play when the idle window began');
  await page.waitForTimeout(500);

  // Idle window: hydrated, nothing playing.
  const idle = { t0: await page.evaluate(() => performance.now()), cpu0: await cpuTimes() };
  await page.waitForTimeout(seconds * 1000);
  idle.t1 = await page.evaluate(() => performance.now());
  idle.cpu = busyShare(idle.cpu0, await cpuTimes());

  // A reader types into the search while nothing trains: the baseline for typing during training.
  const typingIdle = await typeInSearch(page);
  await page.waitForTimeout(1000);

  // Play every lab, by HTMLElement.click() inside the page (no pointer over a lab, so nothing warmed by hover).
  const playAt = Date.now();
  const playT = await page.evaluate(async (ids) => {
    const b = /** @type {any} */ (window).__vgBench;
    const els = ids.map((id) => /** @type {HTMLElement} */ (document.querySelector(`[id="${id}"] .vg-lab`)));
    b.labs = els.map((el) => {
      const status = /** @type {Element} */ (el.querySelector('.vg-lab__status'));
      const live = /** @type {Element} */ (el.querySelector('[data-testid="live-panels"]'));
      const rec = {
        click: NaN,
        step: NaN,
        point: NaN,
        painted: NaN,
        ahead: false,
        series: [[0, 0]],
        stopped: NaN,
        restarts: 0,
      };
      const read = () => {
        const text = el.querySelector('[data-testid="step-count"]')?.textContent ?? '';
        const m = text.replace(/[,\s\u202f\u00a0]/g, '').match(/\d+/);
        return m ? Number(m[0]) : 0;
      };
      // The first point: the step counter shows ≥ 1 and the live figure shows it — drawn (its content changes) in
      // the same or a later callback, or shown (unhidden) with a figure the lab drew ahead of Play for the step it
      // took ahead of the reader (data-ahead). Unhiding empty panels, or the last run's, is not a point.
      const ahead = el.hasAttribute('data-ahead');
      rec.ahead = ahead;
      const first = new MutationObserver((records) => {
        const now = performance.now();
        if (Number.isNaN(rec.step) && read() >= 1) rec.step = now;
        if (Number.isNaN(rec.step)) return;
        const shown = ahead && !live.hidden && live.querySelector('svg') !== null;
        if (shown || records.some((r) => r.type !== 'attributes' && live.contains(r.target))) {
          rec.point = now;
          b.afterFrame((t) => (rec.painted = t));
          first.disconnect();
        }
      });
      first.observe(el, { subtree: true, childList: true, characterData: true, attributes: true });
      new MutationObserver(() => {
        const steps = read();
        const last = rec.series[rec.series.length - 1];
        if (steps !== last[1]) rec.series.push([performance.now(), steps]);
      }).observe(status, { subtree: true, childList: true, characterData: true });
      const play = /** @type {HTMLElement} */ (el.querySelector('[data-action="play"]'));
      // A lab that reaches its maxSteps is reset and played again at once, as a reader would, so that every window
      // is one of training; one that diverged or failed is left stopped, and its rate counts until it stopped.
      new MutationObserver(() => {
        if (play.getAttribute('aria-pressed') !== 'false' || !Number.isNaN(rec.stopped)) return;
        if (b.keepPlaying && !el.querySelector('[data-testid="diverged"], [role="alert"]')) {
          rec.restarts++;
          /** @type {HTMLElement} */ (el.querySelector('[data-action="reset"]')).click();
          play.click();
        } else if (b.keepPlaying) rec.stopped = performance.now();
      }).observe(play, { attributes: true, attributeFilter: ['aria-pressed'] });
      return rec;
    });
    b.keepPlaying = true;
    const t = performance.now();
    // Each Play in a task of its own, as a reader's clicks come: one after the other, as fast as the page takes them.
    for (const [i, el] of els.entries()) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 0));
      b.labs[i].click = performance.now();
      /** @type {HTMLElement} */ (el.querySelector('[data-action="play"]')).click();
    }
    return t;
  }, labIds);
  const allStarted = await page
    .waitForFunction(() => /** @type {any} */ (window).__vgBench.labs.every((l) => l.painted > 0), null, {
      timeout: STARTUP_CAP_MS,
      polling: 100,
    })
    .then(
      () => true,
      () => false,
    );
  if (!allStarted)
    notes.push(
      `not every lab had shown its first point ${STARTUP_CAP_MS / 1000} s after Play: the training window started then anyway`,
    );
  const started = await page.evaluate(() => performance.now());
  await page.waitForTimeout(WARMUP_MS);

  // Training window.
  const train = { t0: await page.evaluate(() => performance.now()), cpu0: await cpuTimes() };
  await page.waitForTimeout(seconds * 1000);
  train.t1 = await page.evaluate(() => performance.now());
  train.cpu = busyShare(train.cpu0, await cpuTimes());
  const endState = await page.evaluate((ids) => {
    const els = ids.map((id) => /** @type {HTMLElement} */ (document.querySelector(`[id="${id}"] .vg-lab`)));
    return els.map((el) => {
      const r = el.getBoundingClientRect();
      return {
        msPerStep: Number(el.querySelector('[data-testid="ms-per-step"]')?.textContent?.match(/[\d.]+/)?.[0] ?? NaN),
        backend: el.querySelector('[data-testid="backend"]')?.getAttribute('data-backend') ?? '?',
        inView: r.bottom > 0 && r.top < innerHeight,
        playing: el.querySelector('[data-action="play"]')?.getAttribute('aria-pressed') === 'true',
        diverged: !!el.querySelector('[data-testid="diverged"]'),
      };
    });
  }, labIds);

  // A reader types into the search while the labs train.
  const typingTrain = await typeInSearch(page);
  const stillPlaying = await page.evaluate(
    (ids) =>
      ids
        .map((id) => /** @type {HTMLElement} */ (document.querySelector(`[id="${id}"] .vg-lab`)))
        .every((el) => el.querySelector('[data-action="play"]')?.getAttribute('aria-pressed') === 'true'),
    labIds,
  );
  const b = await page.evaluate(() => {
    const x = /** @type {any} */ (window).__vgBench;
    return { longtasks: x.longtasks, lag: x.lag, labs: x.labs, noLongtask: !!x.noLongtask };
  });
  // Stop training before closing (the click again pauses).
  await page.evaluate(() => /** @type {any} */ (window.__vgBench.keepPlaying = false));
  await page.evaluate(
    (ids) =>
      ids
        .map((id) => /** @type {HTMLElement} */ (document.querySelector(`[id="${id}"] .vg-lab`)))
        .forEach((el) => /** @type {HTMLElement} */ (el.querySelector('[data-action="play"]')).click()),
    labIds,
  );
  load.end = loadavg();
  await context.close();
  openContexts.delete(context);
  if (process.env.BENCH_PAGE_DUMP)
    await writeFile(
      `${process.env.BENCH_PAGE_DUMP}.${sc.key}.json`,
      JSON.stringify({ idle: [idle.t0, idle.t1], train: [train.t0, train.t1], ...b }),
    );
  if (errors.length) notes.push(`page errors: ${errors.slice(0, 3).join(' | ')}`);
  if (!stillPlaying)
    notes.push('note: not every lab was still playing while typing during training (finished, diverged or paused)');

  const trainMs = train.t1 - train.t0;
  const perLab = labs.map((lab, i) => {
    const rec = b.labs[i];
    const end = Number.isFinite(rec.stopped) && rec.stopped < train.t1 ? rec.stopped : train.t1;
    // A lab that stopped (diverged, failed): its rate up to its last step change, not over time it spent stopped.
    const lastChange = [...rec.series].reverse().find(([t]) => t <= end)?.[0] ?? end;
    const until = end < train.t1 ? Math.min(end, lastChange) : train.t1;
    const steps = stepsIn(rec.series, train.t0, until);
    const stepsPerSecond = until > train.t0 ? (steps / (until - train.t0)) * 1000 : NaN;
    return {
      ...lab,
      stepsPerSecond,
      steps,
      stoppedEarly: end < train.t1,
      firstStep: rec.step - rec.click,
      firstPoint: rec.point - rec.click,
      painted: rec.painted - rec.click,
      restarts: rec.restarts,
      ahead: rec.ahead,
      started: rec.painted > 0,
      ...endState[i],
    };
  });
  return {
    sc,
    viewport,
    notes,
    load,
    window: trainMs,
    idleWindow: idle.t1 - idle.t0,
    cpu: { idle: idle.cpu, train: train.cpu },
    longIdle: longTaskMs(b.longtasks, idle.t0, idle.t1),
    longTrain: longTaskMs(b.longtasks, train.t0, train.t1),
    longTrainCount: longTaskCount(b.longtasks, train.t0, train.t1),
    longStartup: longTaskMs(b.longtasks, playT, started),
    startup: started - playT,
    lagIdle: quantile(lagIn(b.lag, idle.t0, idle.t1), 0.95),
    lagTrain: quantile(lagIn(b.lag, train.t0, train.t1), 0.95),
    lagTrainMax: Math.max(...lagIn(b.lag, train.t0, train.t1)),
    lagSamples: [lagIn(b.lag, idle.t0, idle.t1).length, lagIn(b.lag, train.t0, train.t1).length],
    noLongtask: b.noLongtask,
    labs: perLab,
    workerBeforePlay: workerAt < playAt,
    typingIdle,
    typingTrain,
  };
}

/**
 * Open the site search and type a word into it, like a reader; each keystroke's input → next frame.
 * @param {import('playwright-core').Page} page
 */
async function typeInSearch(page) {
  const before = await page.evaluate(() => /** @type {any} */ (window).__vgBench.keys.length);
  await page
    .waitForSelector('button[data-open-modal]:not([disabled])', { state: 'attached', timeout: 60_000 })
    .catch(() => null);
  const opened = await page.evaluate(() => {
    const button = /** @type {HTMLElement | null} */ (
      document.querySelector('button[data-open-modal]:not([disabled])')
    );
    button?.click();
    return !!button;
  });
  if (!opened) return { error: 'no search button' };
  const input = page.locator('dialog[open] input[type="search"], dialog[open] input.pagefind-ui__search-input').first();
  try {
    await input.waitFor({ state: 'visible', timeout: 60_000 });
  } catch {
    await page.keyboard.press('Escape');
    return { error: 'the search dialog has no input' };
  }
  await input.evaluate((el) => /** @type {HTMLInputElement} */ (el).focus());
  await page.keyboard.type(WORD, { delay: 150 });
  // Every keystroke's next frame, then a moment for Event Timing's entries, which arrive after the frame.
  await page
    .waitForFunction((n) => /** @type {any} */ (window).__vgBench.keys.slice(n).every((k) => k.frame > 0), before, {
      timeout: 30_000,
      polling: 100,
    })
    .catch(() => null);
  await page.waitForTimeout(1000);
  const { keys, events } = await page.evaluate((n) => {
    const b = /** @type {any} */ (window).__vgBench;
    return { keys: b.keys.slice(n), events: b.events };
  }, before);
  // The dialog may have closed by itself meanwhile; clearing its input is then moot.
  await input
    .evaluate(
      (el) => {
        /** @type {HTMLInputElement} */ (el).value = '';
      },
      undefined,
      { timeout: 5000 },
    )
    .catch(() => null);
  await page.keyboard.press('Escape');
  await page.waitForTimeout(300);
  const typed = keys.filter((k) => k.key.length === 1);
  const latency = typed.map((k) => k.frame - k.at).filter(Number.isFinite);
  const t0 = Math.min(...typed.map((k) => k.at));
  const slow = events.filter(
    (e) => e.start >= t0 - 1 && ['keydown', 'keypress', 'keyup', 'input', 'beforeinput'].includes(e.name),
  );
  const byInteraction = new Map();
  for (const e of slow)
    if (e.interaction) byInteraction.set(e.interaction, Math.max(byInteraction.get(e.interaction) ?? 0, e.duration));
  return {
    keys: latency.length,
    p50: quantile(latency, 0.5),
    p95: quantile(latency, 0.95),
    max: Math.max(...latency),
    eventTimingSlow: byInteraction.size,
    eventTimingMax: Math.max(0, ...byInteraction.values()),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Printing.

function table(rows) {
  const head = ['scenario', 'measure', 'ratio', 'target', '', 'raw'];
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r) =>
    r
      .map((c, i) => (i === 2 || i === 3 ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  rows.forEach((r) => console.log(line(r)));
}

const verdict = (ok) => (ok === null ? '' : ok ? 'ok' : 'MISS');

function report(results, seconds) {
  console.log(
    `\nwindows: idle ${seconds} s, then Play, ${WARMUP_MS / 1000} s after the first point, training ${seconds} s`,
  );
  for (const r of results) {
    console.log(
      `\n[${r.sc.key}] ${r.sc.title}: ${r.sc.path}, viewport ${r.viewport.width}×${r.viewport.height}${r.viewport.scale !== 1 ? ` at scale ${r.viewport.scale.toFixed(2)}` : ''}`,
    );
    console.log(
      `  machine: load average ${r.load.start} → ${r.load.end}; all cores busy ${fmt(100 * r.cpu.idle, 0)}% in the idle window (nothing of ours training), ${fmt(100 * r.cpu.train, 0)}% in the training window`,
    );
    for (const lab of r.labs) {
      console.log(
        `  ${lab.id} <${lab.component}> ${lab.configs.length > 1 ? 'compare' : 'single'}, backend ${lab.backend}`,
      );
      lab.configs.forEach((c, i) =>
        console.log(`      ${lab.configs.length > 1 ? 'AB'[i] + ': ' : ''}${settingsText(c)}`),
      );
      console.log(
        `      ${fmt(lab.stepsPerSecond)} steps/s (${lab.steps} steps in the window${lab.stoppedEarly ? ', STOPPED early: ' + (lab.diverged ? 'diverged' : 'failed or paused') : ''}` +
          `${lab.restarts ? `; reached maxSteps ${lab.maxSteps} and was reset and played again ${lab.restarts}×` : ''}); ` +
          `${fmt(lab.msPerStep)} ms/step in the Worker; Play → step 1 ${fmt(lab.firstStep, 0)} ms, → first point ${fmt(lab.firstPoint, 0)} ms (painted ${fmt(lab.painted, 0)} ms)` +
          `${lab.inView ? '' : '; OFF-SCREEN at the end'}`,
      );
    }
    console.log(
      `  start-up (Play → every lab's first point painted, or ${STARTUP_CAP_MS / 1000} s): ${fmt(r.startup, 0)} ms, long tasks in it ${fmt(r.longStartup, 0)} ms; long tasks while idle ${fmt(r.longIdle, 0)} ms`,
    );
    r.notes.forEach((n) => console.log(`  ${n}`));
  }

  console.log('');
  const rows = [];
  for (const r of results) {
    const name = r.sc.key;
    const lt = r.longTrain / r.window;
    const ltTarget = r.labs.length > 1 ? TARGETS.longTaskThree : TARGETS.longTaskOne;
    rows.push([
      name,
      'long-task ÷ training',
      fmt(lt, 3),
      `≤ ${ltTarget}`,
      verdict(lt <= ltTarget),
      `${fmt(r.longTrain, 0)} ms in ${r.longTrainCount} long tasks / ${fmt(r.window, 0)} ms${r.noLongtask ? ' (no longtask API!)' : ''}`,
    ]);
    const lag = r.lagTrain / r.lagIdle;
    rows.push([
      name,
      'lag p95 training ÷ idle',
      `${fmt(lag, 1)}×`,
      `≤ ${TARGETS.lag}×`,
      verdict(lag <= TARGETS.lag),
      `${fmt(r.lagTrain, 1)} ms / ${fmt(r.lagIdle, 1)} ms (max ${fmt(r.lagTrainMax, 0)} ms; ${r.lagSamples[1]} / ${r.lagSamples[0]} samples)`,
    ]);
    if (r.labs.length > 1) {
      const rates = r.labs.map((l) => l.stepsPerSecond).filter(Number.isFinite);
      const fair = Math.min(...rates) / Math.max(...rates);
      rows.push([
        name,
        'slowest ÷ fastest steps/s',
        fmt(fair, 2),
        `≥ ${TARGETS.fairness}`,
        verdict(fair >= TARGETS.fairness),
        `${r.labs.map((l) => `${l.id} ${fmt(l.stepsPerSecond)}`).join(', ')} steps/s${r.sc.equalize ? ' (equal settings)' : ' (different settings)'}`,
      ]);
    }
    // A lab with no first point at all by the end of the run is the worst, whatever its step time.
    const ratioOf = (l) => (Number.isFinite(l.firstPoint) ? l.firstPoint / l.msPerStep : Infinity);
    const worst = r.labs.reduce((a, l) => (ratioOf(l) > ratioOf(a) ? l : a));
    const fp = ratioOf(worst);
    rows.push([
      name,
      'Play → first point ÷ one step',
      Number.isFinite(fp) ? `${fmt(fp, 0)}×` : 'never',
      `≤ ${TARGETS.firstPoint}×`,
      verdict(fp <= TARGETS.firstPoint),
      `${Number.isFinite(worst.firstPoint) ? fmt(worst.firstPoint, 0) + ' ms' : 'no first point during the run'} / ${fmt(worst.msPerStep)} ms (${r.labs.length > 1 ? `worst lab, ${worst.id}; ` : ''}${r.workerBeforePlay ? 'the page had started the Worker before Play' : 'cold: the Worker started on this click'}${worst.ahead ? '; step 1 taken and drawn ahead of Play' : ''})`,
    ]);
    for (const [when, t] of [
      ['idle', r.typingIdle],
      ['training', r.typingTrain],
    ]) {
      rows.push([
        name,
        `typing → next frame, ${when}`,
        `${fmt(t.p95, 0)} ms`,
        'none',
        '',
        t.error
          ? t.error
          : `p50 ${fmt(t.p50, 0)} / p95 ${fmt(t.p95, 0)} / max ${fmt(t.max, 0)} ms over ${t.keys} keys; Event Timing, slowest interaction ${fmt(t.eventTimingMax, 0)} ms (${t.eventTimingSlow} ≥ 16 ms)`,
      ]);
    }
  }
  table(rows);
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * @param {{ build?: boolean, seconds?: number, scenarios?: string[], scale?: number }} options
 * @returns {Promise<number>} the exit code: 0, or 1 when a page or a lab failed
 */
export async function benchPage(options = {}) {
  const seconds = options.seconds ?? 8;
  const wanted = options.scenarios ?? SCENARIOS.map((s) => s.key);
  const scenarios = SCENARIOS.filter((s) => wanted.includes(s.key));
  if (scenarios.length === 0) {
    console.error(`no such scenario: ${wanted.join(',')} (one of ${SCENARIOS.map((s) => s.key).join(', ')})`);
    return 1;
  }
  console.log(`page bench: ${os.cpus().length} cores, load average ${loadavg()} (1, 5, 15 min)`);
  const dir = await site(!!options.build);
  const server = await serve(dir, E2E_BASE);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // A headless page is never "in the background"; make sure Chromium does not throttle it as if it were.
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
    ],
  });
  const results = [];
  let code = 0;
  try {
    for (const sc of scenarios) {
      try {
        results.push(await runScenario(browser, server, dir, sc, seconds, options.scale));
      } catch (err) {
        console.error(`[${sc.key}] ${sc.path}: ${err instanceof Error ? err.message : err}`);
        code = 1;
        // A scenario that failed half-way may have left labs training: they would load the next scenario's machine.
        await Promise.all([...openContexts].map((c) => c.close().catch(() => null)));
        openContexts.clear();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  if (results.length) report(results, seconds);
  console.log(`\nload average at the end ${loadavg()}; ${process.platform} ${os.release()}`);
  return code;
}
