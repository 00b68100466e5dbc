/**
 * The remedy labs' figures, drawn at build time (linkedom's DOM) from small deterministic data and compared with
 * their stored pictures (figure-snapshot.ts), and each lab's panel set checked for what makes every panel an
 * accessible image with the right words — one configuration and two, and an empty run (step 0).
 */
import * as Plot from '@observablehq/plot';
import { describe, expect, it } from 'vitest';
import { histogramBins, type NetworkReport } from '../../src/core/experiments/network.config';
import type { OutliersReport } from '../../src/core/experiments/outliers.config';
import { outliersDataOf } from '../../src/core/experiments/outliers.data';
import type { PretrainingReport } from '../../src/core/experiments/pretraining.config';
import type { SequenceReport } from '../../src/core/experiments/sequence.config';
import {
  BATCH_NORM_PANEL_KEYS,
  batchNormPanels,
  batchNormSummary,
  spreadLayers,
} from '../../src/figures/batch-norm-panels';
import { CLIPPING_PANEL_KEYS, clippingPanels, clippingSummary } from '../../src/figures/clipping-panels';
import { fractionTop } from '../../src/figures/lab-panels';
import { layerMomentsFigure } from '../../src/figures/layer-moments';
import { lineSeriesFigure } from '../../src/figures/line-series';
import { OUTLIER_PANEL_KEYS, outlierPanels, outlierPoints, outlierSummary } from '../../src/figures/outlier-panels';
import { outlierScatterFigure } from '../../src/figures/outlier-scatter';
import { pretrainReconstructionFigure } from '../../src/figures/pretrain-reconstruction';
import { dodge, frame, PANEL, textWidth, yPixel } from '../../src/figures/theme';
import { PRETRAINING_PANEL_KEYS, pretrainingPanels, pretrainingSummary } from '../../src/figures/pretraining-panels';
import {
  negativeRegime,
  RELU_FAMILY_PANEL_KEYS,
  reluFamilyPanels,
  reluFamilySummary,
} from '../../src/figures/relu-family-panels';
import { RESIDUAL_PANEL_KEYS, residualPanels } from '../../src/figures/residual-panels';
import { RNN_LSTM_PANEL_KEYS, rnnLstmPanels, rnnLstmSummary } from '../../src/figures/rnn-lstm-panels';
import { translator } from '../../src/i18n';
import { ssrDocument } from '../../src/ssr/document';
import { accessible, expectFigure, noise } from './figure-snapshot';

const document = ssrDocument();
const t = translator('en');
const zh = translator('zh-CN');

const desc = (figure: Element) => figure.querySelector('desc')?.textContent ?? '';

