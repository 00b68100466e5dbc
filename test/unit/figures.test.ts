/**
 * Every figure function, drawn at build time (linkedom's DOM, as the build draws it) from small deterministic data,
 * compared with its stored picture (see figure-snapshot.ts), and checked for what makes it an accessible image.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { NetworkReport } from '../../src/core/experiments/network.config';
import { histogramBins } from '../../src/core/experiments/network.config';
import {
  activationColor,
  activationCurvesFigure,
  cutToRange,
  placeMaxima,
  sampleActivations,
} from '../../src/figures/activation-curves';
import { gradientOverStepsFigure } from '../../src/figures/gradient-over-steps';
import { gradientTracePanels, PANEL_KEYS } from '../../src/figures/gradient-trace';
import { layerHistogramsFigure } from '../../src/figures/layer-histograms';
import { layerProfileFigure } from '../../src/figures/layer-profile';
import { layerStepHeatmapFigure, stepColumns } from '../../src/figures/layer-step-heatmap';
import { lineSeriesFigure } from '../../src/figures/line-series';
import { lossCurveFigure } from '../../src/figures/loss-curve';
import {
  backwardGains,
  initLabPanels,
  INIT_PANEL_KEYS,
  HISTOGRAM_PANEL_KEYS,
  layerHistogramsPanels,
} from '../../src/figures/network-lab-panels';
import { FONT, MIN_COLUMN_PX, MIN_TEXT_PX, PANEL } from '../../src/figures/theme';
import { translator } from '../../src/i18n';
import { ssrDocument } from '../../src/ssr/document';
import { accessible, expectFigure, normaliseSvg, noise } from './figure-snapshot';

const document = ssrDocument();
const t = translator('en');

/** Gradient norms that fall by `gain` per layer towards the input, with minibatch jitter. */
function steps(depth: number, n: number, gain: number, seed = 1) {
  const r = noise(seed);
  return Array.from({ length: n }, (_, i) => ({
    step: i + 1,
    loss: 0.69 * Math.exp(-i / (n * gain)) + 0.05 * r(),
    accuracy: 0.5 + 0.4 * (i / n),
    gradNorms: Array.from({ length: depth }, (_, l) => Math.pow(gain, depth - 1 - l) * (0.5 + r()) * 0.1),
  }));
}

