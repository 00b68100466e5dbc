/** Every page, both languages: it loads cleanly, fetches nothing from elsewhere, and its links lead somewhere. */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ALL_PAGES, SLUGS, foreignRequests, launch, open, site } from './harness';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('the course pages', () => {
  it('has a Chinese edition of every English chapter, under the same file name', () => {
    for (const slug of SLUGS) {
      const file = slug === '' ? 'index' : slug.replace(/\/$/, '');
      expect(
        existsSync(`content/zh/${file}.mdx`) || existsSync(`content/zh/${file}.md`),
        `content/zh/${file}.mdx`,
      ).toBe(true);
    }
  });

  it.each(ALL_PAGES)('/$path loads with no error and no third-party request', async ({ path, lang }) => {
    const { page, errors, requests, close } = await open(browser, path);
    try {
      await page.waitForLoadState('networkidle');
      expect(errors).toEqual([]);
      expect(foreignRequests(requests)).toEqual([]);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      expect(await page.locator('h1').count()).toBeGreaterThan(0);
      // The language picker offers the same page in the other language.
      const other = lang === 'en' ? `${site().base}zh/${path}` : `${site().base}${path.replace(/^zh\//, '')}`;
      // (Starlight renders the picker twice: in the header and in the mobile menu.)
      expect(await page.locator(`starlight-lang-select option[value="${other}"]`).count()).toBeGreaterThan(0);
    } finally {
      await close();
    }
  });

  it('links only to pages and files that exist', async () => {
    const seen = new Set<string>();
    const broken: string[] = [];
    for (const { path } of ALL_PAGES) {
      const { page, close } = await open(browser, path);
      const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href));
      await close();
      for (const href of hrefs) {
        const url = new URL(href);
        if (url.origin !== site().origin) continue;
        const target = url.origin + url.pathname;
        if (seen.has(target)) continue;
        seen.add(target);
        const res = await fetch(target);
        if (res.status !== 200) broken.push(`${path} → ${url.pathname} (${res.status})`);
      }
    }
    expect(broken).toEqual([]);
    // The four pages link to one another at least.
    expect(seen.size).toBeGreaterThanOrEqual(4);
  });

  it.each([
    { path: '', query: 'forget gate', hit: 'remedies/lstm/' },
    { path: 'zh/', query: '遗忘门', hit: 'zh/remedies/lstm/' },
  ])('search in /$path finds "$query" in its own language, under the base path', async ({ path, query, hit }) => {
    const { page, errors, close } = await open(browser, path);
    try {
      // A click before Starlight's search element is ready opens nothing: click until the dialog's input is there.
      const input = page.locator('#starlight__search input');
      // Once the dialog is open it covers the button: then only wait for Pagefind's input to appear in it.
      for (let i = 0; i < 6 && !(await input.isVisible()); i++) {
        if ((await page.locator('dialog[open]').count()) === 0)
          await page.locator('site-search button[data-open-modal]').first().click();
        await input.waitFor({ timeout: 5_000 }).catch(() => undefined);
      }
      await input.fill(query);
      const first = page.locator('#starlight__search .pagefind-ui__result-link').first();
      await first.waitFor({ timeout: 15_000 });
      const hrefs = await page
        .locator('#starlight__search .pagefind-ui__result-link')
        .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      expect(hrefs.map((h) => h.split('#')[0])).toContain(`${site().base}${hit}`);
      // Only pages of the reader's language.
      expect(hrefs.every((h) => h.startsWith(`${site().base}zh/`) === (path === 'zh/'))).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
