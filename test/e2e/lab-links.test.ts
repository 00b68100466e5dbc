/**
 * Links to a lab's settings on the chapters, as readers shared them in issue 7: each gives a lab clamped into its
 * own range or a lab that says what it could not use, never "NaN" in any of its text; a run that overflows at its
 * first step says so and still exports its header and the diverged row; and a link with thousands of parameters
 * neither stalls the page nor loses the reader's settings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator } from 'playwright-core';
import { launch, open, site } from './harness';
import { exportFile, island, query, waitForSteps, withoutDataUrls } from './lab-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** Every text and attribute of the lab, the hidden build-time figure aside (it shows the author's settings). */
const labMarkup = async (root: Locator) =>
  withoutDataUrls(
    await root.evaluate((el) => {
      const copy = el.cloneNode(true) as Element;
      copy.querySelector('.vg-lab__static')?.remove();
      return copy.outerHTML;
    }),
  );

/** The network labs' depth-1 links: on the experiment a single weight layer, on these labs no hidden layer to show. */
const DEPTH_ONE = [
  { chapter: 'causes/weights/', id: 'il1' },
  { chapter: 'causes/weights/', id: 'lh2' },
  { chapter: 'remedies/batch-norm/', id: 'bn1' },
  { chapter: 'remedies/residual/', id: 'rs1' },
  { chapter: 'remedies/relu-family/', id: 'rf2' },
  { chapter: 'remedies/clipping-regularization/', id: 'cl1' },
];