describe('figure snapshots', () => {
  it('layer profile: one configuration, step 1 behind the current step', () => {
    const s = steps(12, 40, 0.5);
    const fig = layerProfileFigure(
      { layers: 12, series: [{ label: '', current: s.at(-1)!.gradNorms, first: s[0]!.gradNorms }] },
      {
        document,
        labels: { layer: 'Layer', value: 'Norm', first: 'step 1' },
        ariaLabel: 'Norms',
        ariaDescription: 'Falling norms.',
      },
    );
    accessible(fig);
    expectFigure('layer-profile', fig);
  });

  it('layer profile: two configurations on shared axes, a reference line, a narrow log range', () => {
    const fig = layerProfileFigure(
      {
        layers: 6,
        series: [
          { label: 'A', current: [0.7, 0.8, 0.9, 0.95, 0.97] },
          { label: 'B', current: [1.2, 1.1, 1, 0.9, 0.85], first: [1, 1, 1, 1, 1] },
        ],
      },
      {
        document,
        labels: { layer: 'Layer', value: 'Gain', first: 'step 1' },
        ariaLabel: 'Gains',
        ariaDescription: 'Gains near 1.',
        reference: 1,
      },
    );
    accessible(fig);
    expect(fig.querySelectorAll('text')).not.toHaveLength(0);
    expectFigure('layer-profile-compare', fig);
  });

  it('gradient over steps: one configuration, and two side by side', () => {
    const labels = { step: 'Step', gradNorm: 'Norm', firstLayer: 'layer 1', lastLayer: 'layer 8' };
    const one = gradientOverStepsFigure(
      { depth: 8, lanes: [{ label: '', steps: steps(8, 60, 0.3) }] },
      { document, labels, ariaLabel: 'Fan', ariaDescription: 'A fan.' },
    );
    accessible(one);
    expectFigure('gradient-over-steps', one);
    const two = gradientOverStepsFigure(
      {
        depth: 8,
        lanes: [
          { label: 'A', steps: steps(8, 60, 0.3) },
          { label: 'B', steps: steps(8, 60, 0.9, 2) },
        ],
      },
      { document, labels, ariaLabel: 'Fans', ariaDescription: 'Two fans.' },
    );
    accessible(two);
    expectFigure('gradient-over-steps-compare', two);
  });

  it('layer × step heat map: one configuration, and two on one colour scale', () => {
    const labels = { step: 'Step', layer: 'Layer', value: 'Norm' };
    const one = layerStepHeatmapFigure(
      { depth: 6, lanes: [{ label: '', steps: steps(6, 50, 0.2) }] },
      { document, labels, ariaLabel: 'Heat', ariaDescription: 'A heat map.', maxColumns: 10 },
    );
    accessible(one);
    expectFigure('layer-step-heatmap', one);
    const two = layerStepHeatmapFigure(
      {
        depth: 6,
        lanes: [
          { label: 'A', steps: steps(6, 50, 0.2) },
          { label: 'B', steps: steps(6, 50, 1, 3) },
        ],
      },
      { document, labels, ariaLabel: 'Heat', ariaDescription: 'Two heat maps.', maxColumns: 10 },
    );
    accessible(two);
    expectFigure('layer-step-heatmap-compare', two);
  });

  it('loss curve: one configuration, and two labelled at their ends', () => {
    const labels = { step: 'Step', loss: 'Loss', chance: 'coin flip' };
    const one = lossCurveFigure(
      { lanes: [{ label: '', steps: steps(4, 80, 0.5) }] },
      { document, labels, ariaLabel: 'Loss', ariaDescription: 'Falling.' },
    );
    accessible(one);
    expectFigure('loss-curve', one);
    const two = lossCurveFigure(
      {
        lanes: [
          { label: 'A', steps: steps(4, 80, 0.5) },
          { label: 'B', steps: steps(4, 50, 2, 5) },
        ],
      },
      { document, labels, ariaLabel: 'Losses', ariaDescription: 'Two.' },
    );
    accessible(two);
    expectFigure('loss-curve-compare', two);
  });

  it('layer histograms: saturated tanh layers beside centred ones, on one value axis', () => {
    const bins = histogramBins('tanh');
    const r = noise(7);
    // Lane A piles up at the ends (saturation); lane B is a bell around 0.
    const edge = Array.from({ length: 3 }, () =>
      Array.from(
        { length: bins.count },
        (_, b) => (b < 2 || b >= bins.count - 2 ? 0.2 : 0.1 / (bins.count - 4)) * (0.9 + 0.2 * r()),
      ),
    );
    const bell = Array.from({ length: 3 }, (_, l) =>
      Array.from({ length: bins.count }, (_, b) => Math.exp(-(((b - bins.count / 2) / (2 + l)) ** 2)) / 6),
    );
    const fig = layerHistogramsFigure(
      {
        hidden: 3,
        layers: [1, 2, 3],
        lanes: [
          { label: 'A', bins, histograms: edge },
          { label: 'B', bins: histogramBins('relu'), histograms: bell },
        ],
      },
      {
        document,
        labels: { value: 'Value', layer: (l) => `layer ${l}` },
        ariaLabel: 'Histograms',
        ariaDescription: 'Saturated and centred.',
      },
    );
    accessible(fig);
    expectFigure('layer-histograms-compare', fig);
  });

  it('activation curves: f and f′ with the largest slopes marked and a reading at x = 2', () => {
    const ids = ['sigmoid', 'tanh', 'relu'] as const;
    const curves = sampleActivations(ids, (id) => id, {}, [-5, 5], 81);
    const fig = activationCurvesFigure(
      {
        curves,
        x: [-5, 5],
        y: [-1.5, 2],
        show: 'both',
        at: {
          x: 2,
          values: [
            { id: 'sigmoid', f: 0.88, df: 0.1 },
            { id: 'tanh', f: 0.96, df: 0.07 },
            { id: 'relu', f: 2, df: 1 },
          ],
        },
      },
      {
        document,
        labels: { x: 'x', y: 'f, f′', maxSlope: 'max f′ =' },
        ariaLabel: 'Curves',
        ariaDescription: 'Three.',
        colors: (id) => activationColor(id),
      },
    );
    accessible(fig);
    expectFigure('activation-curves', fig);
  });
});

