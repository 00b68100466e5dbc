/**
 * The panels of <BatchNormLab>: each hidden layer's activation mean and spread, their histograms in a few layers,
 * the gradient norm of every layer, and the loss — one network with and one without batch normalisation, on
 * shared scales, when comparing. Batch norm standardises each unit's input over the batch (Ioffe & Szegedy 2015),
 * so every layer's activations keep the same mean and spread however deep it sits.
 */
import { histogramBins, type NetworkConfig, type NetworkReport } from '../core/experiments/network.config';
import type { StringKey } from '../i18n';
import { formatNumber } from '../i18n/numbers';
import { lastStep, lossPanel, named, profilePanel, type Lane, type PanelContext } from './lab-panels';
import { layerHistogramsFigure } from './layer-histograms';
import { layerMomentsFigure } from './layer-moments';
import type { Panel } from './panel';

export const BATCH_NORM_PANEL_KEYS = ['moments', 'histograms', 'gradient', 'loss'] as const;

export type BatchNormLane = Lane<
  Pick<NetworkConfig, 'depth' | 'activation' | 'leakyAlpha' | 'eluAlpha' | 'batchNorm'>,
  NetworkReport
>;

/** Histograms of at most this many hidden layers, spread evenly from the first to the last. */
const HISTOGRAM_ROWS = 4;

export function spreadLayers(hidden: number, max = HISTOGRAM_ROWS): number[] {
  if (hidden <= max) return Array.from({ length: hidden }, (_, i) => i + 1);
  return [...new Set(Array.from({ length: max }, (_, i) => 1 + Math.round((i * (hidden - 1)) / (max - 1))))];
}

export function batchNormPanels(
  lanes: readonly BatchNormLane[],
  ctx: PanelContext,
): Record<(typeof BATCH_NORM_PANEL_KEYS)[number], Panel> {
  const { t } = ctx;
  const step = lastStep(lanes);
  const hidden = Math.max(1, ...lanes.map((l) => l.config.depth - 1));
  const act = (lane: BatchNormLane) => t(`act.${lane.config.activation}` as StringKey);

  const momentsTitle = t('bn.moments.title', { step });
  const momentsAlt = lanes
    .flatMap((lane) => {
      const r = lane.reports.at(-1);
      if (!r) return [];
      const text = t('bn.moments.alt', {
        activation: act(lane),
        step: r.step,
        mean1: formatNumber(r.actMean[0] ?? Number.NaN),
        std1: formatNumber(r.actStd[0] ?? Number.NaN),
        meanN: formatNumber(r.actMean.at(-1) ?? Number.NaN),
        stdN: formatNumber(r.actStd.at(-1) ?? Number.NaN),
        hidden: lane.config.depth - 1,
      });
      return [named(t, lane.label, text)];
    })
    .join(' ');

  // The last report that carries histograms (the lab computes them every few steps).
  const withHistograms = lanes.map((l) => [...l.reports].reverse().find((r) => r.histograms.length > 0));
  const histStep = Math.max(0, ...withHistograms.map((r) => r?.step ?? 0));
  const rows = spreadLayers(hidden);
  const histTitle = t('fig.hist.title', { step: histStep });
  const histAlt = lanes
    .map((lane, i) => {
      const r = withHistograms[i];
      const bins = histogramBins(lane.config.activation, lane.config);
      return named(
        t,
        lane.label,
        t('fig.hist.alt', {
          activation: act(lane),
          layers: rows.filter((l) => l < lane.config.depth).join(', '),
          step: r?.step ?? 0,
          lo: bins.lo,
          hi: bins.hi,
          first: r ? formatNumber(r.actStd[0] ?? Number.NaN) : '—',
          last: r ? formatNumber(r.actStd.at(-1) ?? Number.NaN) : '—',
          hidden: lane.config.depth - 1,
        }),
      );
    })
    .join(' ');

  return {
    moments: {
      title: momentsTitle,
      figure: layerMomentsFigure(
        {
          layers: hidden,
          lanes: lanes.map((l) => ({
            label: l.label,
            mean: l.reports.at(-1)?.actMean ?? [],
            std: l.reports.at(-1)?.actStd ?? [],
          })),
        },
        {
          document: ctx.document,
          labels: { layer: t('fig.hiddenLayer'), value: t('bn.moments.value') },
          ariaLabel: momentsTitle,
          ariaDescription: momentsAlt || undefined,
        },
      ),
    },
    histograms: {
      title: histTitle,
      figure: layerHistogramsFigure(
        {
          hidden,
          layers: rows,
          lanes: lanes.map((lane, i) => ({
            label: lane.label,
            bins: histogramBins(lane.config.activation, lane.config),
            histograms: withHistograms[i]?.histograms ?? [],
          })),
        },
        {
          document: ctx.document,
          labels: { value: t('fig.hist.value'), layer: (l) => t('fig.hist.layer', { l }) },
          ariaLabel: histTitle,
          ariaDescription: histAlt,
        },
      ),
    },
    gradient: profilePanel(lanes, ctx, {
      title: t('fig.byLayer.title', { step }),
      value: t('fig.gradNorm'),
      layer: t('fig.layer'),
      pick: (r) => r.gradNorms,
      count: (l) => l.config.depth,
      alt: (lane, r, v) =>
        t('fig.byLayer.alt', {
          depth: lane.config.depth,
          activation: act(lane),
          step: r.step,
          first: formatNumber(v[0] ?? Number.NaN),
          last: formatNumber(v.at(-1) ?? Number.NaN),
        }),
    }),
    loss: lossPanel(lanes, ctx),
  };
}

/** One sentence per lane: the spread batch norm controls (the activations' inputs), the gradient, the loss. */
export function batchNormSummary(lanes: readonly BatchNormLane[], ctx: PanelContext): string {
  const { t } = ctx;
  return lanes
    .flatMap((lane) => {
      const r = lane.reports.at(-1);
      if (!r) return [];
      const finite = r.preStd.filter(Number.isFinite);
      const text = t(lane.config.batchNorm ? 'bn.summaryOn' : 'bn.summaryOff', {
        step: r.step,
        loss: formatNumber(r.loss, 3),
        lo: formatNumber(finite.length ? Math.min(...finite) : Number.NaN, 3),
        hi: formatNumber(finite.length ? Math.max(...finite) : Number.NaN, 3),
        ratio: formatNumber((r.gradNorms[0] ?? Number.NaN) / (r.gradNorms.at(-1) ?? Number.NaN)),
        depth: lane.config.depth,
      });
      return [named(t, lane.label, text)];
    })
    .join(' ');
}