describe.each(DEPTH_ONE.map((l) => ({ ...l, query: `${l.id}.depth=1&${l.id}.compare=0` })))(
  '$chapter?$query',
  ({ chapter, id, query: link }) => {
    it('opens at depth 2, the smallest the lab offers, says so, and steps without a NaN', async () => {
      const { page, errors, close } = await open(browser, `${chapter}?${link}`);
      try {
        const root = await island(page, id);
        const depth = root.locator(`#${id}-depth`);
        expect(await depth.inputValue()).toBe('2');
        expect(await depth.getAttribute('min')).toBe('2');
        expect(await root.locator(`output[for="${id}-depth"]`).textContent()).toBe('2');
        expect(await root.getByLabel('Compare two settings').isChecked()).toBe(false);
        expect(await root.getByTestId('link-note').textContent()).toBe(
          'Changed from the link to fit this lab: depth=1 → 2 (the smallest this lab allows).',
        );
        await root.locator('[data-action="step"]').click();
        await waitForSteps(page, root, 1);
        await page.waitForTimeout(500);
        expect(await root.getByTestId('live-panels').locator('svg').count()).toBeGreaterThan(0);
        expect(await labMarkup(root)).not.toMatch(/NaN/);
        // The note stays until the reader changes a setting: it explains the slider.
        expect(await root.getByTestId('link-note').isVisible()).toBe(true);
        expect(query(page).get(`${id}.depth`)).toBe('2');
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    });
  },
);

describe('a link the lab cannot use as written', () => {
  it('says which settings it ignored and why, in English and in Chinese', async () => {
    for (const [prefix, text] of [
      ['', 'Ignored from the link: depth=abc (not a number).'],
      ['zh/', '已忽略链接中的设置：depth=abc（不是数字）。'],
    ] as const) {
      const { page, errors, close } = await open(browser, `${prefix}causes/deep-networks/?gt1.depth=abc`);
      try {
        const root = await island(page, 'gt1');
        expect(await root.locator('#gt1-depth').inputValue()).toBe('20');
        expect(await root.getByTestId('link-note').textContent()).toBe(text);
        // Nothing of the link was used: the build-time figure is still the lab's own.
        expect(await root.getByTestId('restored').count()).toBe(0);
        // Changing a setting leaves the link behind, and its note with it.
        await root.getByLabel(/Learning rate|学习率/).selectOption('0.03');
        await root.getByTestId('link-note').waitFor({ state: 'detached' });
        await expect.poll(() => query(page).get('gt1.depth')).toBe(null);
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    }
  });

  it('shows a hostile value as short plain text, never as markup', async () => {
    const hostile = encodeURIComponent('<img src=x onerror=alert(1)>');
    const { page, errors, close } = await open(
      browser,
      `causes/deep-networks/?gt1.activation=${hostile}&gt1.depth=${'9'.repeat(60)}&gt1.%3Cb%3E=1`,
    );
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    try {
      const root = await island(page, 'gt1');
      expect(await root.getByTestId('link-note').textContent()).toBe(
        'Ignored from the link: activation=<img src=x onerr… (not one of the choices), ' +
          'depth=9999999999999999… (too long), <b>=1 (not a setting of this lab).',
      );
      expect(await root.getByTestId('link-note').locator('*').count()).toBe(0);
      expect(await page.locator('img[src="x"]').count()).toBe(0);
      expect(await page.content()).not.toContain('onerror=alert');
      expect(dialogs).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe('a run that overflows at its first step', () => {
  const LINK = 'causes/deep-networks/?gt1.activation=relu&gt1.init=normal&gt1.initScale=3&gt1.depth=35';

  it('says it diverged at step 1 with nothing finite to plot, and exports the header and that row', async () => {
    const { page, errors, close } = await open(browser, LINK);
    try {
      const root = await island(page, 'gt1');
      await root.locator('[data-action="step"]').click();
      const alert = root.getByTestId('diverged');
      await alert.waitFor({ timeout: 60_000 });
      expect(await alert.getAttribute('data-step')).toBe('1');
      const text = (await alert.textContent()) ?? '';
      expect(text).toMatch(
        /^Diverged at step 1: the (loss|gradient) stopped being a finite number\. That was the first step/,
      );
      expect(text).not.toMatch(/last finite values/);
      // Where the gradient overflowed, the alert names the layer backpropagation reached first.
      if (/the gradient stopped/.test(text))
        expect(text).toMatch(/is weight layer \d+'s \(layers count from the input\)\.$/);
      expect(await labMarkup(root)).not.toMatch(/NaN/);
      // No empty axes under the alert.
      expect(await root.getByTestId('live-panels').isHidden()).toBe(true);

      const csv = await exportFile(page, root, 'csv');
      expect(csv.text).toMatch(/^step,diverged\n1,(loss|gradient)\n$/);
      const json = JSON.parse((await exportFile(page, root, 'json')).text);
      expect(json.runs[0].divergence).toMatchObject({ step: 1, quantity: expect.stringMatching(/^(loss|gradient)$/) });
      expect(json.runs[0].reports).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('says so in Chinese too', async () => {
    const { page, close } = await open(browser, `zh/${LINK}`);
    try {
      const root = await island(page, 'gt1');
      await root.locator('[data-action="step"]').click();
      const alert = root.getByTestId('diverged');
      await alert.waitFor({ timeout: 60_000 });
      expect(await alert.textContent()).toMatch(/^在第 1 步发散：(损失|梯度)不再是有限数。这是第一步/);
    } finally {
      await close();
    }
  });
});

describe('a link with twenty thousand parameters', () => {
  it('is read up to its first 200 parameters, says so, and the reader’s changes are written where a link is read', async () => {
    const junk = Array.from({ length: 20_000 }, (_, i) => `k${i}=${i}`).join('&');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const close = () => context.close();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // The test server, like many hosts, refuses a request line this long (431): the browser keeps the long address
    // and the page comes from the same path without its query.
    await page.route(
      (url) => url.search.length > 10_000,
      async (route) => {
        const url = new URL(route.request().url());
        url.search = '';
        await route.fulfill({ response: await route.fetch({ url: url.toString() }) });
      },
    );
    await page.goto(site().url(`causes/deep-networks/?gt1.depth=30&${junk}`), { waitUntil: 'load' });
    try {
      const root = await island(page, 'gt1');
      expect(await root.locator('#gt1-depth').inputValue()).toBe('30');
      expect(await root.getByTestId('link-note').textContent()).toBe(
        'Only the first 200 parameters of the link were read.',
      );
      await root.getByLabel(/Learning rate/).selectOption('0.03');
      await expect.poll(() => query(page).get('gt1.learningRate'), { timeout: 10_000 }).toBe('0.03');
      const params = [...query(page).keys()];
      expect(params.slice(0, 2).sort()).toEqual(['gt1.depth', 'gt1.learningRate']);
      expect(params).toHaveLength(20_002);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
