/**
 * Labs that share a page and its Worker, in real Chromium: the Worker starts before the reader asks (once an island
 * nears the viewport), every playing lab advances however many play at once, a Worker that fails is replaced by the
 * next Reset, and a playing lab redraws at a pace that leaves the page's main thread free.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { ALL_PAGES, launch, open, site } from './harness';
import { isTfjs, stepCount, waitForSteps } from './lab-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** Every lab of the page, hydrated (an island hydrates when it comes into view), the first one left in view. */
async function labs(page: Page): Promise<Locator[]> {
  const all = page.locator('.vg-lab');
  const n = await all.count();
  const out: Locator[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const lab = all.nth(i);
    await lab.scrollIntoViewIfNeeded();
    await lab.locator('[data-action="play"]:not([disabled])').waitFor();
    out.unshift(lab);
  }
  return out;
}

const isWorker = (url: string) => /worker[^/]*\.js$/.test(url);

describe('the page Worker', () => {
  it('starts in idle time once an island nears the viewport, before any click, and not before', async () => {
    // A short window at the top of the deep-networks chapter: its first island is further down than the margin.
    const { page, requests, errors, close } = await open(browser, 'causes/deep-networks/', {
      viewport: { width: 1280, height: 300 },
    });
    try {
      await page.waitForTimeout(800);
      const lab = page.locator('.vg-lab').first();
      const far = await lab.evaluate((el) => el.getBoundingClientRect().top > window.innerHeight + 800);
      if (far) expect(requests.filter(isTfjs)).toEqual([]);
      await lab.scrollIntoViewIfNeeded();
      // Nothing pressed, nothing hovered: the Worker and the wasm binary come in by themselves.
      await page.waitForResponse((r) => /\.wasm$/.test(r.url()), { timeout: 30_000 });
      expect(requests.filter(isWorker).length).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('lets each lab take its first step ahead, out of sight: Step then shows step 1, and Play goes on from it', async () => {
    const { page, errors, close } = await open(browser, 'causes/deep-networks/');
    try {
      const [first, second] = await labs(page);
      // Both labs drew step 1 ahead of the reader, and still show the build-time figure.
      for (const lab of [first!, second!]) {
        await lab.locator('xpath=self::*[@data-ahead]').waitFor({ timeout: 30_000 });
        expect(await lab.getAttribute('data-live')).toBeNull();
        expect(await lab.locator('[data-testid="live-panels"]').isHidden()).toBe(true);
      }
      // Step shows the step taken ahead, not one more: the reader asked for one step.
      await first!.locator('[data-action="step"]').click();
      await expect.poll(() => stepCount(first!)).toBe(1);
      expect(await first!.locator('[data-testid="live-panels"]').isVisible()).toBe(true);
      await first!.locator('[data-action="step"]').click();
      await expect.poll(() => stepCount(first!)).toBe(2);
      // Play shows step 1 in the same frame, then trains on from there.
      await second!.scrollIntoViewIfNeeded();
      const shown = await second!.evaluate(async (el) => {
        (el.querySelector('[data-action="play"]') as HTMLElement).click();
        // Preact renders in a microtask of the click's task; this one runs after it, still before any other task.
        await new Promise<void>((resolve) => queueMicrotask(resolve));
        return {
          status: el.querySelector('[data-testid="step-count"]')?.textContent ?? '',
          hidden: (el.querySelector('[data-testid="live-panels"]') as HTMLElement).hidden,
          drawn: el.querySelectorAll('[data-testid="live-panels"] svg').length,
        };
      });
      expect(shown.hidden).toBe(false);
      expect(shown.drawn).toBeGreaterThan(0);
      expect(shown.status).toMatch(/\b1\b/);
      await waitForSteps(page, second!, 3);
      await second!.locator('[data-action="play"]').click();
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('that fails to start is replaced: the lab says what failed, and Reset runs it on a new Worker', async () => {
    const { page, errors, close } = await open(browser, 'causes/deep-networks/', { saveData: true });
    try {
      // The first request for the Worker's script fails, as after a redeploy or a moment offline.
      let requestsForWorker = 0;
      await page.route(
        (url) => isWorker(url.href),
        (route) => (requestsForWorker++ === 0 ? route.fulfill({ status: 404, body: 'gone' }) : route.continue()),
      );
      const [lab] = await labs(page);
      await lab!.scrollIntoViewIfNeeded();
      await lab!.locator('[data-action="play"]').click();
      const alert = lab!.getByTestId('error');
      await alert.waitFor({ timeout: 30_000 });
      expect(await alert.getAttribute('data-worker-failed')).toBe('');
      expect(await alert.textContent()).toMatch(/Worker stopped .*Press Play, Step or Reset/);
      // Play is not stuck on "Pause".
      await page.waitForFunction(
        (el) => el?.getAttribute('aria-pressed') === 'false',
        await lab!.locator('[data-action="play"]').elementHandle(),
      );
      await lab!.locator('[data-action="reset"]').click();
      await lab!.locator('[data-action="play"]').click();
      await waitForSteps(page, lab!, 5, 60_000);
      expect(await lab!.getByTestId('error').count()).toBe(0);
      expect(await lab!.getByTestId('retrying').count()).toBe(0);
      expect(requestsForWorker).toBe(2);
      // The failed script is the only error the page saw.
      expect(errors.filter((e) => !/404|Failed to load|worker/i.test(e))).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe('several labs playing on one page', () => {
  it('all advance: three labs of the batch-norm chapter, each with its own share of the Worker', async () => {
    // Tall enough that no lab is paused for being out of view.
    const { page, errors, close } = await open(browser, 'remedies/batch-norm/', {
      viewport: { width: 1280, height: 9000 },
    });
    try {
      const all = await labs(page);
      expect(all.length).toBeGreaterThanOrEqual(3);
      for (const lab of all) await lab.locator('[data-action="play"]').click();
      // The old loop left the later labs at step 0 once the first lab's step outlasted the time slice.
      for (const lab of all) await waitForSteps(page, lab, 3, 60_000);
      const counts = await Promise.all(all.map(stepCount));
      for (const lab of all) await lab.locator('[data-action="play"]').click();
      expect(counts.every((c) => c >= 3)).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe('the drawing budget', () => {
  it('redraws a playing lab a few times a second, not once per report', async () => {
    const { page, errors, close } = await open(browser, 'causes/deep-networks/');
    try {
      const [lab] = await labs(page);
      await lab!.scrollIntoViewIfNeeded();
      await lab!.locator('[data-action="play"]').click();
      await waitForSteps(page, lab!, 1);
      const from = await page.evaluate(() => performance.now());
      // The status line (step, loss) changes on every tick: while the run plays it is not a live region, or a screen
      // reader would queue its every change; paused, it is one again.
      const status = lab!.locator('[data-testid="lab-status"]');
      expect(await status.getAttribute('aria-live')).toBe('off');
      await page.waitForTimeout(3000);
      const until = await page.evaluate(() => performance.now());
      const stepsBefore = await stepCount(lab!);
      await lab!.locator('[data-action="play"]').click();
      await expect.poll(() => status.getAttribute('aria-live')).toBe('polite');
      // Each redraw of a panel leaves a User Timing entry (src/islands/kit/motion.ts): the frame is redrawn in place,
      // so the DOM alone no longer says when.
      const times = await page.evaluate(() => performance.getEntriesByName('vg-draw byLayer').map((e) => e.startTime));
      const steady = times.filter((t) => t >= from && t <= until);
      // About four a second while it plays (reports arrive twenty times a second): at most 3 s × 4 + 1.
      expect(steady.length).toBeGreaterThan(0);
      expect(steady.length).toBeLessThanOrEqual(13);
      expect(stepsBefore).toBeGreaterThan(steady.length);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe('island ids', () => {
  it('count the islands of every page in page order, whatever order the build finished their runs in', async () => {
    // The ids are the islands' namespaces in shared links (?bn1.depth=…): they must not change between builds.
    for (const { path } of ALL_PAGES) {
      const html = await (await fetch(site().url(path))).text();
      const ids = [...html.matchAll(/data-component="[A-Za-z]+" id="([a-z]+)(\d+)"/g)].map((m) => Number(m[2]));
      expect(ids, path).toEqual([...ids].sort((a, b) => a - b));
      expect(new Set(ids).size, path).toBe(ids.length);
    }
  });
});