describe('figure snapshots', () => {
  it('line series: two series of one configuration, log axis, a threshold, names pushed apart', () => {
    const r = noise(3);
    const before = Array.from({ length: 60 }, (_, i) => ({ x: i + 1, y: 40 * Math.exp(-i / 20) * (0.5 + r()) + 0.5 }));
    const fig = lineSeriesFigure(
      {
        lanes: [
          {
            label: '',
            series: [
              { key: 'before', points: before },
              { key: 'after', points: before.map((p) => ({ x: p.x, y: Math.min(p.y, 1) })) },
            ],
          },
        ],
      },
      {
        document,
        labels: { x: 'Step', y: 'Norm', series: { before: 'before', after: 'after' } },
        log: true,
        peaks: true,
        maxPoints: 30,
        reference: { value: 1, label: 'c = 1' },
        ariaLabel: 'Norms',
        ariaDescription: 'Clipped at 1.',
      },
    );
    accessible(fig);
    expectFigure('line-series', fig);
  });

  it('line series: two configurations with two series each, a fixed linear range, dots', () => {
    const arm = (a: number, b: number) => Array.from({ length: 5 }, (_, l) => ({ x: l + 1, y: a + b * l }));
    const fig = lineSeriesFigure(
      {
        lanes: [
          {
            label: 'A',
            series: [
              { key: 'p', points: arm(0.2, 0.1) },
              { key: 'r', points: arm(0.25, 0.1) },
            ],
          },
          {
            label: 'B',
            series: [
              { key: 'p', points: arm(0.9, -0.05) },
              { key: 'r', points: arm(0.1, 0.02) },
            ],
          },
        ],
      },
      {
        document,
        labels: { x: 'Layer', y: 'Share', series: { p: 'pre', r: 'rand' } },
        yDomain: [0, 1],
        xDomain: [1, 5],
        dots: true,
        smooth: 0,
        ariaLabel: 'Shares',
        ariaDescription: 'Four lines.',
      },
    );
    accessible(fig);
    // Four names at the right end, none closer than the gap to another.
    const ends = [...fig.querySelectorAll('text')].filter((n) => /^(A|B) (pre|rand)$/.test(n.textContent ?? ''));
    expect(ends.map((n) => n.textContent).sort()).toEqual(['A pre', 'A rand', 'B pre', 'B rand']);
    expectFigure('line-series-compare', fig);
  });

  it('layer moments: one configuration, and two side by side at each layer', () => {
    const one = layerMomentsFigure(
      { layers: 5, lanes: [{ label: '', mean: [0.5, 0.48, 0.52, 0.5, 0.49], std: [0.05, 0.12, 0.1, 0.11, 0.12] }] },
      {
        document,
        labels: { layer: 'Hidden layer', value: 'Activation' },
        ariaLabel: 'Moments',
        ariaDescription: 'Bars.',
      },
    );
    accessible(one);
    expectFigure('layer-moments', one);
    const two = layerMomentsFigure(
      {
        layers: 5,
        lanes: [
          { label: 'A', mean: [0.5, 0.48, 0.52, 0.5, 0.49], std: [0.05, 0.12, 0.1, 0.11, 0.12] },
          { label: 'B', mean: [0.5, 0.5, 0.5, 0.5, 0.5], std: [0.22, 0.22, 0.21, 0.22, 0.22] },
        ],
      },
      {
        document,
        labels: { layer: 'Hidden layer', value: 'Activation' },
        ariaLabel: 'Moments',
        ariaDescription: 'Two.',
      },
    );
    accessible(two);
    expectFigure('layer-moments-compare', two);
  });

  it('outlier scatter: the seeded data with its outliers, and raw beside standardised', () => {
    const raw = outlierPoints({ seed: 1, outlierFraction: 0.05, outlierScale: 10, standardize: false }).slice(0, 60);
    const labels = { x: 'Input', y: 'Target', outlier: 'outlier' };
    const one = outlierScatterFigure(
      { sets: [{ label: '', points: raw }] },
      { document, labels, ariaLabel: 'Data', ariaDescription: 'Points.' },
    );
    accessible(one);
    expectFigure('outlier-scatter', one);
    const z = outlierPoints({ seed: 1, outlierFraction: 0.05, outlierScale: 10, standardize: true }).slice(0, 60);
    const two = outlierScatterFigure(
      {
        sets: [
          { label: 'A', points: raw },
          { label: 'B', points: z },
        ],
      },
      { document, labels, ariaLabel: 'Data', ariaDescription: 'Raw and z.' },
    );
    accessible(two);
    expectFigure('outlier-scatter-compare', two);
  });

  it('pre-training reconstruction: one layer after another, and two configurations side by side', () => {
    const run = (layers: number, steps: number, seed: number) => {
      const r = noise(seed);
      return Array.from({ length: layers * steps }, (_, i) => ({
        step: i + 1,
        layer: Math.floor(i / steps) + 1,
        loss: 0.4 * Math.exp(-(i % steps) / 6) * (0.8 + 0.4 * r()) + 1e-4,
      }));
    };
    const labels = { step: 'Step', loss: 'Error', layer: (l: number) => `layer ${l}` };
    const one = pretrainReconstructionFigure(
      { layers: 3, lanes: [{ label: '', steps: run(3, 30, 1) }] },
      { document, labels, ariaLabel: 'Reconstruction', ariaDescription: 'Three layers.' },
    );
    accessible(one);
    expectFigure('pretrain-reconstruction', one);
    const two = pretrainReconstructionFigure(
      {
        layers: 3,
        lanes: [
          { label: 'A', steps: run(3, 30, 1) },
          { label: 'B', steps: run(2, 30, 2) },
        ],
      },
      { document, labels, ariaLabel: 'Reconstruction', ariaDescription: 'Two runs.' },
    );
    accessible(two);
    expectFigure('pretrain-reconstruction-compare', two);
  });
});

