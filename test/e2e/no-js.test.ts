/** With JavaScript off, a reader still gets the prose, the rendered formulas and the static figures. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ALL_PAGES, launch, open } from './harness';
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
      expect(await figure.locator('.vg-lab__static svg').count()).toBe(5);
      expect(await figure.locator('.vg-lab__static svg path, .vg-lab__static svg circle').count()).toBeGreaterThan(10);
      expect(await figure.locator('.vg-lab__summary').first().textContent()).toMatch(/\d/);
      // …with a note at its top that JavaScript would make it live.
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
        // The labs that learn the circle task end with its panel.
        ['trace', 5],
        ['explorer', 1],
        ['histograms', 4],
        ['init', 4],
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

/** The colours a reader sees first: the page, its text, the header, the sidebar, a link, a figure's frame. */
function themeColours(page: Page) {
  return page.evaluate(() => {
    const css = (selector: string, prop: string) => {
      const el = document.querySelector(selector);
      return el ? getComputedStyle(el).getPropertyValue(prop) : `no ${selector}`;
    };
    return {
      page: css('body', 'background-color'),
      text: css('body', 'color'),
      header: css('header.header', 'background-color'),
      sidebar: css('.sidebar-pane', 'background-color'),
      link: css('main .sl-markdown-content a:not([class])', 'color'),
      figure: css('.vg-figure', 'border-top-color'),
      scheme: css('html', 'color-scheme'),
    };
  });
}

/** Relative luminance of an rgb() colour, 0 (black) to 1 (white). */
function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

describe.each(['', 'zh/'])('the reader’s light or dark preference without JavaScript (%s)', (prefix) => {
  it.each(['light', 'dark'] as const)(
    '%s: the same colours as the theme Starlight’s script would pick',
    async (colorScheme) => {
      const path = `${prefix}causes/deep-networks/`;
      const off = await open(browser, path, { javaScriptEnabled: false, colorScheme });
      const on = await open(browser, path, { colorScheme });
      try {
        const without = await themeColours(off.page);
        expect(await on.page.evaluate(() => document.documentElement.dataset.theme)).toBe(colorScheme);
        expect(without).toEqual(await themeColours(on.page));
        if (colorScheme === 'light') expect(luminance(without.page)).toBeGreaterThan(0.9);
        else expect(luminance(without.page)).toBeLessThan(0.05);
      } finally {
        await off.close();
        await on.close();
      }
    },
  );
});

/** What only a script can drive: Starlight's search, theme and language pickers and mobile menu, every lab's controls. */
const SCRIPTED = [
  'site-search',
  'starlight-theme-select',
  'starlight-lang-select',
  'starlight-menu-button',
  '.vg-figure button',
  '.vg-figure select',
  '.vg-figure input',
  '.vg-figure summary',
  '.vg-lab__controls',
];

describe('controls and notes without JavaScript', () => {
  it.concurrent.for(ALL_PAGES)(
    '/$path shows no control that cannot work, and one note at the top of each lab',
    async ({ path }, { expect }) => {
      const { page, errors, close } = await open(browser, path, { javaScriptEnabled: false });
      try {
        for (const viewport of [
          { width: 1280, height: 900 },
          { width: 375, height: 740 },
        ]) {
          await page.setViewportSize(viewport);
          const seen = await page.evaluate((selectors) => {
            const shown = selectors.flatMap((selector) =>
              [...document.querySelectorAll(selector)].filter((el) => el.checkVisibility()).map(() => selector),
            );
            const labs = [...document.querySelectorAll('.vg-figure')]
              .filter((figure) => figure.querySelector('.vg-lab'))
              .map((figure, i) => {
                const notes = [...figure.querySelectorAll('.vg-noscript')].filter((n) => n.checkVisibility());
                const panel = figure.querySelector('.vg-lab__static svg')?.getBoundingClientRect();
                const note = notes[0]?.getBoundingClientRect();
                return {
                  lab: i + 1,
                  notes: notes.length,
                  // At the top: above the figure's first panel.
                  atTop: !!note && !!panel && note.bottom <= panel.top,
                  saysJavaScript: /JavaScript/.test(notes[0]?.textContent ?? ''),
                };
              });
            return { shown, labs };
          }, SCRIPTED);
          expect(seen.shown, `${viewport.width} px`).toEqual([]);
          expect(seen.labs, `${viewport.width} px`).toEqual(
            seen.labs.map((l) => ({ lab: l.lab, notes: 1, atTop: true, saysJavaScript: true })),
          );
        }
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    },
  );

  it.each(['', 'zh/'])(
    'a lab’s note says the figure is the build-time run, with its seed and steps (%s)',
    async (prefix) => {
      const { page, close } = await open(browser, `${prefix}causes/deep-networks/`, { javaScriptEnabled: false });
      try {
        const note = await page.locator('[data-component="GradientTrace"] .vg-noscript').first().textContent();
        expect(note).toMatch(prefix ? /构建本页时.*随机种子 1.*200/ : /built \(seed 1, training steps: 200\)/);
      } finally {
        await close();
      }
    },
  );

  // The page's colours are the themes that accessibility.test.ts audits (the test above holds them equal); the note
  // is what is new. (axe cannot run here: with scripts off the page's timers never fire, and axe.run waits on them.)
  it.each(['light', 'dark'] as const)('the note is readable (%s)', async (colorScheme) => {
    const { page, close } = await open(browser, 'causes/deep-networks/', { javaScriptEnabled: false, colorScheme });
    try {
      const note = page.locator('.vg-noscript').first();
      const [fg, bg] = await note.evaluate((el) => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]);
      const [hi, lo] = [luminance(fg!), luminance(bg!)].sort((x, y) => y - x);
      expect((hi! + 0.05) / (lo! + 0.05)).toBeGreaterThanOrEqual(4.5);
    } finally {
      await close();
    }
  });
});
