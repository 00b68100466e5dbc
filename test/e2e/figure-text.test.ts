/**
 * Figure text a reader can read, on a phone and on a laptop: every figure of every page, in both languages, drawn at
 * build time and live. A figure is an SVG scaled to its column, so the size on screen is the text's font size times
 * the SVG's scale (its rendered width over its viewBox width); no text may be drawn over another, nor outside its
 * figure, nor without a fill.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { MIN_TEXT_PX } from '../../src/figures/theme';
import { ALL_PAGES, launch, open } from './harness';
import { train } from './lab-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const WIDTHS = [320, 375, 1280] as const;

interface FigureText {
  /** The figure's accessible name. */
  name: string;
  /** The smallest text on screen, in CSS pixels, and which text it is. */
  smallest: number;
  smallestText: string;
  /** Pairs of texts whose boxes overlap by more than a pixel each way. */
  overlaps: string[];
  /** Texts that reach more than a pixel outside the figure. */
  outside: string[];
  /** Texts painted with no fill (Plot leaves a haloed text unfilled unless told): there, but not to be seen. */
  unfilled: string[];
}

/** Every figure shown in `scope` (a CSS selector), measured in the page. */
function measure(page: Page, scope: string): Promise<FigureText[]> {
  return page.evaluate((scope) => {
    const out: FigureText[] = [];
    for (const svg of document.querySelectorAll<SVGSVGElement>(`${scope} svg[class^="plot-"]`)) {
      const box = svg.getBoundingClientRect();
      if (box.width === 0 || svg.closest('[hidden]')) continue;
      const scale = box.width / (svg.viewBox.baseVal?.width || svg.width.baseVal.value);
      const texts = Array.from(svg.querySelectorAll('text'))
        .filter((t) => t.textContent?.trim() && getComputedStyle(t).visibility !== 'hidden')
        .map((t) => ({
          fill: getComputedStyle(t).fill,
          text: t.textContent!.trim(),
          px: parseFloat(getComputedStyle(t).fontSize) * scale,
          rect: t.getBoundingClientRect(),
        }));
      const smallest = texts.reduce((a, b) => (b.px < a.px ? b : a), { text: '', px: Infinity });
      const overlaps: string[] = [];
      texts.forEach((a, i) =>
        texts.slice(i + 1).forEach((b) => {
          const w = Math.min(a.rect.right, b.rect.right) - Math.max(a.rect.left, b.rect.left);
          const h = Math.min(a.rect.bottom, b.rect.bottom) - Math.max(a.rect.top, b.rect.top);
          if (w > 1 && h > 1) overlaps.push(`"${a.text}" × "${b.text}"`);
        }),
      );
      const outside = texts
        .filter(
          (t) =>
            t.rect.left < box.left - 1 ||
            t.rect.right > box.right + 1 ||
            t.rect.top < box.top - 1 ||
            t.rect.bottom > box.bottom + 1,
        )
        .map((t) => `"${t.text}"`);
      const unfilled = texts.filter((t) => t.fill === 'none').map((t) => `"${t.text}"`);
      out.push({
        name: svg.getAttribute('aria-label') ?? '',
        smallest: Math.round(smallest.px * 100) / 100,
        smallestText: smallest.text,
        overlaps,
        outside,
        unfilled,
      });
    }
    return out;
  }, scope);
}

/** Readable and uncrowded: the failures of `figures`, one line each (empty when all is well). */
function problems(figures: FigureText[]): string[] {
  return figures.flatMap((f) => [
    ...(f.smallest < MIN_TEXT_PX ? [`${f.name}: "${f.smallestText}" at ${f.smallest} px`] : []),
    ...f.overlaps.map((o) => `${f.name}: ${o} overlap`),
    ...f.outside.map((o) => `${f.name}: ${o} leaves the figure`),
    ...f.unfilled.map((o) => `${f.name}: ${o} has no fill`),
  ]);
}

describe.each(WIDTHS)('figure text at %i px wide', (width) => {
  it.each(ALL_PAGES)('/$path: every figure built into the page', async ({ path }) => {
    const { page, close } = await open(browser, path, { viewport: { width, height: 900 } });
    try {
      const figures = await measure(page, '.vg-figure');
      if (path.startsWith('causes/') || path.startsWith('zh/causes/')) expect(figures.length).toBeGreaterThan(0);
      expect(problems(figures)).toEqual([]);
    } finally {
      await close();
    }
  });
});

/** Labs run live: the first of a page, one step (compare mode at step 1), or played for a while and paused. */
const LIVE = [
  { path: 'causes/weights/', component: 'InitLab', steps: 0 },
  { path: 'causes/activations/', component: 'GradientTrace', steps: 60 },
] as const;

describe.each(WIDTHS)('a live figure at %i px wide', (width) => {
  it.each(LIVE)(
    '$component on /$path is drawn at the size of the build-time figure it replaces, and as readable',
    { timeout: 120_000 },
    async ({ path, component, steps }) => {
      const { page, errors, close } = await open(browser, path, { viewport: { width, height: 900 } });
      try {
        const scope = `figure[data-component="${component}"]`;
        const lab = page.locator(`${scope} .vg-lab`).first();
        await lab.scrollIntoViewIfNeeded();
        // Each panel's size on screen, by panel.
        const sizes = () =>
          lab.evaluate((el) =>
            Object.fromEntries(
              Array.from(el.querySelectorAll<SVGSVGElement>('.vg-panel svg[class^="plot-"]'))
                .filter((s) => s.getBoundingClientRect().width > 0 && !s.closest('[hidden]'))
                .map((s) => {
                  const r = s.getBoundingClientRect();
                  return [
                    s.closest('.vg-panel')!.getAttribute('data-panel'),
                    `${Math.round(r.width)}×${Math.round(r.height)}`,
                  ];
                }),
            ),
          );
        const built = await sizes();
        expect(Object.keys(built).length).toBeGreaterThan(0);
        await lab.locator('[data-action="step"]:not([disabled])').click();
        if (steps > 0) expect(await train(page, lab, steps)).toBeGreaterThanOrEqual(steps);
        await page.waitForFunction(
          (el) => {
            const live = (el as Element).querySelector('[data-testid="live-panels"]');
            return live && !live.hasAttribute('hidden') && live.querySelector('svg[class^="plot-"]');
          },
          await lab.elementHandle(),
          { timeout: 60_000 },
        );
        const drawn = await sizes();
        const shared = Object.keys(built).filter((k) => k in drawn);
        expect(shared.length).toBeGreaterThan(0);
        for (const k of shared) expect(drawn[k], k).toBe(built[k]);
        const live = await measure(page, `${scope} .vg-lab [data-testid="live-panels"]`);
        expect(live.length).toBe(Object.keys(drawn).length);
        expect(problems(live)).toEqual([]);
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    },
  );
});