describe('figure helpers', () => {
  it('pushes end labels apart, keeping their order and the frame', () => {
    expect(dodge([50, 52, 200], 12, 0, 300)).toEqual([50, 62, 200]);
    // Crowded at the bottom: the run is shifted back up inside the frame.
    expect(dodge([298, 299, 300], 12, 0, 300)).toEqual([276, 288, 300]);
    // Any input order; each label keeps its own slot.
    expect(dodge([100, 10, 101], 12, 0, 300)).toEqual([100, 10, 112]);
    // A label whose point lies outside the frame (a clipped spike) starts at the frame's edge.
    expect(dodge([-40, 500], 12, 0, 300)).toEqual([0, 300]);
  });

  it('places a value on the y axis as Plot does, and measures labels from above', () => {
    for (const [type, domain, values] of [
      ['linear', [0, 0.8], [0, 0.3, 0.8]],
      ['log', [1e-6, 10], [1e-6, 3e-3, 10]],
    ] as const) {
      const figure = Plot.plot({
        ...frame({ document, ariaLabel: 'test' }),
        y: { type, domain: [...domain] },
        marks: [Plot.ruleY(values)],
      });
      const y = figure.scale('y')!;
      for (const v of values)
        expect(yPixel(v, domain, type === 'log', PANEL.height)).toBeCloseTo(Number(y.apply(v)), 6);
    }
    // CJK characters are a whole em; Latin ones less.
    expect(textWidth('层')).toBe(13);
    expect(textWidth('layer 20')).toBeGreaterThan(40);
    expect(textWidth('layer 20')).toBeLessThan(8 * 13);
  });

  it('tops a fraction axis at the next tenth, between 0.1 and 1', () => {
    expect(fractionTop([0, 0.02])).toBe(0.1);
    expect(fractionTop([0.31, 0.05])).toBe(0.4);
    expect(fractionTop([0.3])).toBe(0.3);
    expect(fractionTop([])).toBe(0.1);
    expect(fractionTop([1])).toBe(1);
  });

  it('spreads the histogram rows from the first hidden layer to the last', () => {
    expect(spreadLayers(3)).toEqual([1, 2, 3]);
    expect(spreadLayers(9)).toEqual([1, 4, 6, 9]);
  });

  it('tells which activations can have dead units', () => {
    expect(negativeRegime('relu')).toBe('dead');
    expect(negativeRegime('leaky-relu')).toBe('leaky');
    expect(negativeRegime('elu')).toBe('leaky');
    expect(negativeRegime('sigmoid')).toBe('none');
  });

  it('draws the outlier data the run learns from, each outlier tied to its clean input', () => {
    const config = { seed: 4, outlierFraction: 0.05, outlierScale: 30, standardize: false };
    const data = outliersDataOf(config);
    const points = outlierPoints(config);
    expect(points).toHaveLength(data.n);
    expect(points.map((p) => p.x)).toEqual(Array.from(data.x));
    const outliers = points.filter((p) => p.outlier);
    expect(outliers).toHaveLength(Math.round(0.05 * data.n));
    for (const p of outliers) expect(p.from! * 30).toBeCloseTo(p.x, 4);
    // Standardised: the same affine map takes the clean inputs and the recorded ones to z-scores.
    const z = outlierPoints({ ...config, standardize: true });
    const zd = outliersDataOf({ ...config, standardize: true });
    expect(z.map((p) => p.x)).toEqual(Array.from(zd.x));
    const [a, b] = [0, 1].map((i) => ({ raw: data.x[i]!, z: zd.x[i]! }));
    const scale = (b!.z - a!.z) / (b!.raw - a!.raw);
    for (const [i, p] of z.entries())
      if (p.outlier) expect(p.from!).toBeCloseTo(a!.z + scale * (data.x[i]! / 30 - a!.raw), 4);
  });
});

