/**
 * Every training lab of the kit in real Chromium, on the authors' catalog page: <GradientTrace> (id "trace"),
 * <LayerHistograms> ("histograms", which opens in compare mode) and <InitLab> ("init"). Each hydrates without
 * loading TensorFlow.js, trains in the shared Worker, compares two configurations, restores its settings from a
 * link (and drops hostile ones), exports its trace and figure, and shows divergence with the last finite values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, open } from './harness';
import {
  CATALOG,
  expectLivePanels,
  exportFile,
  island,
  isTfjs,
  query,
  stepCount,
  train,
  waitForSteps,
} from './lab-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const LABS = [
  // Each with the circle task it learns as its last panel.
  { id: 'trace', panels: 5, component: 'gradient-trace', activation: 'sigmoid' },
  { id: 'histograms', panels: 4, component: 'layer-histograms', activation: 'tanh' },
  { id: 'init', panels: 4, component: 'init-lab', activation: 'tanh' },
] as const;

describe('the catalog page', () => {
  it('hydrates every island without requesting TensorFlow.js for a reader who saves data', async () => {
    const { page, requests, errors, close } = await open(browser, CATALOG, { saveData: true });
    try {
      for (const id of ['trace', 'explorer', 'histograms', 'init']) await island(page, id);
      await page.waitForTimeout(300);
      expect(requests.filter(isTfjs)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe.each(LABS)('<$component> (#$id)', ({ id, panels, component, activation }) => {
  it('trains live in the shared Worker: steps advance, the figure is redrawn, pause and reset work', async () => {
    const { page, errors, close } = await open(browser, CATALOG);
    try {
      const root = await island(page, id);
      const steps = await train(page, root, 5);
      expect(steps).toBeGreaterThanOrEqual(5);
      await expectLivePanels(root, panels);
      expect(await root.locator('.vg-lab__static').isVisible()).toBe(false);
      await page.waitForTimeout(300);
      expect(await stepCount(root)).toBe(steps);
      await root.locator('[data-action="step"]').click();
      await waitForSteps(page, root, steps + 1);
      await root.locator('[data-action="reset"]').click();
      // InitLab takes its first step by itself after a reset: the network as initialised is its picture.
      await page.waitForFunction(
        ([el, max]) => Number((el as Element)?.textContent?.match(/\d+/)?.[0]) <= (max as number),
        [await root.getByTestId('step-count').elementHandle(), id === 'init' ? 1 : 0] as const,
      );
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('compares two configurations on the same seed, and puts both in the link', async () => {
    const { page, errors, close } = await open(browser, CATALOG);
    try {
      const root = await island(page, id);
      const compare = root.getByLabel('Compare two settings');
      if (!(await compare.isChecked())) {
        await compare.check();
        // Turning compare on, the reader is about to change the second configuration: the controls edit B.
        expect(await root.getByLabel('Configuration B').isChecked()).toBe(true);
      } else await root.getByLabel('Configuration B').check();
      await root.getByLabel('Activation', { exact: true }).selectOption('relu');
      await root.getByLabel(/Initialisation/).selectOption('he-normal');
      await train(page, root, 8);
      const status = () => root.locator('.vg-lab__status').textContent();
      await expect.poll(status, { timeout: 15_000 }).toMatch(/A · Loss/);
      await expect.poll(status, { timeout: 15_000 }).toMatch(/B · Loss/);
      await expectLivePanels(root, panels);
      const params = query(page);
      expect(params.get(`${id}.b.activation`)).toBe('relu');
      expect(params.get(`${id}.b.init`)).toBe('he-normal');
      // Configuration A is untouched: switching back shows its settings.
      await root.getByLabel('Configuration A').check();
      expect(await root.getByLabel('Activation', { exact: true }).inputValue()).toBe(activation);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('exports the trace as CSV and JSON and the figure as SVG and PNG, named after the settings and the step', async () => {
    const { page, close } = await open(browser, CATALOG);
    try {
      const root = await island(page, id);
      const steps = await train(page, root, 6);
      const csv = await exportFile(page, root, 'csv');
      expect(csv.name).toMatch(new RegExp(`^${component}_.*_seed1_step${steps}\\.csv$`));
      const lines = csv.text.trim().split('\n');
      const header = lines[0]!.split(',');
      expect(header).toEqual(expect.arrayContaining(['step', 'loss', 'gradNorms_1']));
      // One row per step of every configuration (LayerHistograms compares two).
      expect(lines.length - 1).toBe(steps * (id === 'histograms' ? 2 : 1));
      const json = JSON.parse((await exportFile(page, root, 'json')).text);
      expect(json.component).toBe(component);
      expect(json.runs[0].reports).toHaveLength(steps);
      expect(json.runs[0].config.seed).toBe(1);
      const svg = await exportFile(page, root, 'svg');
      expect(svg.name).toMatch(/\.svg$/);
      expect(svg.text).toMatch(/^<\?xml[^>]*>\s*<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(svg.text.match(/<svg/g)!.length).toBe(panels + 1);
      // Heat maps are drawn on canvases in the page; the file has their pictures, no foreign content.
      expect(svg.text).not.toContain('foreignObject');
      if (id === 'histograms') expect(svg.text).toMatch(/<image [^>]*href="data:image\/png;base64,/);
      const png = await exportFile(page, root, 'png');
      expect([...png.bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
      expect(png.bytes.length).toBeGreaterThan(5000);
      // The menu closes like a menu: Escape (focus back on its button), or a click elsewhere on the page.
      const menu = root.locator('.vg-menu');
      await page.keyboard.press('Escape');
      expect(await menu.getAttribute('open')).toBeNull();
      expect(await menu.locator('summary').evaluate((el) => el === document.activeElement)).toBe(true);
      await menu.locator('summary').click();
      expect(await menu.getAttribute('open')).not.toBeNull();
      await page.locator('main h1').click();
      expect(await menu.getAttribute('open')).toBeNull();
    } finally {
      await close();
    }
  });
});

describe('settings from a link', () => {
  it('are restored into the controls, clamped, and run when the reader presses Play', async () => {
    const { page, requests, errors, close } = await open(
      browser,
      `${CATALOG}?init.depth=12&init.initScale=0.5&init.compare=1&init.b.init=he-normal&init.b.activation=relu&trace.depth=999&trace.activation=relu`,
      { saveData: true },
    );
    try {
      const init = await island(page, 'init');
      expect(await init.getByLabel(/Depth/).inputValue()).toBe('12');
      expect(await init.getByLabel(/Scale/).inputValue()).toBe('0.5');
      expect(await init.getByLabel('Compare two settings').isChecked()).toBe(true);
      expect(await init.getByTestId('restored').isVisible()).toBe(true);
      // Restoring settings loads nothing: the reader has not asked for a run yet.
      expect(requests.filter(isTfjs)).toEqual([]);
      await init.locator('[data-action="step"]').click();
      await waitForSteps(page, init, 1);
      await expectLivePanels(init, 4);
      expect(await init.getByTestId('live-panels').locator('svg').first().locator('desc').textContent()).toMatch(
        /after hidden layer 11/,
      );
      // The other island's settings were read too: depth clamped to 64.
      const trace = await island(page, 'trace');
      expect(await trace.getByLabel(/Depth/).inputValue()).toBe('64');
      expect(await trace.getByLabel('Activation', { exact: true }).inputValue()).toBe('relu');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('drop hostile values without an error, a dialog, or any of them in the page', async () => {
    const hostile = encodeURIComponent('<img src=x onerror=alert(1)>');
    const { page, errors, close } = await open(
      browser,
      `${CATALOG}?trace.activation=${hostile}&trace.depth=NaN&trace.learningRate=-1&trace.seed=1e999&trace.__proto__=1&trace.speed=${hostile}&explorer.on=${hostile}&explorer.at=Infinity`,
    );
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    try {
      const trace = await island(page, 'trace');
      expect(await trace.getByLabel('Activation', { exact: true }).inputValue()).toBe('sigmoid');
      expect(await trace.getByLabel(/Depth/).inputValue()).toBe('20');
      expect(await trace.getByLabel(/Learning rate/).inputValue()).toBe('0.1');
      expect(await trace.getByLabel(/Seed/).inputValue()).toBe(String(2 ** 31 - 1));
      await island(page, 'explorer');
      expect(await page.locator('img[src="x"]').count()).toBe(0);
      expect(await page.content()).not.toContain('onerror=alert');
      expect(dialogs).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe('divergence', () => {
  it.each([
    { id: 'trace', panels: 5 },
    { id: 'init', panels: 4 },
  ])(
    '#$id shows "diverged at step k" with the last finite values, and a sane setting recovers',
    async ({ id, panels }) => {
      const { page, close } = await open(browser, CATALOG);
      try {
        const root = await island(page, id);
        await root.getByLabel('Activation', { exact: true }).selectOption('relu');
        await root.getByLabel(/Initialisation/).selectOption('normal');
        await root.getByLabel(/Scale/).fill('5');
        await root.getByLabel(/Scale/).dispatchEvent('change');
        await root.getByLabel(/Learning rate/).selectOption('3');
        // InitLab steps once by itself after each change, and may already have diverged at step 1.
        // Checking whether Play is enabled and then clicking it races with that first step; instead try the click
        // briefly: if the run has already diverged, Play stays disabled (correctly) and the click gives up.
        await root
          .locator('[data-action="play"]')
          .click({ timeout: 2_000 })
          .catch(() => undefined);
        const alert = root.getByTestId('diverged');
        await alert.waitFor({ timeout: 60_000 });
        expect(await alert.textContent()).toMatch(/Diverged at step \d+/);
        // The last finite values are drawn; a run that overflowed at step 1 has none, and draws no empty axes.
        if ((await alert.getAttribute('data-step')) === '1') {
          expect(await root.getByTestId('live-panels').isHidden()).toBe(true);
        } else await expectLivePanels(root, panels);
        expect(await root.locator('[data-action="play"]').isDisabled()).toBe(true);
        await root.getByLabel(/Initialisation/).selectOption('he-normal');
        await root.getByLabel(/Learning rate/).selectOption('0.01');
        await alert.waitFor({ state: 'detached' });
        await root.locator('[data-action="step"]').click();
        await waitForSteps(page, root, 1);
      } finally {
        await close();
      }
    },
  );

  it('in compare mode names the configuration that diverged, and the other keeps training', async () => {
    const { page, close } = await open(
      browser,
      `${CATALOG}?trace.compare=1&trace.b.activation=relu&trace.b.init=normal&trace.b.initScale=5&trace.b.learningRate=3`,
    );
    try {
      const root = await island(page, 'trace');
      await root.locator('[data-action="play"]').click();
      const alert = root.locator('[data-testid="diverged"][data-lane="B"]');
      await alert.waitFor({ timeout: 60_000 });
      expect(await alert.textContent()).toMatch(/Configuration B diverged at step \d+/);
      const at = await stepCount(root);
      await waitForSteps(page, root, at + 5);
      expect(await root.locator('[data-testid="diverged"][data-lane="A"]').count()).toBe(0);
      await root.locator('[data-action="play"]').click();
    } finally {
      await close();
    }
  });
});

describe('manners', () => {
  it('redraws about once a second for a reader who asked for reduced motion, and says so', async () => {
    const { page, close } = await open(browser, CATALOG, { reducedMotion: 'reduce' });
    try {
      const root = await island(page, 'trace');
      await root.locator('[data-action="play"]').click();
      await waitForSteps(page, root, 3);
      expect(await root.locator('.vg-lab__status').textContent()).toMatch(/reduced motion/);
      // Count redraws of the live figure over two seconds of training.
      const redraws = await page.evaluate(async () => {
        const live = document.querySelector('#trace [data-testid="live-panels"]')!;
        let n = 0;
        const mo = new MutationObserver(() => n++);
        mo.observe(live, { childList: true, subtree: true });
        await new Promise((r) => setTimeout(r, 2000));
        mo.disconnect();
        return n;
      });
      // Four panels replaced per redraw: at most three redraws in two seconds.
      expect(redraws).toBeLessThanOrEqual(12);
      await root.locator('[data-action="play"]').click();
    } finally {
      await close();
    }
  });

  it('sets the speed, which goes into the link', async () => {
    const { page, close } = await open(browser, CATALOG);
    try {
      const root = await island(page, 'trace');
      await root.getByLabel('Speed').selectOption('2');
      await expect.poll(() => query(page).get('trace.speed')).toBe('2');
      await root.locator('[data-action="play"]').click();
      await waitForSteps(page, root, 1);
      await page.waitForTimeout(1500);
      // 2 steps a second: about 3 to 5 steps by now, far from the hundreds at full speed.
      expect(await stepCount(root)).toBeLessThanOrEqual(7);
      await root.locator('[data-action="play"]').click();
    } finally {
      await close();
    }
  });
});
