/**
 * The panels of <BatchNormLab>: each hidden layer's activation mean and spread, their histograms in a few layers,
 * the gradient norm of every layer, and the loss — one network with and one without batch normalisation, on
 * shared scales, when comparing. Batch norm standardises each unit's input over the batch (Ioffe & Szegedy 2015),
 * so every layer's activations keep the same mean and spread however deep it sits.
 */
import type { NetworkConfig, NetworkReport } from '../core/experiments/network.config';
import { formatNumber } from '../i18n/numbers';
import { firstOverLast, lastStep, lossPanel, named, type Lane, type PanelContext } from './lab-panels';
import { layerMomentsFigure } from './layer-moments';
import { activationName, gradientPanel, histogramsPanel } from './network-panels';
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

  const momentsTitle = t('bn.moments.title', { step });
  const momentsAlt = lanes
    .flatMap((lane) => {
      const r = lane.reports.at(-1);
      if (!r) return [];
      const text = t('bn.moments.alt', {
        activation: activationName(t, lane),
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

  return {
    moments: {
      title: momentsTitle,
      get figure() {
        return layerMomentsFigure(
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
        );
      },
    },
    histograms: histogramsPanel(lanes, ctx, spreadLayers(hidden)),
    gradient: gradientPanel(lanes, ctx),
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
        ratio: formatNumber(firstOverLast(r.gradNorms)),
        depth: lane.config.depth,
      });
      return [named(t, lane.label, text)];
    })
    .join(' ');
}
