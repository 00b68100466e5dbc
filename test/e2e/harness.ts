/**
 * Real Chromium (Debian's /usr/bin/chromium, driven by playwright-core) over the built site. Every page opened
 * through `open` records console errors, page errors and every request, so tests can assert that nothing
 * failed and nothing was fetched from another origin.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function site() {
  const { origin, base } = inject('site');
  return { origin, base, url: (p: string) => `${origin}${base}${p.replace(/^\//, '')}` };
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface OpenedPage {
  page: Page;
  /** Console messages of type error, and uncaught page errors. */
  errors: string[];
  /** Every URL the page requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

export interface OpenOptions extends BrowserContextOptions {
  /**
   * The reader asked to save data (navigator.connection.saveData): islands then start TensorFlow.js only when the
   * reader reaches for a control, never ahead of need — what tests of "reading a link loads nothing" rely on.
   */
  saveData?: boolean;
}

export async function open(browser: Browser, path: string, options: OpenOptions = {}): Promise<OpenedPage> {
  const { saveData, ...contextOptions } = options;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...contextOptions });
  if (saveData) {
    await context.addInitScript(() =>
      Object.defineProperty(navigator, 'connection', { value: { saveData: true }, configurable: true }),
    );
  }
  // The site ships a Content-Security-Policy (src/ssr/csp.ts): anything it blocks is an error of the page.
  await context.addInitScript(() =>
    addEventListener('securitypolicyviolation', (event) => {
      const e = event as SecurityPolicyViolationEvent;
      console.error(
        `CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline code'} (${e.sourceFile}:${e.lineNumber})`,
      );
    }),
  );
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  context.on('request', (r) => requests.push(r.url()));
  const response = await page.goto(site().url(path), { waitUntil: 'load' });
  if (!response || response.status() !== 200) errors.push(`HTTP ${response?.status()} for ${path}`);
  return { page, errors, requests, close: () => context.close() };
}

/** Requests that left the site's origin (data: and blob: URLs stay on the page). */
export function foreignRequests(requests: string[]): string[] {
  const { origin } = site();
  return requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
}

/** Every chapter's slug, read from content/ (English at its root): '' for the home page, 'causes/x/' otherwise. */
export function contentSlugs(dir = 'content', prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory())
      return prefix === '' && e.name === 'zh' ? [] : contentSlugs(path.join(dir, e.name), `${prefix}${e.name}/`);
    const m = /^([^_].*)\.mdx?$/.exec(e.name);
    if (!m) return [];
    return [m[1] === 'index' ? prefix : `${prefix}${m[1]}/`];
  });
}

export const SLUGS = contentSlugs();
/** Pages that are not chapters (src/pages/): the authors' component catalog, also in both languages. */
export const CATALOG_PAGE = 'authors/components/';
export const LOCALES = [
  { prefix: '', lang: 'en' },
  { prefix: 'zh/', lang: 'zh-CN' },
] as const;
export const ALL_PAGES = LOCALES.flatMap((l) =>
  [...SLUGS, CATALOG_PAGE].map((s) => ({ path: `${l.prefix}${s}`, lang: l.lang })),
);
