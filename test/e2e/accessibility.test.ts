/**
 * axe-core on every page in light and dark themes, and a 375 px wide phone without sideways scrolling. The audits are
 * most of the e2e run's time, so each page and theme is audited once, after hydration, asking axe for its violations
 * only (listing every passing node is much of its work on pages with large figures), and pages are loaded and audited
 * concurrently, each in its own browser context, as many at once as the e2e project's maxConcurrency allows.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ALL_PAGES, launch, open } from './harness';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('accessibility', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it.concurrent.for(ALL_PAGES)(
      `/$path has no axe violations (${colorScheme}, after hydration)`,
      async ({ path }, { expect }) => {
        // axe is injected as an inline script, which the site's Content-Security-Policy rightly refuses: the audit's
        // page is opened with CSP bypassed (the other e2e files run under it).
        const { page, close } = await open(browser, path, { colorScheme, bypassCSP: true });
        try {
          // Scroll through the page so that every island hydrates before the audit.
          await page.evaluate(async () => {
            for (let y = 0; y < document.body.scrollHeight; y += 600) {
              window.scrollTo(0, y);
              await new Promise((r) => setTimeout(r, 50));
            }
          });
          await page.waitForTimeout(500);
          await page.addScriptTag({ path: axePath });
          const violations = await page.evaluate(async () => {
            const result = await (
              window as unknown as {
                axe: {
                  run(
                    context: Document,
                    options: { resultTypes: string[] },
                  ): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }>;
                };
              }
            ).axe.run(document, { resultTypes: ['violations'] });
            return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
          });
          expect(violations).toEqual([]);
        } finally {
          await close();
        }
      },
    );
  }

  it.concurrent.for(ALL_PAGES)('/$path fits a 375 px wide screen', async ({ path }, { expect }) => {
    const { page, close } = await open(browser, path, {
      viewport: { width: 375, height: 740 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    try {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    } finally {
      await close();
    }
  });

  it('the island can be driven from the keyboard alone', async () => {
    const { page, close } = await open(browser, 'causes/deep-networks/');
    try {
      const root = page.locator('[data-component="GradientTrace"] .vg-lab').first();
      await root.scrollIntoViewIfNeeded();
      await root.locator('[data-action="play"]:not([disabled])').waitFor();
      await root.locator('[data-action="step"]').focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction(
        () => document.querySelector('[data-testid="step-count"]')?.textContent?.match(/\d+/)?.[0] === '1',
      );
      await root.getByLabel(/Depth/).focus();
      await page.keyboard.press('ArrowRight');
      expect(await root.locator('output').first().textContent()).toBe('21');
    } finally {
      await close();
    }
  });
});
