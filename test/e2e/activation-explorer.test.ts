/** <ActivationExplorer> (#explorer on the catalog page): pure functions in the page, read by pointer and keyboard. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, open } from './harness';
import { CATALOG, exportFile, island, isTfjs, query } from './lab-helpers';
import { MARGIN, PANEL } from '../../src/figures/theme';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const reading = async (page: import('playwright-core').Page, id: string) =>
  (await page.locator(`#explorer [data-testid="readout"] tr[data-activation="${id}"] td`).allTextContents()).map((s) =>
    s.trim(),
  );

describe('<ActivationExplorer>', () => {
  it('marks σ′ ≤ 1/4 and tanh′ ≤ 1, and reads every curve where the pointer is — without loading TensorFlow.js', async () => {
    const { page, requests, errors, close } = await open(browser, CATALOG);
    try {
      const root = await island(page, 'explorer');
      expect(await reading(page, 'sigmoid')).toEqual(['0.881', '0.105', '0.25 at x = 0']);
      expect((await reading(page, 'tanh'))[2]).toBe('1 at x = 0');
      // Hover over x = 0 (the middle of the x axis from −5 to 5).
      const svg = root.locator('.vg-explorer__figure svg').first();
      const box = (await svg.boundingBox())!;
      const scale = box.width / PANEL.width;
      const middle = MARGIN.left + (PANEL.width - MARGIN.left - MARGIN.right) / 2;
      await page.mouse.move(box.x + middle * scale, box.y + box.height / 2);
      await page.waitForFunction(() => !/x = 2$/.test(document.querySelector('#explorer caption')?.textContent ?? ''));
      const x = Number((await root.locator('caption').textContent())!.match(/x = (-?[\d.]+)/)![1]);
      expect(Math.abs(x)).toBeLessThanOrEqual(0.03);
      const [f, df] = (await reading(page, 'sigmoid')).map(Number);
      expect(f).toBeCloseTo(0.5, 2);
      expect(df).toBeCloseTo(0.25, 3);
      expect(await root.getByTestId('live-panels').isVisible()).toBe(true);
      expect(await root.getByTestId('live-panels').locator('svg[role="img"] desc').textContent()).toMatch(
        /The largest slope of sigmoid is 0.25, at x = 0\./,
      );
      await page.waitForTimeout(300);
      expect(requests.filter(isTfjs)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('is driven from the keyboard: functions on and off, the reading by the slider; the link keeps the view', async () => {
    const { page, close } = await open(browser, CATALOG);
    try {
      const root = await island(page, 'explorer');
      await root.getByLabel('GELU').focus();
      await page.keyboard.press('Space');
      await root.getByLabel(/Reading at x/).focus();
      await page.keyboard.press('Home');
      await expect.poll(() => root.locator('caption').textContent()).toMatch(/x = −5/);
      expect(await root.locator('tr[data-activation="gelu"]').count()).toBe(1);
      // The link is written after the view is drawn: wait for it.
      await expect.poll(() => query(page).get('explorer.on')).toBe('sigmoid,tanh,relu,gelu');
      await expect.poll(() => query(page).get('explorer.at')).toBe('-5');
      // The last function shown cannot be switched off.
      for (const name of ['sigmoid', 'tanh', 'ReLU']) await root.getByLabel(name, { exact: true }).uncheck();
      expect(await root.getByLabel('GELU').isDisabled()).toBe(true);
      await root.locator('[data-action="reset"]').click();
      expect(query(page).get('explorer.on')).toBeNull();
    } finally {
      await close();
    }
  });

  it('restores a view from a link, and exports its curves and its figure', async () => {
    const { page, close } = await open(browser, `${CATALOG}?explorer.on=tanh,swish&explorer.show=df&explorer.at=1`);
    try {
      const root = await island(page, 'explorer');
      expect(await root.getByLabel('swish').isChecked()).toBe(true);
      expect(await root.getByLabel('sigmoid', { exact: true }).isChecked()).toBe(false);
      expect(await root.getByLabel('Curves').inputValue()).toBe('df');
      expect(await root.locator('thead th').allTextContents()).toEqual([
        'Function',
        'f′(x)',
        'Largest |f′| on [−5, 5]',
      ]);
      const csv = await exportFile(page, root, 'csv');
      expect(csv.name).toBe('activation-explorer_tanh-swish_df.csv');
      const [header, ...rows] = csv.text.trim().split('\n');
      expect(header).toBe('x,f_tanh,df_tanh,f_swish,df_swish');
      expect(rows).toHaveLength(241);
      expect(rows[120]).toBe('0,0,1,0,0.5');
      const json = JSON.parse((await exportFile(page, root, 'json')).text);
      expect(json.maxima.find((m: { id: string }) => m.id === 'tanh').value).toBeCloseTo(1, 9);
      const svg = await exportFile(page, root, 'svg');
      expect(svg.text).toMatch(/<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      const png = await exportFile(page, root, 'png');
      expect([...png.bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    } finally {
      await close();
    }
  });
});
