/**
 * The site under its own Content-Security-Policy (src/ssr/csp.ts), as a host that sends `_headers` serves it: every
 * page carries the policy, the labs train on WebAssembly and search answers under it, and the policy is enforced —
 * an inline script it does not list is refused. (Every other e2e test also runs under it: the harness turns each
 * violation into a page error.)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ALL_PAGES, launch, open, site } from './harness';
import { E2E_OUT } from './paths.mjs';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const html = (p: string) => readFileSync(path.join(E2E_OUT, p, 'index.html'), 'utf8');
const metaPolicy = (page: string) =>
  /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page)?.[1] ?? null;

describe('the Content-Security-Policy', () => {
  it('is in every page, after the charset and before any script, and allows no inline script by default', () => {
    for (const { path: p } of ALL_PAGES) {
      const page = html(p);
      const policy = metaPolicy(page);
      expect(policy, p).toBeTruthy();
      const head = page.slice(page.indexOf('<head>'), page.indexOf('<script'));
      expect(head, p).toMatch(/^<head><meta charset="utf-8"\/?><meta http-equiv="Content-Security-Policy"/);
      const script = policy!.split('; ').find((d) => d.startsWith('script-src '))!;
      expect(script, p).not.toMatch(/'unsafe-inline'|'unsafe-eval'|https?:|\*/);
      expect(policy, p).toMatch(/default-src 'self'/);
    }
  });

  it('is sent as a header too, from _headers, with the wasm type and long caching for hashed files', async () => {
    const { url } = site();
    const page = await fetch(url('causes/deep-networks/'));
    expect(page.headers.get('content-security-policy')).toMatch(/frame-ancestors 'self'/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const headers = readFileSync(path.join(E2E_OUT, '_headers'), 'utf8');
    expect(headers).toMatch(/\.wasm\n\s+Content-Type: application\/wasm/);
    expect(headers).toMatch(/_astro\/\*\n\s+Cache-Control: public, max-age=31536000, immutable/);
    const script = /src="([^"]*\/_astro\/[^"]+\.js)"/.exec(html('causes/deep-networks/'))?.[1];
    expect(script).toBeTruthy();
    const asset = await fetch(`${site().origin}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toMatch(/immutable/);
  });

  it('refuses an inline script it does not list: the policy is enforced, not only written', async () => {
    const { page, errors, close } = await open(browser, 'causes/deep-networks/');
    try {
      const ran = await page.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = 'window.__injected = true';
        document.head.append(s);
        return (window as unknown as { __injected?: boolean }).__injected === true;
      });
      expect(ran).toBe(false);
      await expect.poll(() => errors.join('\n')).toMatch(/CSP violation: script-src/);
    } finally {
      await close();
    }
  });

  it('lets a lab train on WebAssembly and the search answer, with no violation', async () => {
    const { page, errors, close } = await open(browser, 'causes/deep-networks/');
    try {
      const root = page.locator('.vg-lab').first();
      await root.scrollIntoViewIfNeeded();
      await root.locator('[data-action="step"]:not([disabled])').click();
      await root.getByTestId('backend').waitFor({ state: 'attached' }); // behind "Details"
      expect(await root.getByTestId('backend').getAttribute('data-backend')).toBe('wasm');
      const input = page.locator('#starlight__search input');
      await expect
        .poll(async () => {
          // Once the dialog is open it covers the button: then only wait for Pagefind's input.
          if (!(await input.isVisible()) && (await page.locator('dialog[open]').count()) === 0)
            await page.locator('site-search button[data-open-modal]').first().click();
          return input.isVisible();
        })
        .toBe(true);
      await input.fill('gradient');
      await page.locator('#starlight__search .pagefind-ui__result-link').first().waitFor();
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