/** A network report with `depth` layers whose gradient falls by `gain` per layer towards the input. */
function networkReport(step: number, depth: number, gain: number, over: Partial<NetworkReport> = {}): NetworkReport {
  const hidden = depth - 1;
  const bins = histogramBins('sigmoid');
  return {
    step,
    loss: 0.69 - step * 0.01,
    penalty: 0,
    accuracy: 0.6,
    gradNorms: Array.from({ length: depth }, (_, l) => Math.pow(gain, depth - 1 - l) * 0.1),
    penaltyGradNorms: Array(depth).fill(0),
    penaltyShare: Array(depth).fill(0),
    weightNorms: Array.from({ length: depth }, (_, l) => 4 + l),
    unitSpread: Array(hidden).fill(0.5),
    preStd: Array(hidden).fill(1),
    actMean: Array(hidden).fill(0.5),
    actStd: Array.from({ length: hidden }, (_, l) => 0.2 - 0.01 * l),
    outStd: Array.from({ length: hidden }, (_, l) => 0.2 - 0.01 * l),
    deadFraction: Array.from({ length: hidden }, (_, l) => (l % 3) / 10),
    histograms: Array.from({ length: hidden }, () => Array(bins.count).fill(1 / bins.count)),
    clipNormBefore: 10 / step,
    clipNormAfter: Math.min(1, 10 / step),
    ...over,
  };
}

const net = (depth: number, gain: number, n = 3) =>
  Array.from({ length: n }, (_, i) => networkReport(i + 1, depth, gain));
const network = {
  depth: 5,
  activation: 'relu' as const,
  leakyAlpha: 0.01,
  eluAlpha: 1,
  batchNorm: false,
  residual: false,
};

function allAccessible(panels: Record<string, { title: string; figure: Element }>, keys: readonly string[]) {
  expect(Object.keys(panels)).toEqual([...keys]);
  for (const key of keys) {
    expect(panels[key]!.title, key).toBeTruthy();
    accessible(panels[key]!.figure);
  }
}

