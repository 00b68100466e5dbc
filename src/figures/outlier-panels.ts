/**
 * The panels of <OutlierLab>: the training data (the very points the run learns from, drawn from the same seed
 * without TensorFlow.js), the loss, the global gradient norm, and how much harder the batch's largest example pulls
 * than its typical one. An input k times too large makes a spike of about k² in its share of the gradient (its
 * residual and its activations both grow like k); Huber caps the residual, standardising shrinks the input.
 */
import { outliersDataOf } from '../core/experiments/outliers.data';
import type { OutliersConfig, OutliersReport } from '../core/experiments/outliers.config';
import { formatNumber } from '../i18n/numbers';
import { lastStep, named, type Lane, type PanelContext } from './lab-panels';
import { lineSeriesPanel } from './line-series';
import { outlierScatterFigure, outlierScatterLive, type ScatterPoint } from './outlier-scatter';
import type { Panel } from './panel';

export const OUTLIER_PANEL_KEYS = ['data', 'loss', 'gradient', 'share'] as const;

export type OutlierLane = Lane<OutliersConfig, OutliersReport>;

type DataKey = Pick<OutliersConfig, 'seed' | 'outlierFraction' | 'outlierScale' | 'standardize'>;
const dataKey = (c: DataKey) => `${c.seed}:${c.outlierFraction}:${c.outlierScale}:${c.standardize}`;

/**
 * The points a run of `config` learns from, as the network sees them; each outlier with the input it should have
 * had, on the same scale (z-scores use the statistics of the recorded inputs, outliers included, as the run does).
 */
export function outlierPoints(config: DataKey): ScatterPoint[] {
  const raw = outliersDataOf({ ...config, standardize: false });
  const seen = config.standardize ? outliersDataOf(config) : raw;
  // z = (x − mean) / sd with the recorded inputs' statistics, as standardizeInputs computes them.
  let shift = 0;
  let scale = 1;
  if (config.standardize) {
    const n = raw.x.length;
    const m = raw.x.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(raw.x.reduce((a, b) => a + (b - m) ** 2, 0) / n) || 1;
    scale = 1 / sd;
    shift = -m / sd;
  }
  return Array.from(seen.x, (x, i) => {
    const outlier = raw.outlier[i] === 1;
    const point: ScatterPoint = { x, y: seen.y[i]!, outlier };
    if (outlier) point.from = shift + (scale * raw.x[i]!) / config.outlierScale;
    return point;
  });
}

