/** <GradientTrace> in real Chromium: it loads tfjs only when reached for, trains in the Worker, and behaves. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launch, open } from './harness';
import { withoutDataUrls } from './lab-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const CHAPTER = 'causes/deep-networks/';
const isTfjs = (url: string) => /worker[^/]*\.js$|\.wasm$/.test(url);

async function island(page: Page): Promise<Locator> {
  const root = page.locator('[data-component="GradientTrace"] .vg-lab').first();
  await root.scrollIntoViewIfNeeded();
  // Hydrated when its controls are enabled.
  await root.locator('[data-action="play"]:not([disabled])').waitFor();
  return root;
}

const stepCount = async (root: Locator) =>
  Number((await root.getByTestId('step-count').textContent())?.match(/\d+/)?.[0] ?? NaN);

describe('<GradientTrace>', () => {
  it('loads TensorFlow.js only when the reader reaches for the island, if the reader saves data', async () => {
    const { page, requests, errors, close } = await open(browser, CHAPTER, { saveData: true });
    try {
      const root = await island(page);
      await page.waitForTimeout(300);
      expect(requests.filter(isTfjs)).toEqual([]);
      await root.locator('[data-action="play"]').hover();
      await page.waitForResponse((r) => isTfjs(r.url()));
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('trains live: the step count and the figure change, on the wasm backend, and pause / step / reset work', async () => {
    const { page, errors, close } = await open(browser, CHAPTER);
    try {
      const root = await island(page);
      await root.locator('[data-action="play"]').click();
      await root.getByTestId('backend').waitFor({ state: 'attached' }); // behind "Details"
      expect(await root.getByTestId('backend').getAttribute('data-backend')).toBe('wasm');
      await page.waitForFunction(
        (el) => Number(el?.textContent?.match(/\d+/)?.[0]) >= 20,
        await root.getByTestId('step-count').elementHandle(),
      );
      const live = root.getByTestId('live-panels');
      expect(await live.isVisible()).toBe(true);
      expect(await root.locator('.vg-lab__static').isVisible()).toBe(false);
      const before = await live.innerHTML();
      await page.waitForFunction(
        (el) => Number(el?.textContent?.match(/\d+/)?.[0]) >= 60,
        await root.getByTestId('step-count').elementHandle(),
      );
      // Redrawn a few times a second, one panel per task.
      await expect.poll(() => live.innerHTML(), { timeout: 15_000 }).not.toBe(before);
      await expect.poll(() => live.locator('svg').count(), { timeout: 15_000 }).toBe(5);

      // With unchanged settings, the live run passes step 200 with exactly the numbers of the build-time figure.
      await root.getByTestId('reproduced').waitFor({ state: 'attached', timeout: 60_000 });
      expect(await root.getByTestId('reproduced').getAttribute('data-reproduced')).toBe('true');

      await root.locator('[data-action="play"]').click(); // pause
      await page.waitForTimeout(300);
      const paused = await stepCount(root);
      await page.waitForTimeout(400);
      expect(await stepCount(root)).toBe(paused);

      await root.locator('[data-action="step"]').click();
      await page.waitForFunction(([el, n]) => Number((el as Element)?.textContent?.match(/\d+/)?.[0]) === n, [
        await root.getByTestId('step-count').elementHandle(),
        paused + 1,
      ] as const);

      const ms = Number((await root.getByTestId('ms-per-step').textContent())?.match(/[\d.]+/)?.[0]);
      console.log(`GradientTrace default run in Chromium: ${ms} ms/step`);
      expect(ms).toBeGreaterThan(0);

      await root.locator('[data-action="reset"]').click();
      await page.waitForFunction(
        (el) => el?.textContent?.match(/\d+/)?.[0] === '0',
        await root.getByTestId('step-count').elementHandle(),
      );
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('pauses while off-screen or in a hidden tab, and resumes after', async () => {
    const { page, close } = await open(browser, CHAPTER);
    try {
      const root = await island(page);
      await root.locator('[data-action="play"]').click();
      await page.waitForFunction(
        (el) => Number(el?.textContent?.match(/\d+/)?.[0]) >= 5,
        await root.getByTestId('step-count').elementHandle(),
      );
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.waitForTimeout(400);
      const offscreen = await stepCount(root);
      await page.waitForTimeout(500);
      expect(await stepCount(root)).toBe(offscreen);

      await root.scrollIntoViewIfNeeded();
      await page.waitForFunction(([el, n]) => Number((el as Element)?.textContent?.match(/\d+/)?.[0]) > n, [
        await root.getByTestId('step-count').elementHandle(),
        offscreen,
      ] as const);

      await page.evaluate(() => {
        Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
      });
      await page.waitForTimeout(400);
      const hidden = await stepCount(root);
      await page.waitForTimeout(500);
      expect(await stepCount(root)).toBe(hidden);
    } finally {
      await close();
    }
  });

  it('falls back to the cpu backend when WebAssembly cannot load, and says so', async () => {
    const context = await browser.newContext();
    const { site } = await import('./harness');
    await context.route(/\.wasm$/, (route) => route.abort());
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(site().url(CHAPTER));
      const root = await island(page);
      await root.locator('[data-action="step"]').click();
      await root.getByTestId('backend').waitFor({ state: 'attached' }); // behind "Details"
      expect(await root.getByTestId('backend').getAttribute('data-backend')).toBe('cpu');
      await page.waitForFunction(
        (el) => el?.textContent?.match(/\d+/)?.[0] === '1',
        await root.getByTestId('step-count').elementHandle(),
      );
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows "diverged at step k" with the last finite values instead of NaN plots, and reset recovers', async () => {
    const { page, close } = await open(browser, CHAPTER);
    try {
      const root = await island(page);
      await root.getByLabel(/Activation/).selectOption('relu');
      await root.getByLabel(/Initialisation/).selectOption('normal');
      await root.getByLabel(/Scale/).fill('5');
      await root.getByLabel(/Scale/).dispatchEvent('change');
      await root.getByLabel(/Learning rate/).selectOption('3');
      await root.locator('[data-action="play"]').click();
      const alert = root.getByTestId('diverged');
      await alert.waitFor({ timeout: 30_000 });
      expect(await alert.textContent()).toMatch(/Diverged at step \d+/);
      const svg = withoutDataUrls(await root.getByTestId('live-panels').innerHTML());
      expect(svg).not.toMatch(/NaN/);
      // The last finite values are drawn; a run that overflowed at step 1 has none, and draws no empty axes.
      if ((await alert.getAttribute('data-step')) === '1') {
        expect(await root.getByTestId('live-panels').isHidden()).toBe(true);
      } else {
        await expect.poll(() => root.getByTestId('live-panels').locator('svg').count(), { timeout: 15_000 }).toBe(4);
      }
      // Reset keeps the diverging settings (σ = 5 diverges again at once); a sane initialisation recovers.
      await root.getByLabel(/Initialisation/).selectOption('he-normal');
      await alert.waitFor({ state: 'detached' });
      await root.locator('[data-action="step"]').click();
      await page.waitForFunction(
        (el) => el?.textContent?.match(/\d+/)?.[0] === '1',
        await root.getByTestId('step-count').elementHandle(),
      );
    } finally {
      await close();
    }
  });
});
