/**
 * The panel of the task (issue 12): the circle data set and the network's decision boundary, in the built page for a
 * reader without JavaScript (the build's seeded run at its last step) and drawn live while the lab trains, from the
 * views the Worker sends with its reports (shading on the live layer's canvas, the points in the frame).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator } from 'playwright-core';
import { parseHTML } from 'linkedom';
import { BOUNDARY_BANDS } from '../../src/figures/decision-boundary';
import { parseColor } from '../../src/figures/png';
import { cellsOf } from '../unit/picture-cells';
import { launch, open } from './harness';
import { CATALOG, island, train } from './lab-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** The circle task's 512 training points. */
const POINTS = 512;
/** The training points drawn under `root`: each class is one path of circles (src/figures/dot-path.ts), one `M` each. */
const dots = (root: Locator) =>
  root
    .locator('path.vg-dots')
    .evaluateAll((ps) => ps.reduce((n, p) => n + (p.getAttribute('d')?.match(/M/g) ?? []).length, 0));

/** Cells per side of the boundary's grid (src/core/task-view.ts): every row is shaded by one rectangle or more. */
const ROWS = 28;

/**
 * How much of the live shading is painted: the live layer draws it on its canvas when it has many rectangles, as SVG
 * rectangles when few (a network that has learned nothing yet is one band per row).
 */
const shading = (panel: Locator) =>
  panel.locator('g[data-vg-layer]').evaluate((layer) => {
    const canvas = layer.querySelector('canvas');
    if (canvas) {
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
      return { canvas: true, painted };
    }
    return { canvas: false, painted: layer.querySelectorAll('[data-part="cells"] rect').length };
  });

describe('the task panel', () => {
  it('is in the built page without JavaScript: the data and the boundary at the build’s last step', async () => {
    for (const [prefix, word] of [
      ['', 'step 200'],
      ['zh/', '第 200 步'],
    ] as const) {
      const { page, close } = await open(browser, `${prefix}${CATALOG}`, { javaScriptEnabled: false });
      try {
        const panel = page.locator('#trace .vg-lab__static [data-panel="task"]');
        expect(await panel.locator('.vg-panel__title').textContent()).toContain(word);
        const svg = panel.locator('svg[role="img"]');
        expect(await dots(svg)).toBe(POINTS);
        // The shading, one picture (a pixel per cell, src/figures/raster.ts): every row of the grid, in the ten
        // bands' colours.
        const { document } = parseHTML(`<html><body>${await svg.evaluate((el) => el.outerHTML)}</body></html>`);
        const cells = [...document.querySelectorAll('image')].flatMap(cellsOf);
        expect(new Set(cells.map((c) => c.getAttribute('y'))).size).toBe(ROWS);
        const bands = new Set(BOUNDARY_BANDS.map((b) => parseColor(b)!.join()));
        expect(cells.every((c) => bands.has(parseColor(c.getAttribute('fill')!)!.join()))).toBe(true);
        expect(await svg.locator('desc').textContent()).toMatch(/%/);
      } finally {
        await close();
      }
    }
  });

  it('is drawn live after Play, from the view of the step the lab stands at', async () => {
    const { page, errors, close } = await open(browser, CATALOG);
    try {
      const root = await island(page, 'trace');
      const panel = root.locator('[data-testid="live-panels"] [data-panel="task"]');
      const steps = await train(page, root, 5);
      await expect.poll(async () => (await shading(panel)).painted, { timeout: 15_000 }).toBeGreaterThan(0);
      expect(await dots(panel)).toBe(POINTS);
      // The view of the paused run's last step: the Worker sends one with the reports of a pause.
      expect(await panel.locator('.vg-panel__title').textContent()).toContain(`step ${steps}`);
      const later = await train(page, root, steps + 300);
      await expect.poll(() => panel.locator('.vg-panel__title').textContent()).toContain(`step ${later}`);
      expect((await shading(panel)).painted).toBeGreaterThan(0);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('of the outlier regression: the data, and each configuration’s fitted curve, static and live', async () => {
    const off = await open(browser, CATALOG, { javaScriptEnabled: false });
    try {
      const panel = off.page.locator('#outliers .vg-lab__static [data-panel="data"]');
      expect(await panel.locator('.vg-panel__title').textContent()).toContain('fit at step 300');
      // MSE (A) and Huber (B) learn the same data: both curves on one panel, B dashed.
      expect(await panel.locator('svg [stroke-dasharray]').count()).toBe(1);
    } finally {
      await off.close();
    }
    const { page, errors, close } = await open(browser, CATALOG);
    try {
      const root = await island(page, 'outliers');
      const steps = await train(page, root, 5);
      const panel = root.locator('[data-testid="live-panels"] [data-panel="data"]');
      await expect.poll(() => panel.locator('.vg-panel__title').textContent()).toContain(`fit at step ${steps}`);
      const curves = panel.locator('g[data-vg-layer] [data-part="lines"] path');
      expect(await curves.count()).toBe(2);
      expect(await curves.first().getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+L/);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
