/**
 * What a lab says about its own state, in real Chromium on the authors' catalog page (issue 12): after a change that
 * restarts the run the last figure stays, dimmed, with "Press Play to run these settings", never empty axes; which
 * controls restart the run and which apply live; a run that reached its last step says so and Play starts it over;
 * a comparison names what sets A and B apart; the run's technical details wait behind "Details"; and "Copy link"
 * copies the lab's own link, or shows it to copy by hand where the page may not write to the clipboard.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator } from 'playwright-core';
import { launch, open, site } from './harness';
import { CATALOG, expectLivePanels, island, stepCount, train, waitForSteps } from './lab-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const opacity = (el: Locator) => el.evaluate((e) => Number(getComputedStyle(e).opacity));
const titleOf = (root: Locator) => root.locator('[data-testid="live-panels"] .vg-panel__title').first().textContent();

describe('after a change that restarts the run', () => {
  it('keeps the last live figure, dimmed, says "Press Play", and Play runs the new settings', async () => {
    const { page, errors, close } = await open(browser, CATALOG);
    try {
      const root = await island(page, 'trace');
      const steps = await train(page, root, 5);
      await expectLivePanels(root, 5);
      const title = await titleOf(root);
      expect(title).toContain(String(steps));

      await root.getByLabel('Activation', { exact: true }).selectOption('relu');
      const note = root.getByTestId('waiting');
      await note.waitFor();
      expect(await note.textContent()).toBe('Press Play to run these settings. The dimmed figure is the previous run.');
      expect(await stepCount(root)).toBe(0);
      // The previous run's panels, all of them, under the note: not empty axes at step 0.
      const live = root.getByTestId('live-panels');
      await page.waitForTimeout(500);
      expect(await live.isVisible()).toBe(true);
      expect(await live.locator('svg[role="img"]').count()).toBe(5);
      expect(await titleOf(root)).toBe(title);
      await expect.poll(() => opacity(live)).toBeLessThan(0.5);
      const previous = await live.innerHTML();
      // Nothing of the new settings to export yet: the figure is the last run's.
      expect(await root.locator('[data-action="export-svg"]').isDisabled()).toBe(true);

      await root.locator('[data-action="play"]').click();
      await note.waitFor({ state: 'detached' });
      await waitForSteps(page, root, 3);
      await root.locator('[data-action="play"]').click();
      await expect.poll(() => opacity(live)).toBe(1);
      // The new run's figure (ReLU) replaced the previous one.
      await expect.poll(() => live.innerHTML(), { timeout: 15_000 }).not.toBe(previous);
      expect(await root.locator('[data-action="export-svg"]').isDisabled()).toBe(false);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('dims the build-time figure when the first thing the reader does is change a setting', async () => {
    const { page, errors, close } = await open(browser, `zh/${CATALOG}`);
    try {
      const root = await island(page, 'trace');
      await root.getByLabel(/初始化/).selectOption('he-normal');
      const note = root.getByTestId('waiting');
      await note.waitFor();
      expect(await note.textContent()).toBe('按“运行”即可用这些设置训练。变暗的图是上一次训练的结果。');
      const shown = root.locator('.vg-lab__static');
      expect(await shown.isVisible()).toBe(true);
      expect(await root.getByTestId('live-panels').isHidden()).toBe(true);
      await expect.poll(() => opacity(shown)).toBeLessThan(0.5);
      // Step runs them too; the live figure then replaces the build-time one.
      await root.locator('[data-action="step"]').click();
      await note.waitFor({ state: 'detached' });
      // The build-time figure stays until the first live one is drawn, a frame or two after the step's report.
      await root.getByTestId('live-panels').waitFor();
      await expectLivePanels(root, 5);
      expect(await shown.isVisible()).toBe(false);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('after Reset with the same settings, says the run is back at step 0', async () => {
    const { page, close } = await open(browser, CATALOG);
    try {
      const root = await island(page, 'trace');
      await train(page, root, 3);
      await root.locator('[data-action="reset"]').click();
      expect(await root.getByTestId('waiting').textContent()).toMatch(/^Back at step 0: press Play to run again\./);
      expect(await root.getByTestId('live-panels').locator('svg[role="img"]').count()).toBe(5);
    } finally {
      await close();
    }
  });

  it('stays readable while it waits: axe finds nothing in the lab, the details open, in either theme', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      // axe is injected as an inline script, which the site's policy refuses (see accessibility.test.ts).
      const { page, close } = await open(browser, CATALOG, { colorScheme, bypassCSP: true });
      try {
        const root = await island(page, 'histograms');
        await train(page, root, 3);
        await root.getByLabel('Edit configuration B').check();
        await root.getByLabel('Activation', { exact: true }).selectOption('relu');
        await root.getByTestId('waiting').waitFor();
        await root.locator('.vg-lab__details summary').click();
        await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
        const violations = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run(c: unknown): Promise<{ violations: { id: string }[] }> } })
            .axe;
          return (await axe.run({ include: [['#histograms']] })).violations.map((v) => v.id);
        });
        expect(violations, colorScheme).toEqual([]);
      } finally {
        await close();
      }
    }
  });

  it('marks the settings that apply live, and describes every other one as restarting the run', async () => {
    const { page, close } = await open(browser, CATALOG);
    try {
      const root = await island(page, 'trace');
      const description = (label: string | RegExp) =>
        root.getByLabel(label, { exact: typeof label === 'string' }).evaluate((el) =>
          (el.getAttribute('aria-describedby') ?? '')
            .split(' ')
            .map((id) => document.getElementById(id)?.textContent)
            .join(' '),
        );
      expect(await description('Learning rate')).toBe('Applies while the run goes on, without a restart.');
      expect(await description('Activation')).toBe('Changing this restarts the run from step 0.');
      expect(await description('Seed')).toMatch(/same seed gives the same run\. Changing this restarts the run/);
      expect(await description('Compare two settings')).toBe('Changing this restarts the run from step 0.');
      // The visible mark: only the learning rate's label carries it, and the sentence after the controls says why.
      expect(await root.locator('.vg-tag').allTextContents()).toEqual(['live']);
      expect(await root.locator('.vg-lab__restarts').textContent()).toMatch(/restarts the run from step 0/);
    } finally {
      await close();
    }
  });
});

describe('a live setting', () => {
  it('changed while the run plays, applies to the run as it goes on: no restart, before or after Play', async () => {
    const { page, errors, close } = await open(browser, CATALOG);
    try {
      const root = await island(page, 'trace');
      const rate = root.getByLabel('Learning rate', { exact: true });
      const values = await rate.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
      const other = (v: string) => values.find((x) => x !== v)!;
      await root.locator('[data-action="play"]').click();
      await waitForSteps(page, root, 20);
      await rate.selectOption(other(await rate.inputValue()));
      const after = await stepCount(root);
      expect(after).toBeGreaterThanOrEqual(20);
      await waitForSteps(page, root, after + 20);
      expect(await root.getAttribute('data-waiting')).toBeNull();
      // Once more, after a pause: the controls hold the run's current state, not the state they were drawn in.
      await root.locator('[data-action="play"]').click();
      await rate.selectOption(other(await rate.inputValue()));
      expect(await stepCount(root)).toBeGreaterThanOrEqual(after + 20);
      expect(await root.getAttribute('data-waiting')).toBeNull();
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe('a run that reached its last step', () => {
  it('says so, and Play (from the keyboard too) starts it over from step 0', async () => {
    // A two-layer network runs its 2000 steps in seconds.
    const { page, errors, close } = await open(browser, `${CATALOG}?trace.depth=2`);
    try {
      const root = await island(page, 'trace');
      const play = root.locator('[data-action="play"]');
      await play.click();
      const ended = root.getByTestId('ended');
      await ended.waitFor({ timeout: 120_000 });
      expect(await ended.textContent()).toBe(
        'Reached 2000 steps — the end of this run. Play again starts over from step 0.',
      );
      expect(await stepCount(root)).toBe(2000);
      expect(await play.textContent()).toBe('Play again');
      expect(await play.isEnabled()).toBe(true);
      expect(await root.locator('[data-action="step"]').isDisabled()).toBe(true);

      await play.focus();
      await page.keyboard.press('Enter');
      await ended.waitFor({ state: 'detached' });
      await page.waitForFunction(
        (el) => {
          const n = Number(el?.textContent?.match(/\d+/)?.[0]);
          return n > 0 && n < 2000;
        },
        await root.getByTestId('step-count').elementHandle(),
      );
      expect(await play.textContent()).toBe('Pause');
      await play.click();
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe('a comparison', () => {
  it('names what sets A and B apart above the lab, in words, and follows the reader’s changes', async () => {
    const { page, close } = await open(browser, CATALOG);
    try {
      const root = await island(page, 'histograms');
      const line = root.getByTestId('compare-line');
      expect(await line.textContent()).toBe(
        'A = Initialisation: Normal N(0, σ²); B = Initialisation: Xavier/Glorot normal',
      );
      // The legend says what the radio buttons do.
      expect(await root.locator('.vg-lanes legend').textContent()).toBe('Edit configuration');
      await root.getByLabel('Edit configuration B').check();
      await root.getByLabel('Activation', { exact: true }).selectOption('relu');
      expect(await line.textContent()).toBe(
        'A = Activation: tanh, Initialisation: Normal N(0, σ²); B = Activation: ReLU, Initialisation: Xavier/Glorot normal',
      );
      const box = await line.boundingBox();
      const controls = await root.locator('.vg-lab__controls').first().boundingBox();
      expect(box!.y + box!.height).toBeLessThanOrEqual(controls!.y);
    } finally {
      await close();
    }
    const zh = await open(browser, `zh/${CATALOG}`);
    try {
      const root = await island(zh.page, 'histograms');
      expect(await root.getByTestId('compare-line').textContent()).toBe(
        'A = 初始化：正态 N(0, σ²)；B = 初始化：Xavier/Glorot 正态',
      );
      expect(await root.locator('.vg-lanes legend').textContent()).toBe('编辑配置');
    } finally {
      await zh.close();
    }
  });
});

describe('the details of a run', () => {
  it('keeps the backend, ms/step and the build-time note behind "Details"', async () => {
    const { page, close } = await open(browser, CATALOG);
    try {
      const root = await island(page, 'trace');
      await train(page, root, 3);
      const backend = root.getByTestId('backend');
      await backend.waitFor({ state: 'attached' });
      expect(await backend.isVisible()).toBe(false);
      expect(await root.getByTestId('ms-per-step').isVisible()).toBe(false);
      await root.locator('.vg-lab__details summary').click();
      expect(await backend.isVisible()).toBe(true);
      expect(await root.getByTestId('ms-per-step').isVisible()).toBe(true);
      expect(await root.locator('.vg-lab__details').textContent()).toMatch(/computed when the page was built/);
    } finally {
      await close();
    }
  });
});

describe('Copy link', () => {
  it('copies the lab’s own link, says so, and the link opens the lab with its settings', async () => {
    const { page, errors, close } = await open(browser, `${CATALOG}?histograms.depth=7`);
    try {
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site().origin });
      const root = await island(page, 'trace');
      await root.getByLabel('Activation', { exact: true }).selectOption('tanh');
      await expect.poll(() => new URL(page.url()).searchParams.get('trace.activation')).toBe('tanh');
      await root.locator('[data-action="copy-link"]').click();
      // Said on the button, and to a screen reader by a status.
      await expect.poll(() => root.locator('[data-action="copy-link"]').textContent()).toBe('Link copied');
      expect(await root.getByTestId('copy-status').textContent()).toBe('Link copied');
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      // This lab's settings and its anchor; not the other lab's.
      expect(copied).toBe(site().url(`${CATALOG}?trace.activation=tanh#trace`));
      expect(errors).toEqual([]);

      const other = await page.context().newPage();
      await other.goto(copied);
      const opened = await island(other, 'trace');
      expect(await opened.getByLabel('Activation', { exact: true }).inputValue()).toBe('tanh');
      expect(await opened.getByTestId('restored').isVisible()).toBe(true);
    } finally {
      await close();
    }
  });

  it('shows the link to copy by hand where the page may not write to the clipboard', async () => {
    const { page, errors, close } = await open(browser, `zh/${CATALOG}`);
    try {
      await page.evaluate(() => {
        Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
        document.execCommand = () => false;
      });
      const root = await island(page, 'trace');
      await root.locator('[data-action="copy-link"]').click();
      const field = root.getByTestId('copy-fallback');
      await field.waitFor();
      expect(await field.inputValue()).toBe(site().url(`zh/${CATALOG}#trace`));
      expect(await root.getByLabel('请复制此链接：').count()).toBe(1);
      // Selected, ready for Ctrl+C.
      expect(await field.evaluate((el: HTMLInputElement) => [el === document.activeElement, el.selectionEnd])).toEqual([
        true,
        site().url(`zh/${CATALOG}#trace`).length,
      ]);
      // It closes as the export menu does: Escape, focus back on the button.
      await page.keyboard.press('Escape');
      await field.waitFor({ state: 'detached' });
      expect(await root.locator('[data-action="copy-link"]').evaluate((el) => el === document.activeElement)).toBe(
        true,
      );
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
