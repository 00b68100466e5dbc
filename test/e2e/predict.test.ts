/**
 * <Predict> in the built site: a question, its choices as a radio group, and the answer behind a disclosure. Nothing
 * on the page gives the answer away before a choice; choosing shows that choice's verdict, right or wrong, and only
 * that one; the disclosure opens on the answer, its reason and a link to the lab, which is on the page. All of it
 * without a script, in both languages; with JavaScript too, and by keyboard.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../../src/i18n/en.json';
import zh from '../../src/i18n/zh-CN.json';
import { launch, open, SLUGS } from './harness';
import { stepCount } from './lab-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const LOCALES = [
  { prefix: '', dir: 'content', strings: en },
  { prefix: 'zh/', dir: 'content/zh', strings: zh },
] as const;

/** Each <Predict>'s `correct` and `lab`, in page order, as the chapter's source writes them. */
const predictionsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/^<Predict correct=\{(\d)\} lab="([^"]+)">/gm)].map((m) => ({
    correct: Number(m[1]),
    lab: m[2]!,
  }));

/** 'causes/deep-networks', …: the chapters that ask predictions (the home page and the references ask none). */
const CHAPTERS = SLUGS.filter((s) => /^(causes|remedies)\//.test(s)).map((s) => s.replace(/\/$/, ''));

const visibleVerdicts = (section: Locator) => section.locator('.vg-predict__verdict:visible');

/** Everything a reader can do with one prediction, and what they should see. */
async function exercise(page: Page, section: Locator, correct: number, lab: string, strings: typeof en) {
  const choices = section.locator('input[type="radio"]');
  const count = await choices.count();
  expect(count).toBeGreaterThanOrEqual(2);
  // Before a choice: no verdict shows, the answer is closed and not visible.
  expect(await visibleVerdicts(section).count()).toBe(0);
  const details = section.locator('details');
  expect(await details.getAttribute('open')).toBeNull();
  expect(await section.locator('.vg-predict__answer').isVisible()).toBe(false);

  // A wrong choice says so, and only its own verdict shows.
  const wrong = correct === 1 ? 2 : 1;
  await section
    .locator('.vg-predict__choice')
    .nth(wrong - 1)
    .click();
  expect(await choices.nth(wrong - 1).isChecked()).toBe(true);
  expect(await visibleVerdicts(section).allTextContents()).toEqual([strings['predict.wrong']]);

  // The right choice says so, and the wrong one's verdict goes away.
  await section
    .locator('.vg-predict__choice')
    .nth(correct - 1)
    .click();
  expect(await choices.nth(correct - 1).isChecked()).toBe(true);
  expect(await visibleVerdicts(section).allTextContents()).toEqual([strings['predict.right']]);

  // The disclosure opens on the answer (its letter), the reason and a link to the lab, which is on this page.
  await section.locator('summary').click();
  expect(await details.getAttribute('open')).not.toBeNull();
  const answer = section.locator('.vg-predict__answer');
  expect(await answer.isVisible()).toBe(true);
  const letter = String.fromCharCode(64 + correct);
  expect(await answer.textContent()).toContain(strings['predict.answer'].replace('{letter}', letter).trim());
  expect(((await details.textContent()) ?? '').length).toBeGreaterThan(80);
  const link = section.locator('.vg-predict__run a');
  expect(await link.textContent()).toBe(strings['predict.run']);
  expect(await link.getAttribute('href')).toBe(`#${lab}`);
  expect(await page.locator(`[id="${lab}"]`).count()).toBe(1);
}

describe.each(LOCALES)('predictions without JavaScript ($prefix)', ({ prefix, dir, strings }) => {
  it.each(CHAPTERS)('%s: every prediction, chosen wrong then right, then its answer', async (slug) => {
    const predictions = predictionsOf(`${dir}/${slug}.mdx`);
    expect(predictions.length).toBeGreaterThanOrEqual(1);
    const { page, errors, close } = await open(browser, `${prefix}${slug}/`, { javaScriptEnabled: false });
    try {
      const sections = page.locator('section.vg-predict');
      expect(await sections.count()).toBe(predictions.length);
      for (const [i, { correct, lab }] of predictions.entries()) {
        const section = sections.nth(i);
        await section.scrollIntoViewIfNeeded();
        await exercise(page, section, correct, lab, strings);
      }
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe.each(LOCALES)('predictions with JavaScript ($prefix)', ({ prefix, dir, strings }) => {
  // The weights chapter asks two questions: choosing in one leaves the other's choice alone.
  it('causes/weights: two predictions on one page, each its own radio group', async () => {
    const predictions = predictionsOf(`${dir}/causes/weights.mdx`);
    expect(predictions).toHaveLength(2);
    const { page, errors, close } = await open(browser, `${prefix}causes/weights/`);
    try {
      const [first, second] = [0, 1].map((i) => page.locator('section.vg-predict').nth(i));
      await exercise(page, first!, predictions[0]!.correct, predictions[0]!.lab, strings);
      await exercise(page, second!, predictions[1]!.correct, predictions[1]!.lab, strings);
      expect(await first!.locator('input:checked').count()).toBe(1);
      expect(await second!.locator('input:checked').count()).toBe(1);
      // Each is a region named by its own question.
      const names = await page.locator('section.vg-predict').evaluateAll((els) =>
        els.map((el) =>
          (el.getAttribute('aria-labelledby') ?? '')
            .split(' ')
            .map((id) => document.getElementById(id)?.textContent?.trim())
            .join(' '),
        ),
      );
      expect(new Set(names).size).toBe(2);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('causes/deep-networks: the answer’s link takes the reader to the lab and starts its run', async () => {
    const { correct, lab } = predictionsOf(`${dir}/causes/deep-networks.mdx`)[0]!;
    const { page, errors, close } = await open(browser, `${prefix}causes/deep-networks/`);
    try {
      const section = page.locator('section.vg-predict').first();
      await section
        .locator('input[type="radio"]')
        .nth(correct - 1)
        .check();
      await section.locator('summary').click();
      const root = page.locator(`[id="${lab}"] .vg-lab`);
      // Hydrated, and still showing the build-time figure: nothing has run yet.
      await expect.poll(() => root.locator('[data-action="play"]').isEnabled()).toBe(true);
      expect(await root.getAttribute('data-live')).toBeNull();
      await section.locator(`a[data-vg-run="${lab}"]`).click();
      await expect.poll(() => stepCount(root), { timeout: 30_000 }).toBeGreaterThan(1);
      // The link scrolled the lab into view (a lab out of view pauses itself).
      expect(await root.evaluate((el) => el.getBoundingClientRect().top < innerHeight)).toBe(true);
      expect(await root.locator('[data-action="play"]').getAttribute('aria-pressed')).toBe('true');
      await root.locator('[data-action="play"]').click();
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('causes/deep-networks: the choices are one radio group, by keyboard', async () => {
    const { correct } = predictionsOf(`${dir}/causes/deep-networks.mdx`)[0]!;
    const { page, errors, close } = await open(browser, `${prefix}causes/deep-networks/`);
    try {
      const section = page.locator('section.vg-predict').first();
      const choices = section.locator('input[type="radio"]');
      await choices.first().focus();
      await page.keyboard.press('Space');
      expect(await choices.first().isChecked()).toBe(true);
      for (let i = 1; i < correct; i++) await page.keyboard.press('ArrowDown');
      expect(await choices.nth(correct - 1).isChecked()).toBe(true);
      expect(await section.locator('input:checked').count()).toBe(1);
      expect(await visibleVerdicts(section).allTextContents()).toEqual([strings['predict.right']]);
      // The disclosure by keyboard too.
      await section.locator('summary').focus();
      await page.keyboard.press('Enter');
      expect(await section.locator('details').getAttribute('open')).not.toBeNull();
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