export function outlierPanels(
  lanes: readonly OutlierLane[],
  ctx: PanelContext,
): Record<(typeof OUTLIER_PANEL_KEYS)[number], Panel> {
  const { t } = ctx;
  const steps = lastStep(lanes);

  // One data set when both configurations train on the same data (MSE against Huber), side by side otherwise.
  const distinct = [...new Map(lanes.map((l) => [dataKey(l.config), l])).values()];
  const sets = distinct.map((lane) => ({
    label: distinct.length > 1 ? lane.label : '',
    config: lane.config,
    points: outlierPoints(lane.config),
  }));
  const dataTitle = t('out.data.title');
  const dataAlt = sets
    .map((set) => {
      const xs = set.points.map((p) => p.x);
      const count = set.points.filter((p) => p.outlier).length;
      const text = t(set.config.standardize ? 'out.data.altStd' : 'out.data.alt', {
        n: set.points.length,
        outliers: count,
        k: formatNumber(set.config.outlierScale),
        lo: formatNumber(Math.min(...xs)),
        hi: formatNumber(Math.max(...xs)),
      });
      return named(t, set.label, text);
    })
    .join(' ');

  const over = (pick: (r: OutliersReport) => number, key: string) =>
    lanes.map((lane) => ({
      label: lane.label,
      series: [{ key, points: lane.reports.map((r) => ({ x: r.step, y: pick(r) })) }],
    }));
  const peakAlt = (pick: (r: OutliersReport) => number, key: 'out.loss.alt' | 'out.grad.alt' | 'out.share.alt') =>
    lanes
      .flatMap((lane) => {
        if (!lane.reports.length) return [];
        const values = lane.reports.map(pick);
        const at = values.reduce((b, v, i) => (v > values[b]! ? i : b), 0);
        const sorted = values.slice().sort((a, b) => a - b);
        const text = t(key, {
          steps: lane.reports.length,
          peak: formatNumber(values[at]!),
          at: lane.reports[at]!.step,
          median: formatNumber(sorted[sorted.length >> 1]!),
          last: formatNumber(values.at(-1)!),
        });
        return [named(t, lane.label, text)];
      })
      .join(' ');
  const ratio = (r: OutliersReport) => r.maxExampleGradNorm / r.medianExampleGradNorm;
  const lines = (
    title: string,
    y: string,
    pick: (r: OutliersReport) => number,
    alt: 'out.loss.alt' | 'out.grad.alt' | 'out.share.alt',
  ): Panel =>
    lineSeriesPanel(title, () => [
      { lanes: over(pick, 'v') },
      {
        document: ctx.document,
        labels: { x: t('fig.step'), y },
        log: true,
        peaks: true,
        xDomain: [0, Math.max(1, steps)],
        growing: true,
        ariaLabel: title,
        ariaDescription: peakAlt(pick, alt) || undefined,
      },
    ]);

  // Each configuration's fitted curve, in the facet of its data (or the one set both share).
  const fits = lanes.flatMap((lane) => {
    const view = lane.view;
    if (view?.kind !== 'fit') return [];
    const set = sets.find((s) => dataKey(s.config) === dataKey(lane.config))!;
    return [{ label: lane.label, set: set.label, x: view.x, y: view.y, step: view.step }];
  });
  const fitStep = Math.max(-1, ...fits.map((f) => f.step));
  const fitTitle = fitStep >= 0 ? t('out.data.titleFit', { step: fitStep }) : dataTitle;
  const fitAlt = fits
    .map((f) =>
      named(
        t,
        f.label,
        t('out.data.altFit', {
          step: f.step,
          x0: formatNumber(f.x[0]!),
          y0: formatNumber(f.y[0]!),
          x1: formatNumber(f.x.at(-1)!),
          y1: formatNumber(f.y.at(-1)!),
        }),
      ),
    )
    .join(' ');
  const scatter = { sets, fits, curves: lanes.length };
  const scatterOptions = {
    document: ctx.document,
    labels: {
      x: t(sets.every((s) => s.config.standardize) ? 'out.data.xStd' : 'out.data.x'),
      y: t('out.data.y'),
      outlier: t('out.data.outlier'),
    },
    ariaLabel: fitTitle,
    ariaDescription: [dataAlt, fitAlt].filter(Boolean).join(' '),
  };

  return {
    data: {
      title: fitTitle,
      get figure() {
        return outlierScatterFigure(scatter, scatterOptions);
      },
      // The points are the frame, drawn again only when the data change; the fitted curves are its data layer.
      get live() {
        return outlierScatterLive(
          scatter,
          scatterOptions,
          JSON.stringify([lanes.length, sets.map((set) => [set.label, dataKey(set.config)])]),
        );
      },
    },
    loss: lines(t('out.loss.title'), t('fig.loss'), (r) => r.loss, 'out.loss.alt'),
    gradient: lines(t('out.grad.title'), t('out.grad.value'), (r) => r.gradNorm, 'out.grad.alt'),
    share: lines(t('out.share.title'), t('out.share.value'), ratio, 'out.share.alt'),
  };
}

export function outlierSummary(lanes: readonly OutlierLane[], ctx: PanelContext): string {
  const { t } = ctx;
  return lanes
    .flatMap((lane) => {
      const last = lane.reports.at(-1);
      if (!last) return [];
      const norms = lane.reports.map((r) => r.gradNorm);
      const at = norms.reduce((b, v, i) => (v > norms[b]! ? i : b), 0);
      const sorted = norms.slice().sort((a, b) => a - b);
      const text = t('out.summary', {
        step: last.step,
        loss: formatNumber(last.loss, 3),
        peak: formatNumber(norms[at]!),
        at: lane.reports[at]!.step,
        times: formatNumber(norms[at]! / sorted[sorted.length >> 1]!),
      });
      return [named(t, lane.label, text)];
    })
    .join(' ');
}
