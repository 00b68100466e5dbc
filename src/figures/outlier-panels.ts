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
import { outlierScatterFigure, type ScatterPoint } from './outlier-scatter';
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

  return {
    data: {
      title: dataTitle,
      // The data do not change while the network trains: the figure changes with the data and the language only.
      key: JSON.stringify([dataTitle, dataAlt, sets.map((set) => [set.label, dataKey(set.config)])]),
      get figure() {
        return outlierScatterFigure(
          { sets },
          {
            document: ctx.document,
            labels: {
              x: t(sets.every((s) => s.config.standardize) ? 'out.data.xStd' : 'out.data.x'),
              y: t('out.data.y'),
              outlier: t('out.data.outlier'),
            },
            ariaLabel: dataTitle,
            ariaDescription: dataAlt,
          },
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