describe('figure helpers', () => {
  it('groups steps into at most n columns that cover every step once', () => {
    expect(stepColumns(10, 4)).toEqual([
      [0, 3],
      [3, 6],
      [6, 9],
      [9, 10],
    ]);
    expect(stepColumns(3, 40)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
    expect(stepColumns(0, 40)).toEqual([]);
  });

  it('cuts a curve at the edge of the y range instead of drawing outside it', () => {
    const pts = [0, 1, 2, 3, 4].map((x) => ({ x, y: x - 1 }));
    const cut = cutToRange(pts, -0.5, 2);
    expect(cut.filter((p) => Number.isFinite(p.y)).every((p) => p.y >= -0.5 && p.y <= 2)).toBe(true);
    expect(cut).toContainEqual({ x: 0.5, y: -0.5 });
    expect(cut).toContainEqual({ x: 3, y: 2 });
    // The part above the range is a gap, not a line along its edge.
    expect(cut.at(-1)!.y).toBeNaN();
  });

  it('sizes figure type so that the narrowest column of the panel grid shows it at 12 px or more', () => {
    expect((FONT.size * MIN_COLUMN_PX) / PANEL.width).toBeGreaterThanOrEqual(MIN_TEXT_PX);
    // The grid in the course's style sheet is the one the figures were sized for.
    const css = readFileSync('src/styles/course.css', 'utf8');
    expect(css).toMatch(new RegExp(`\\.vg-panels \\{[^}]*minmax\\(min\\(100%, ${MIN_COLUMN_PX}px\\), 1fr\\)`));
  });

  it('moves the label of a maximum up until it clears the others, and keeps every label inside the figure', () => {
    // ReLU (1), Leaky ReLU (1.1) and ELU (1.129) peak near x = 0: three labels 80 units wide, a few units apart.
    const labels = [
      { cx: 160, cy: 100, w: 80 },
      { cx: 161, cy: 96, w: 80 },
      { cx: 158, cy: 94, w: 80 },
      { cx: 310, cy: 150, w: 60 },
    ];
    const places = placeMaxima(labels, 320);
    const boxes = labels.map((l, i) => ({
      x0: l.cx + places[i]!.dx - l.w / 2,
      x1: l.cx + places[i]!.dx + l.w / 2,
      y: l.cy + places[i]!.dy,
    }));
    boxes.forEach((a, i) =>
      boxes.slice(i + 1).forEach((b) => {
        const apart = a.x1 <= b.x0 || b.x1 <= a.x0 || Math.abs(a.y - b.y) >= 15;
        expect(apart, `labels ${i} and ${boxes.indexOf(b)}`).toBe(true);
      }),
    );
    // The highest stays where it was; the others only move up; the one at the edge moves in.
    expect(places[2]).toEqual({ dx: 0, dy: 0 });
    expect(places.every((p) => p.dy <= 0)).toBe(true);
    expect(boxes[3]!.x1).toBeLessThanOrEqual(320);
  });

  it(`labels a short run's step axis with whole steps only, each once (not "0 0 1 1")`, () => {
    // Plot's x-axis tick labels: the tabular-number group that is not right-aligned (the y axis's is).
    const xLabels = (fig: Element) =>
      [...fig.querySelectorAll('g[font-variant="tabular-nums"]:not([text-anchor="end"]) > text')].map(
        (t) => t.textContent ?? '',
      );
    for (const n of [1, 2, 3]) {
      const lanes = [{ label: '', steps: steps(4, n, 0.5) }];
      const figs = [
        lossCurveFigure(
          { lanes },
          { document, labels: { step: 'Step', loss: 'Loss', chance: 'ln 2' }, ariaLabel: 'Loss' },
        ),
        lineSeriesFigure(
          {
            lanes: [
              { label: '', series: [{ key: 'loss', points: lanes[0]!.steps.map((s) => ({ x: s.step, y: s.loss })) }] },
            ],
          },
          { document, labels: { x: 'Step', y: 'Loss' }, ariaLabel: 'Loss' },
        ),
        gradientOverStepsFigure(
          { depth: 4, lanes },
          { document, labels: { step: 'Step', gradNorm: 'Norm', firstLayer: '1', lastLayer: '4' }, ariaLabel: 'Norms' },
        ),
      ];
      for (const fig of figs) {
        const labels = xLabels(fig);
        expect(labels.length, `${n} steps`).toBeGreaterThan(0);
        expect(
          labels.every((l) => /^\d+$/.test(l)),
          labels.join(' '),
        ).toBe(true);
        expect(new Set(labels).size, labels.join(' ')).toBe(labels.length);
        // One step is one point: drawn as a dot, since a line of one point draws nothing.
        if (n === 1 && fig !== figs[2]) expect(fig.querySelectorAll('circle').length, 'a dot').toBeGreaterThan(0);
      }
    }
  });

  it('takes the backward gain of each layer from consecutive gradient norms', () => {
    expect(backwardGains({ gradNorms: [1, 2, 8] })).toEqual([0.5, 0.25]);
  });

  it('rounds numbers in snapshots so that float noise does not matter', () => {
    expect(normaliseSvg('<g x="0.30000000000000004"><p d="M1.239,-0.0001"/></g>')).toBe(
      '<g x="0.3">\n<p d="M1.24,0"/>\n</g>\n',
    );
  });
});

describe('panel sets', () => {
  it('<GradientTrace>: four panels with titles and text alternatives, one or two configurations', () => {
    const lanes = [{ label: '', depth: 8, activationLabel: 'sigmoid', reports: steps(8, 30, 0.3) }];
    const one = gradientTracePanels(lanes, { t, document });
    expect(Object.keys(one)).toEqual([...PANEL_KEYS]);
    for (const key of PANEL_KEYS) accessible(one[key].figure);
    expect(one.byLayer.figure.querySelector('desc')!.textContent).toMatch(/8 layers of a sigmoid network at step 30/);
    const two = gradientTracePanels(
      [
        { ...lanes[0]!, label: 'A' },
        { label: 'B', depth: 8, activationLabel: 'ReLU', reports: steps(8, 30, 1, 4) },
      ],
      { t, document },
    );
    expect(two.loss.figure.querySelector('desc')!.textContent).toMatch(/^A: .* B: /);
  });

  it('<GradientTrace> at step 0 (a reset run) draws empty axes, not NaN', () => {
    const panels = gradientTracePanels([{ label: '', depth: 20, activationLabel: 'sigmoid', reports: [] }], {
      t,
      document,
    });
    for (const key of PANEL_KEYS) expect(panels[key].figure.outerHTML).not.toMatch(/NaN/);
  });

  const report = (step: number, depth: number, scale: number): NetworkReport => {
    const hidden = depth - 1;
    const bins = histogramBins('tanh');
    return {
      step,
      loss: 0.6,
      penalty: 0,
      accuracy: 0.7,
      gradNorms: Array.from({ length: depth }, (_, l) => Math.pow(scale, depth - l)),
      penaltyGradNorms: Array(depth).fill(0),
      penaltyShare: Array(depth).fill(0),
      weightNorms: Array(depth).fill(1),
      unitSpread: Array(hidden).fill(0.5),
      preStd: Array(hidden).fill(1),
      actMean: Array(hidden).fill(0),
      actStd: Array.from({ length: hidden }, (_, l) => 0.8 * Math.pow(0.9, l)),
      outStd: Array.from({ length: hidden }, (_, l) => 0.8 * Math.pow(0.9, l)),
      deadFraction: Array(hidden).fill(0),
      histograms: Array.from({ length: hidden }, () => Array(bins.count).fill(1 / bins.count)),
      clipNormBefore: 1,
      clipNormAfter: 1,
    };
  };

  it('<LayerHistograms> and <InitLab>: panels with text alternatives', () => {
    const lane = {
      label: '',
      config: { depth: 5, activation: 'tanh' as const, leakyAlpha: 0.01, eluAlpha: 1 },
      activationLabel: 'tanh',
      reports: [report(1, 5, 2), report(2, 5, 2)],
    };
    const hist = layerHistogramsPanels([lane], [1, 2, 3, 4], { t, document });
    expect(Object.keys(hist)).toEqual([...HISTOGRAM_PANEL_KEYS]);
    for (const key of HISTOGRAM_PANEL_KEYS) accessible(hist[key].figure);
    const init = initLabPanels([lane], { t, document });
    expect(Object.keys(init)).toEqual([...INIT_PANEL_KEYS]);
    for (const key of INIT_PANEL_KEYS) accessible(init[key].figure);
    expect(init.gain.figure.querySelector('desc')!.textContent).toMatch(/geometric mean 2 /);
  });
});
