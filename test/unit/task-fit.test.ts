/**
 * The task of <OutlierLab> on screen: the regression's data with the network's fitted curve. The curve is the
 * training network's own prediction at every training input (src/core/boundary.ts, fitView), at the step it names;
 * the figure draws it over the data, the same live as whole, cut where it leaves the targets' range.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/backend';
import * as tf from '../../src/core/tf';
import { runSteps } from '../../src/core/experiment';
import { createOutliersSession, outliersConfigSchema } from '../../src/core/experiments/outliers';
import { outliersDataOf } from '../../src/core/experiments/outliers.data';
import type { FitView } from '../../src/core/task-view';
import { outlierPanels, outlierPoints } from '../../src/figures/outlier-panels';
import { outlierScatterFigure, outlierScatterLive } from '../../src/figures/outlier-scatter';
import { drawLayer, layerOf } from '../../src/figures/live-layer';
import { translator } from '../../src/i18n';
import { ssrDocument } from '../../src/ssr/document';
import { accessible, expectFigure } from './figure-snapshot';
import { countDots } from '../../src/figures/dot-path';

beforeAll(async () => {
  expect(await initBackend()).toBe('wasm');
});

const document = ssrDocument();
const t = translator('en');
const labels = { x: 'Input x', y: 'Target y', outlier: 'outlier' };

describe('the fitted curve of an outliers session', () => {
  it('is the network’s prediction at every training input, in order, at the step it names; no tensor leaks', () => {
    const config = outliersConfigSchema.parse({ depth: 3, width: 8, standardize: true });
    const session = createOutliersSession(config);
    runSteps(session, 20);
    const before = tf.memory().numTensors;
    const view = session.view!() as FitView;
    for (let i = 0; i < 30; i++) session.view!();
    expect(tf.memory().numTensors).toBe(before);
    expect(view.kind).toBe('fit');
    expect(view.step).toBe(20);
    const inputs = outliersDataOf(config).x;
    expect(Array.from(view.x)).toEqual(Array.from(inputs).sort((a, b) => a - b));
    // The prediction at one input, by a forward pass of its own: the same number.
    const i = 100;
    const own = createOutliersSession(config);
    runSteps(own, 20);
    const again = (own.view!() as FitView).y[i]!;
    expect(view.y[i]).toBeCloseTo(again, 6);
    expect(view.y.every(Number.isFinite)).toBe(true);
    session.dispose();
    own.dispose();
  });
});

describe('the data with the fitted curve', () => {
  const config = outliersConfigSchema.parse({});
  const points = outlierPoints(config);
  const xs = points.map((p) => p.x).sort((a, b) => a - b);
  const fit = (slope: number) => ({ x: Float32Array.from(xs), y: Float32Array.from(xs, (x) => 0.5 + slope * x) });

  it('draws each configuration’s curve over the data, cut where it leaves the targets’ range', () => {
    const one = outlierScatterFigure(
      { sets: [{ label: '', points }], fits: [{ label: '', set: '', ...fit(0.2) }] },
      { document, labels, ariaLabel: 'Data', ariaDescription: 'Points and a curve.' },
    );
    accessible(one);
    expectFigure('outlier-fit', one);
    // A steep curve leaves the frame: the y axis stays that of the data.
    const steep = outlierScatterLive(
      {
        sets: [{ label: '', points }],
        fits: [
          { label: 'A', set: '', ...fit(0.2) },
          { label: 'B', set: '', ...fit(5) },
        ],
      },
      { document, labels, ariaLabel: 'Data' },
      'k',
    );
    const lines = steep.data.lines!;
    expect(lines).toHaveLength(2);
    expect(lines[1]!.dash).toBeDefined();
    expect(lines[1]!.points.some(([, y]) => Number.isNaN(y))).toBe(true);
    expect(steep.data.texts!.map((x) => x.text)).toEqual(['A', 'B']);
    const frame = steep.frame;
    const layer = layerOf(frame)!;
    expect(drawLayer(layer, steep.data)).toBe(true);
    expect(layer.querySelectorAll('path')).toHaveLength(2);
    // The points belong to the frame: every one of them, drawn once.
    expect(countDots(frame)).toBe(points.length);
    const later = outlierScatterLive(
      {
        sets: [{ label: '', points }],
        fits: [
          { label: 'A', set: '', ...fit(0.9) },
          { label: 'B', set: '', ...fit(1) },
        ],
      },
      { document, labels, ariaLabel: 'Data' },
      'k',
    );
    expect(later.frameKey).toBe(steep.frameKey);
  });

  it('names an outlier clear of the curves’ names: the leftmost when two curves share the plot, from the first frame', () => {
    const outliers = points.filter((p) => p.outlier);
    const [leftmost, farthest] = [
      outliers.reduce((a, b) => (b.x < a.x ? b : a)),
      outliers.reduce((a, b) => (Math.abs(b.x) > Math.abs(a.x) ? b : a)),
    ];
    // The data set of this seed has outliers on both sides, the farthest on the right, where curves end.
    expect(farthest.x).toBeGreaterThan(0);
    expect(leftmost.x).toBeLessThan(0);
    const named = (figure: Element) => {
      const text = [...figure.querySelectorAll('text')].find((el) => el.textContent === labels.outlier)!;
      return text.getAttribute('text-anchor') ?? text.parentElement!.getAttribute('text-anchor');
    };
    const options = { document, labels, ariaLabel: 'Data' };
    // One curve: no names at the curves' ends, so the farthest outlier is named, anchored towards the middle.
    expect(
      named(
        outlierScatterFigure({ sets: [{ label: '', points }], fits: [{ label: '', set: '', ...fit(0.2) }] }, options),
      ),
    ).toBe('end');
    // Two curves sharing the plot, and a live frame drawn before their first fit arrives: the leftmost.
    const two = { label: 'A', set: '', ...fit(0.2) };
    expect(
      named(outlierScatterFigure({ sets: [{ label: '', points }], fits: [two, { ...two, label: 'B' }] }, options)),
    ).toBe('start');
    expect(named(outlierScatterLive({ sets: [{ label: '', points }], curves: 2 }, options, 'k').frame)).toBe('start');
  });

  it('names the step of the fit in the panel’s title and describes the curve', () => {
    const view: FitView = { kind: 'fit', step: 120, ...fit(1.5) };
    const panels = outlierPanels([{ label: '', config, reports: [], view }], { t, document });
    expect(panels.data.title).toBe(t('out.data.titleFit', { step: 120 }));
    const desc = panels.data.figure.querySelector('desc')!.textContent!;
    expect(desc).toMatch(/^Scatter plot of the 256 training examples/);
    expect(desc).toContain('prediction at every training input, at step 120');
    expect(panels.data.live!.data.lines).toHaveLength(1);
    // Before any view: the data alone, titled as before.
    expect(outlierPanels([{ label: '', config, reports: [] }], { t, document }).data.title).toBe(t('out.data.title'));
  });
});
