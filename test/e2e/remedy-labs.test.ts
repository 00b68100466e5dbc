/**
 * The remedy labs in real Chromium, on the authors' catalog page: <ReluFamilyLab> ("relu-family"), <BatchNormLab>
 * ("batch-norm"), <ResidualLab> ("residual"), <ClippingLab> ("clipping"), <OutlierLab> ("outliers"),
 * <PretrainingLab> ("pretraining") and <RnnLstmLab> ("rnn-lstm"). Each hydrates without loading TensorFlow.js,
 * trains in the shared Worker (the step count and the figure change), exports its trace and figure, restores a
 * comparison from a link, and — where its experiment can — shows "diverged at step k" with the last finite values.
 * One page per test, and each test drives one lab through several checks, to keep the run short.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, open } from './harness';
import { CATALOG, expectLivePanels, exportFile, island, isTfjs, query, stepCount, waitForSteps } from './lab-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

interface LabCase {
  id: string;
  component: string;
  panels: number;
  /** The catalog's example opens in compare mode. */
  compared: boolean;
  /** A link restoring a comparison, and the controls it must set: [lane, label, value]. */
  link: { query: string; expect: [lane: 'A' | 'B', label: RegExp, value: string][] };
  /** Settings under which the run overflows (none: the experiment cannot diverge). */
  diverge?: { query: string; lane?: 'B' };
}

const LABS: LabCase[] = [
  {
    id: 'relu-family',
    component: 'relu-family-lab',
    panels: 5,
    compared: true,
    link: {
      query: 'relu-family.depth=8&relu-family.b.activation=elu&relu-family.b.eluAlpha=0.5',
      expect: [
        ['A', /^Depth/, '8'],
        ['B', /^Activation$/, 'elu'],
        ['B', /^ELU α$/, '0.5'],
      ],
    },
    diverge: {
      query: 'relu-family.compare=0&relu-family.activation=relu&relu-family.init=he-normal&relu-family.learningRate=3',
    },
  },
  {
    id: 'batch-norm',
    component: 'batch-norm-lab',
    panels: 5,
    compared: true,
    link: {
      query: 'batch-norm.activation=tanh&batch-norm.b.depth=6',
      expect: [
        ['A', /^Activation$/, 'tanh'],
        ['B', /^Depth/, '6'],
      ],
    },
    diverge: {
      query:
        'batch-norm.compare=0&batch-norm.activation=relu&batch-norm.init=normal&batch-norm.initScale=5&batch-norm.learningRate=3',
    },
  },
  {
    id: 'residual',
    component: 'residual-lab',
    panels: 4,
    compared: true,
    link: {
      query: 'residual.depth=16&residual.b.blockLayers=3',
      expect: [
        ['A', /^Depth/, '16'],
        ['B', /^Layers per block$/, '3'],
      ],
    },
    diverge: { query: 'residual.compare=0&residual.residual=1&residual.activation=relu&residual.init=he-normal' },
  },
  {
    id: 'clipping',
    component: 'clipping-lab',
    panels: 5,
    compared: true,
    link: {
      query: 'clipping.clipThreshold=3&clipping.b.clip=value&clipping.b.l2=0.01',
      expect: [
        ['A', /^Threshold c$/, '3'],
        ['B', /^Clipping$/, 'value'],
        ['B', /^L2 strength/, '0.01'],
      ],
    },
    // The catalog's own example: configuration B, without clipping, overflows at step 5.
    diverge: { query: '', lane: 'B' },
  },
  {
    id: 'outliers',
    component: 'outlier-lab',
    panels: 4,
    compared: true,
    link: {
      query: 'outliers.outlierScale=10&outliers.b.standardize=1',
      expect: [
        ['A', /^Outlier factor k$/, '10'],
        ['B', /^Standardise the inputs$/, 'on'],
      ],
    },
    diverge: { query: 'outliers.compare=0&outliers.outlierScale=100' },
  },
  {
    id: 'pretraining',
    component: 'pretraining-lab',
    panels: 3,
    compared: false,
    link: {
      query: 'pretraining.compare=1&pretraining.b.depth=3&pretraining.pretrainSteps=50',
      expect: [
        ['A', /^Pre-training steps per layer$/, '50'],
        ['B', /^Depth/, '3'],
      ],
    },
    diverge: { query: 'pretraining.pretrainLearningRate=10' },
  },
  {
    id: 'rnn-lstm',
    component: 'rnn-lstm-lab',
    panels: 3,
    compared: true,
    link: {
      query: 'rnn-lstm.length=12&rnn-lstm.b.forgetBias=3',
      expect: [
        ['A', /^Sequence length T/, '12'],
        ['B', /^Forget-gate bias$/, '3'],
      ],
    },
    // tanh units and Adam with norm clipping keep every number finite: this experiment does not diverge.
  },
];