describe('panel sets', () => {
  it('<ReluFamilyLab>: dead units for ReLU, none drawn for sigmoid, both named in compare mode', () => {
    const panels = reluFamilyPanels(
      [
        { label: 'A', config: { ...network, activation: 'sigmoid' }, reports: net(5, 0.1) },
        { label: 'B', config: network, reports: net(5, 1) },
      ],
      { t, document },
    );
    allAccessible(panels, RELU_FAMILY_PANEL_KEYS);
    expect(desc(panels.dead.figure)).toMatch(
      /^A: sigmoid units pass a gradient for every input, so none can die: not drawn\. B: .*ReLU units are dead/,
    );
    expect(reluFamilySummary([{ label: '', config: network, reports: net(5, 1) }], { t })).toMatch(
      /^ReLU after step 3: loss 0\.66; layer 1's gradient norm is 1 × layer 5's; 8% of the hidden units are dead\.$/,
    );
    const empty = reluFamilyPanels([{ label: '', config: network, reports: [] }], { t: zh, document });
    for (const key of RELU_FAMILY_PANEL_KEYS) expect(empty[key].figure.outerHTML).not.toMatch(/NaN/);
  });

  it('<BatchNormLab>: moments, histograms of spread layers, gradient and loss', () => {
    const lanes = [
      { label: 'A', config: { ...network, depth: 10, activation: 'sigmoid' as const }, reports: net(10, 0.2) },
      {
        label: 'B',
        config: { ...network, depth: 10, activation: 'sigmoid' as const, batchNorm: true },
        reports: net(10, 1),
      },
    ];
    const panels = batchNormPanels(lanes, { t, document });
    allAccessible(panels, BATCH_NORM_PANEL_KEYS);
    expect(desc(panels.histograms.figure)).toMatch(/hidden layers 1, 4, 6, 9 at step 3/);
    expect(batchNormSummary(lanes, { t })).toMatch(
      /^A: Without batch norm, .* B: With batch norm, after step 3: .*between 1 and 1;/,
    );
  });

  it('<ResidualLab>: gradient and signal profiles name the plain and the residual network', () => {
    const panels = residualPanels(
      [
        { label: 'A', config: { depth: 6, activation: 'tanh', residual: false }, reports: net(6, 0.3) },
        { label: 'B', config: { depth: 6, activation: 'tanh', residual: true }, reports: net(6, 1) },
      ],
      { t, document },
    );
    allAccessible(panels, RESIDUAL_PANEL_KEYS);
    expect(desc(panels.gradient.figure)).toMatch(/^A: .*plain tanh network .* B: .*residual tanh network/);
  });

  it('<ClippingLab>: norms before and after, the threshold, no penalty and an L2 penalty', () => {
    const clipped = { depth: 5, clip: 'norm' as const, clipThreshold: 1, l1: 0, l2: 0 };
    const reports = net(5, 1, 8);
    const panels = clippingPanels(
      [
        { label: 'A', config: clipped, reports },
        {
          label: 'B',
          config: { ...clipped, clip: 'none' as const, l2: 0.01 },
          reports: reports.map((r) => ({
            ...r,
            clipNormAfter: r.clipNormBefore,
            penaltyShare: [0.2, 0.3, 0.4, 0.3, 0.1],
          })),
        },
      ],
      { t, document },
    );
    allAccessible(panels, CLIPPING_PANEL_KEYS);
    expect(panels.norms.figure.outerHTML).toMatch(/threshold c = 1/);
    expect(desc(panels.norms.figure)).toMatch(
      /^A: .*clipping to c = 1 shortened it at 8 steps\. B: .*without clipping, at most 10/,
    );
    expect(desc(panels.share.figure)).toMatch(
      /^A: No L1 or L2 penalty.* B: .*the penalty, L2 \(α₂ = 0\.01\), makes 26% of a layer's gradient/,
    );
    expect(clippingSummary([{ label: '', config: { ...clipped, l1: 0.001, l2: 0.01 }, reports }], { t })).toMatch(
      /^After step 8: .*The penalty, L1 \(α₁ = 10⁻³\) and L2 \(α₂ = 0\.01\), makes 0% /,
    );
  });

  it('<OutlierLab>: one data set for MSE against Huber, two when the data differ', () => {
    const config = {
      outlierFraction: 0.05,
      outlierScale: 30,
      loss: 'mse' as const,
      huberDelta: 1,
      standardize: false,
      depth: 3,
      width: 16,
      activation: 'relu' as const,
      init: 'he-normal' as const,
      initScale: 1,
      learningRate: 0.01,
      batchSize: 32,
      seed: 1,
    };
    const reports: OutliersReport[] = Array.from({ length: 10 }, (_, i) => ({
      step: i + 1,
      loss: i === 3 ? 50 : 0.5,
      gradNorm: i === 3 ? 400 : 2,
      gradNorms: [1, 1, 1],
      maxExampleGradNorm: i === 3 ? 390 : 0.5,
      medianExampleGradNorm: 0.05,
      outliersInBatch: i === 3 ? 1 : 0,
    }));
    const same = outlierPanels(
      [
        { label: 'A', config, reports },
        { label: 'B', config: { ...config, loss: 'huber' }, reports },
      ],
      { t, document },
    );
    allAccessible(same, OUTLIER_PANEL_KEYS);
    expect(desc(same.data.figure)).toMatch(
      /^Scatter plot of the 256 training examples: 13 inputs were recorded 30 times/,
    );
    expect(desc(same.gradient.figure)).toMatch(/^A: .*highest at step 4 \(400\), median 2/);
    const differ = outlierPanels(
      [
        { label: 'A', config, reports },
        { label: 'B', config: { ...config, standardize: true }, reports },
      ],
      { t, document },
    );
    expect(desc(differ.data.figure)).toMatch(
      /^A: Scatter .* B: Scatter plot of the 256 training examples after standardising/,
    );
    expect(outlierSummary([{ label: '', config, reports }], { t })).toBe(
      'After step 10: loss 0.5; the largest gradient norm so far was 400, at step 4, 200 × the median step’s.'.replace(
        '’',
        "'",
      ),
    );
  });

  it('<PretrainingLab>: reconstruction, then both arms; before fine-tuning the arms are empty', () => {
    const pre: PretrainingReport[] = Array.from({ length: 6 }, (_, i) => ({
      step: i + 1,
      phase: 'pretrain',
      layer: Math.floor(i / 2) + 1,
      loss: 0.5 / (i + 1),
      gradNorm: 0.1,
    }));
    const fine: PretrainingReport[] = Array.from({ length: 4 }, (_, i) => ({
      step: 7 + i,
      phase: 'finetune',
      finetuneStep: i + 1,
      pretrained: { loss: 0.6 - 0.1 * i, accuracy: 0.6, gradNorms: [0.1, 0.2, 0.3, 0.4] },
      randomInit: { loss: 0.69, accuracy: 0.5, gradNorms: [1e-4, 1e-3, 1e-2, 0.4] },
    }));
    const config = { depth: 4, pretrainSteps: 2 };
    const panels = pretrainingPanels([{ label: '', config, reports: [...pre, ...fine] }], { t, document });
    allAccessible(panels, PRETRAINING_PANEL_KEYS);
    expect(desc(panels.reconstruction.figure)).toMatch(/layer 1 from 0\.38 to 0\.38; layer 2 from 0\.15/);
    expect(desc(panels.gradient.figure)).toMatch(/layer 1's gradient norm is 0\.1 in the pre-trained network and 10⁻⁴/);
    expect(pretrainingSummary([{ label: '', config, reports: [...pre, ...fine] }], { t })).toBe(
      'After 4 fine-tuning steps, mean loss over the last 4: 0.45 pre-trained, 0.69 from random initial weights.',
    );
    const early = pretrainingPanels([{ label: '', config, reports: pre.slice(0, 3) }], { t: zh, document });
    allAccessible(early, PRETRAINING_PANEL_KEYS);
    expect(pretrainingSummary([{ label: '', config, reports: pre.slice(0, 3) }], { t })).toMatch(
      /^Pre-training hidden layer 2 of 3/,
    );
  });

  it('<RnnLstmLab>: the gradient through time, chance marked on loss and accuracy', () => {
    const run = (gain: number, forget?: number): SequenceReport[] =>
      Array.from({ length: 5 }, (_, i) => ({
        step: i + 1,
        loss: 1.39 - 0.1 * i,
        accuracy: 0.25 + 0.1 * i,
        gradNorms: [1, 1, 1, 1, 1],
        normBefore: 1,
        normAfter: 1,
        hiddenGradNorms: Array.from({ length: 8 }, (_, s) => Math.pow(gain, 7 - s)),
        cellGradNorms: [],
        ...(forget === undefined ? {} : { forgetGateMean: forget }),
      }));
    const lanes = [
      { label: 'A', config: { cell: 'rnn' as const, length: 8 }, reports: run(0.5) },
      { label: 'B', config: { cell: 'lstm' as const, length: 8 }, reports: run(0.95, 0.73) },
    ];
    const panels = rnnLstmPanels(lanes, { t, document });
    allAccessible(panels, RNN_LSTM_PANEL_KEYS);
    expect(panels.loss.figure.outerHTML).toMatch(/chance \(ln 4\)/);
    expect(desc(panels.time.figure)).toMatch(
      /^A: .*in the RNN at step 5, the gradient reaching time step 1 is 7\.8 × 10⁻³/,
    );
    expect(rnnLstmSummary(lanes, { t })).toMatch(/B: LSTM after step 5: accuracy 45% .* Its forget gates keep 0\.73 /);
    // A run of one step has one batch, not "the last 1 batches".
    const one = lanes.map((l) => ({ ...l, reports: l.reports.slice(0, 1) }));
    expect(rnnLstmSummary(one, { t })).toMatch(/^A: RNN after step 1: accuracy 25% on its one batch /);
    expect(rnnLstmSummary(one, { t: zh })).toMatch(/这一批的准确率为 25%/);
  });
});
