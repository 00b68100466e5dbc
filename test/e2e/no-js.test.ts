/** With JavaScript off, a reader still gets the prose, the rendered formulas and the static figures. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, open } from './harness';
import { CATALOG } from '../../src/authoring/catalog';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(['', 'zh/'])('without JavaScript (%s)', (prefix) => {
  it('the deep-networks chapter shows prose, KaTeX formulas and the build-time figure', async () => {
    const { page, close } = await open(browser, `${prefix}causes/deep-networks/`, { javaScriptEnabled: false });
    try {
      expect((await page.locator('main p').allTextContents()).join(' ').length).toBeGreaterThan(1500);
      // Formulas are rendered HTML (KaTeX at build time), not TeX source waiting for a script.
      expect(await page.locator('.katex-display .katex-html').count()).toBeGreaterThan(2);
      const figure = page.locator('[data-component="GradientTrace"]').first();
      expect(await figure.locator('.vg-lab__static svg').count()).toBe(4);
      expect(await figure.locator('.vg-lab__static svg path, .vg-lab__static svg circle').count()).toBeGreaterThan(10);
      expect(await figure.locator('.vg-lab__summary').first().textContent()).toMatch(/\d/);
      // …with a note that JavaScript would make it live.
      expect(await figure.locator('.vg-noscript').isVisible()).toBe(true);
      // Exercises' answers open without a script.
      const answer = page.locator('.vg-exercise details').first();
      await answer.locator('summary').click();
      expect(await answer.getAttribute('open')).not.toBeNull();
    } finally {
      await close();
    }
  });
});

describe.each(['', 'zh/'])('the component catalog without JavaScript (%s)', (prefix) => {
  it('shows every component’s build-time figure and its props table', async () => {
    const { page, close } = await open(browser, `${prefix}authors/components/`, { javaScriptEnabled: false });
    try {
      for (const [id, panels] of [
        ['trace', 4],
        ['explorer', 1],
        ['histograms', 3],
        ['init', 3],
      ] as const) {
        const figure = page.locator(`#${id}`);
        expect(await figure.locator('.vg-lab__static svg[role="img"]').count(), id).toBe(panels);
        expect(
          await figure
            .locator('.vg-lab__static svg path, .vg-lab__static svg circle, .vg-lab__static svg rect')
            .count(),
          id,
        ).toBeGreaterThan(10);
        expect(await figure.locator('.vg-lab__static svg desc').first().textContent(), id).toMatch(/\d/);
      }
      expect(await page.locator('table.vg-props').count()).toBe(CATALOG.length);
      expect(await page.locator('.vg-value').first().textContent()).toMatch(/10/);
    } finally {
      await close();
    }
  });
});