describe('the remedy labs on the catalog page', () => {
  it('hydrate without requesting TensorFlow.js for a reader who saves data', async () => {
    const { page, requests, errors, close } = await open(browser, CATALOG, { saveData: true });
    try {
      for (const { id } of LABS) await island(page, id);
      await page.waitForTimeout(300);
      expect(requests.filter(isTfjs)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe.each(LABS)('<$component> (#$id)', (lab) => {
  it('trains live (steps advance, the figure changes), pauses, steps, exports its trace and figure, resets', async () => {
    const { page, errors, close } = await open(browser, CATALOG);
    try {
      const root = await island(page, lab.id);
      const live = root.getByTestId('live-panels');
      const play = root.locator('[data-action="play"]');
      await play.click();
      await waitForSteps(page, root, 3);
      const before = await live.innerHTML();
      await waitForSteps(page, root, (await stepCount(root)) + 3);
      await play.click();
      await page.waitForFunction((el) => el?.getAttribute('aria-pressed') === 'false', await play.elementHandle());
      // Reports already on their way from the Worker land after the pause.
      await page.waitForTimeout(200);
      const steps = await stepCount(root);
      await expect.poll(() => live.innerHTML(), { timeout: 15_000 }).not.toBe(before);
      await expectLivePanels(root, lab.panels);
      expect(await root.locator('.vg-lab__static').isVisible()).toBe(false);
      // The live summary (the static one, hidden, is inside the build-time figure).
      expect(await root.locator('.vg-lab__summary').last().textContent()).toMatch(/\d/);
      expect(await stepCount(root)).toBe(steps);

      const json = JSON.parse((await exportFile(page, root, 'json')).text);
      expect(json.component).toBe(lab.component);
      expect(json.runs).toHaveLength(lab.compared ? 2 : 1);
      // Every step of the first configuration, up to the one it diverged at if it did (the step count shows the
      // furthest lane, and a playing lab may pass a lane's divergence before the reader pauses it).
      const first = json.runs[0] as { reports: unknown[]; divergence: { step: number } | null };
      expect(first.reports).toHaveLength(first.divergence ? first.divergence.step - 1 : steps);
      expect(json.runs[0].config.seed).toBe(1);
      const csv = await exportFile(page, root, 'csv');
      expect(csv.name).toMatch(new RegExp(`^${lab.component}_.*_seed1_step${steps}\\.csv$`));
      const lines = csv.text.trim().split('\n');
      expect(lines[0]!.split(',')).toEqual(expect.arrayContaining(['step']));
      // One row per step of every configuration; a lane that diverged stops early, with a row for the step it
      // diverged at.
      expect(lines.length - 1).toBe(
        json.runs.reduce(
          (n: number, r: { reports: unknown[]; divergence: unknown }) => n + r.reports.length + (r.divergence ? 1 : 0),
          0,
        ),
      );
      const svg = await exportFile(page, root, 'svg');
      expect(svg.text).toMatch(/^<\?xml[^>]*>\s*<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(svg.text.match(/<svg/g)!.length).toBe(lab.panels + 1);
      const png = await exportFile(page, root, 'png');
      expect([...png.bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);

      await root.locator('[data-action="step"]').click();
      await waitForSteps(page, root, steps + 1);
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

  it('restores a comparison from a link without loading anything, runs it, and keeps it in the link', async () => {
    const { page, requests, errors, close } = await open(browser, `${CATALOG}?${lab.link.query}`, { saveData: true });
    try {
      const root = await island(page, lab.id);
      // Reading a link loads nothing; touching a control (even a lane's radio) warms the Worker up.
      expect(requests.filter(isTfjs)).toEqual([]);
      expect(await root.getByTestId('restored').isVisible()).toBe(true);
      expect(await root.getByLabel('Compare two settings').isChecked()).toBe(true);
      for (const [lane, label, value] of lab.link.expect) {
        await root.getByLabel(`Configuration ${lane}`).check();
        const control = root.getByLabel(label);
        expect(
          value === 'on' ? String((await control.isChecked()) && 'on') : await control.inputValue(),
          `${lane} ${label}`,
        ).toBe(value);
      }
      await root.locator('[data-action="step"]').click();
      await waitForSteps(page, root, 1);
      // Both lanes report their step; the second a message after the first.
      const status = () => root.locator('.vg-lab__status').textContent();
      await expect.poll(status, { timeout: 15_000 }).toMatch(/A · /);
      await expect.poll(status, { timeout: 15_000 }).toMatch(/B · /);
      await expectLivePanels(root, lab.panels);
      const params = query(page);
      for (const pair of lab.link.query.split('&')) {
        const [k, v] = pair.split('=') as [string, string];
        expect(params.get(k), k).toBe(v);
      }
      // Comparing off: one lane, and the link says so when the author's example compares.
      await root.getByLabel('Compare two settings').uncheck();
      await expect.poll(() => query(page).get(`${lab.id}.compare`)).toBe(lab.compared ? '0' : null);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it.skipIf(!lab.diverge)('shows "diverged at step k" with the last finite values', async () => {
    const { page, close } = await open(browser, `${CATALOG}${lab.diverge!.query ? `?${lab.diverge!.query}` : ''}`);
    try {
      const root = await island(page, lab.id);
      await root.locator('[data-action="play"]').click();
      const alert = root.locator(
        `[data-testid="diverged"]${lab.diverge!.lane ? `[data-lane="${lab.diverge!.lane}"]` : ''}`,
      );
      await alert.waitFor({ timeout: 60_000 });
      expect(await alert.textContent()).toMatch(
        lab.diverge!.lane ? /^Configuration B diverged at step \d+/ : /^Diverged at step \d+/,
      );
      await expectLivePanels(root, lab.panels);
      if (lab.diverge!.lane) {
        // The other configuration trains on.
        const at = await stepCount(root);
        await waitForSteps(page, root, at + 3);
        expect(await root.locator('[data-testid="diverged"][data-lane="A"]').count()).toBe(0);
        await root.locator('[data-action="play"]').click();
      } else expect(await root.locator('[data-action="play"]').isDisabled()).toBe(true);
    } finally {
      await close();
    }
  });
});

describe.each(['', 'zh/'])('the remedy labs without JavaScript (%s)', (prefix) => {
  it('show their build-time figures, summaries and the divergence the build met', async () => {
    const { page, close } = await open(browser, `${prefix}${CATALOG}`, { javaScriptEnabled: false });
    try {
      for (const { id, panels } of LABS) {
        const figure = page.locator(`#${id}`);
        expect(await figure.locator('.vg-lab__static svg[role="img"]').count(), id).toBe(panels);
        expect(
          await figure
            .locator('.vg-lab__static svg path, .vg-lab__static svg circle, .vg-lab__static svg line')
            .count(),
          id,
        ).toBeGreaterThan(10);
        expect(await figure.locator('.vg-lab__static svg desc').first().textContent(), id).toMatch(/\d/);
        expect(await figure.locator('.vg-lab__summary').textContent(), id).toMatch(/\d/);
        expect(await figure.locator('.vg-noscript').isVisible(), id).toBe(true);
      }
      expect(await page.locator('#clipping .vg-lab__static [role="alert"]').textContent()).toMatch(
        prefix ? /配置 B 在第 5 步发散/ : /Configuration B diverged at step 5/,
      );
    } finally {
      await close();
    }
  });
});
