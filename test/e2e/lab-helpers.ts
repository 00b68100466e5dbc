/** Driving a lab island of the authors' catalog page (the e2e fixture for every component) like a reader. */
import { readFile } from 'node:fs/promises';
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

export const CATALOG = 'authors/components/';
export const isTfjs = (url: string) => /worker[^/]*\.js$|\.wasm$/.test(url);

/** The island with this id, scrolled into view and hydrated (its controls enabled). */
export async function island(page: Page, id: string): Promise<Locator> {
  const root = page.locator(`#${id} .vg-lab`);
  await root.scrollIntoViewIfNeeded();
  await root.locator('[data-action="reset"]:not([disabled])').waitFor();
  return root;
}

export const stepCount = async (root: Locator) =>
  Number((await root.getByTestId('step-count').textContent())?.match(/\d+/)?.[0] ?? NaN);

/** Wait until the island's step count is at least `n`. */
export async function waitForSteps(page: Page, root: Locator, n: number, timeout = 60_000): Promise<void> {
  const counter = root.getByTestId('step-count');
  await counter.waitFor({ timeout });
  await page.waitForFunction(
    ([el, k]) => Number((el as Element)?.textContent?.match(/\d+/)?.[0]) >= (k as number),
    [await counter.elementHandle(), n] as const,
    {
      timeout,
    },
  );
}

/** Play until `n` steps, then pause. */
export async function train(page: Page, root: Locator, n: number): Promise<number> {
  await root.locator('[data-action="play"]').click();
  await waitForSteps(page, root, n);
  await root.locator('[data-action="play"]').click();
  await page.waitForFunction(
    (el) => el?.getAttribute('aria-pressed') === 'false',
    await root.locator('[data-action="play"]').elementHandle(),
  );
  await page.waitForTimeout(200);
  return stepCount(root);
}

/** Export through the island's menu; the downloaded file's name and bytes. */
export async function exportFile(page: Page, root: Locator, kind: 'csv' | 'json' | 'svg' | 'png') {
  const menu = root.locator('.vg-menu');
  if ((await menu.getAttribute('open')) === null) await menu.locator('summary').click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    root.locator(`[data-action="export-${kind}"]`).click(),
  ]);
  const file = await download.path();
  expect(file).toBeTruthy();
  const bytes = await readFile(file!);
  return { name: download.suggestedFilename(), bytes, text: bytes.toString('utf8') };
}

/** The query part of the page's URL as a reader would copy it. */
export const query = (page: Page) => new URL(page.url()).searchParams;

/**
 * Every live panel drawn, no NaN anywhere in them. Panels are drawn one per task, so the last may come a few tasks
 * after the step count changed: wait for them (a slow machine may take a while), then look.
 */
/** Markup with every data: URL shortened: a raster picture's base64 may spell "NaN" by chance. */
export const withoutDataUrls = (html: string) => html.replace(/"data:[^"]*"/g, '"data:…"');

export async function expectLivePanels(root: Locator, count: number): Promise<void> {
  const live = root.getByTestId('live-panels');
  expect(await live.isVisible()).toBe(true);
  await expect.poll(() => live.locator('svg[role="img"]').count(), { timeout: 15_000 }).toBe(count);
  const html = withoutDataUrls(await live.innerHTML());
  expect(html.match(/.{0,200}NaN.{0,80}/)?.[0] ?? null).toBeNull();
}
