/**
 * The panels of <ClippingLab>: the global gradient norm before and after clipping at every step (Pascanu, Mikolov
 * & Bengio 2013 rescale g to c·g/‖g‖ when ‖g‖ > c), the loss, and what an L1 or L2 penalty does — each layer's
 * weight norm, and the penalty's share of each layer's gradient. Compare mode: clipping against none, or L1 against
 * L2, on shared scales.
 */
import type { NetworkConfig, NetworkReport } from '../core/experiments/network.config';
import { formatNumber, formatPercent } from '../i18n/numbers';
import {
  fractionTop,
  lastStep,
  lossPanel,
  mean,
  named,
  profilePanel,
  type Lane,
  type PanelContext,
} from './lab-panels';
import { lineSeriesPanel } from './line-series';
import type { Panel } from './panel';

export const CLIPPING_PANEL_KEYS = ['norms', 'loss', 'weights', 'share'] as const;

export type ClippingLane = Lane<Pick<NetworkConfig, 'depth' | 'clip' | 'clipThreshold' | 'l1' | 'l2'>, NetworkReport>;

export function clippingPanels(
  lanes: readonly ClippingLane[],
  ctx: PanelContext,
): Record<(typeof CLIPPING_PANEL_KEYS)[number], Panel> {
  const { t } = ctx;
  const step = lastStep(lanes);

  const normsTitle = t('clip.norms.title');
  // Without clipping the norm after is the norm before: one line, named for what it is.
  const norms = lanes.map((lane) => ({
    label: lane.label,
    series:
      lane.config.clip === 'none'
        ? [{ key: 'none', points: lane.reports.map((r) => ({ x: r.step, y: r.clipNormBefore })) }]
        : [
            { key: 'before', points: lane.reports.map((r) => ({ x: r.step, y: r.clipNormBefore })) },
            { key: 'after', points: lane.reports.map((r) => ({ x: r.step, y: r.clipNormAfter })) },
          ],
  }));
  const byNorm = lanes.find((l) => l.config.clip === 'norm');
  const normsAlt = lanes
    .flatMap((lane) => {
      if (!lane.reports.length) return [];
      const before = lane.reports.map((r) => r.clipNormBefore);
      const peak = Math.max(...before);
      const clipped = lane.reports.filter((r) => r.clipNormAfter < r.clipNormBefore).length;
      const text =
        lane.config.clip === 'none'
          ? t('clip.norms.altNone', {
              steps: lane.reports.length,
              peak: formatNumber(peak),
              last: formatNumber(before.at(-1)!),
            })
          : t(lane.config.clip === 'norm' ? 'clip.norms.alt' : 'clip.norms.altValue', {
              steps: lane.reports.length,
              peak: formatNumber(peak),
              clipped,
              c: formatNumber(lane.config.clipThreshold),
            });
      return [named(t, lane.label, text)];
    })
    .join(' ');

  const shareTitle = t('clip.share.title', { step });
  const share = lanes.map((lane) => ({
    label: lane.label,
    series: [{ key: 'share', points: (lane.reports.at(-1)?.penaltyShare ?? []).map((y, i) => ({ x: i + 1, y })) }],
  }));
  const shareAlt = lanes
    .flatMap((lane) => {
      const r = lane.reports.at(-1);
      if (!r) return [];
      const text =
        lane.config.l1 === 0 && lane.config.l2 === 0
          ? t('clip.share.altNone')
          : t('clip.share.alt', {
              penalty: penaltyName(ctx, lane.config),
              step: r.step,
              mean: formatPercent(mean(r.penaltyShare)),
              first: formatPercent(r.penaltyShare[0] ?? 0),
              last: formatPercent(r.penaltyShare.at(-1) ?? 0),
            });
      return [named(t, lane.label, text)];
    })
    .join(' ');
  const depth = Math.max(2, ...lanes.map((l) => l.config.depth));

  return {
    norms: lineSeriesPanel(normsTitle, () => [
      { lanes: norms },
      {
        document: ctx.document,
        labels: {
          x: t('fig.step'),
          y: t('clip.norms.value'),
          series: { before: t('clip.before'), after: t('clip.after'), none: t('clip.unclipped') },
        },
        log: true,
        peaks: true,
        ...(byNorm
          ? {
              reference: {
                value: byNorm.config.clipThreshold,
                label: t('clip.threshold', { c: formatNumber(byNorm.config.clipThreshold) }),
              },
            }
          : {}),
        growing: true,
        ariaLabel: normsTitle,
        ariaDescription: normsAlt || undefined,
      },
    ]),
    loss: lossPanel(lanes, ctx),
    weights: profilePanel(lanes, ctx, {
      title: t('clip.weights.title', { step }),
      value: t('clip.weights.value'),
      layer: t('fig.layer'),
      pick: (r) => r.weightNorms,
      count: (l) => l.config.depth,
      alt: (lane, r, v) =>
        t('clip.weights.alt', {
          step: r.step,
          total: formatNumber(
            v.reduce((a, b) => a + b, 0),
            3,
          ),
          first: formatNumber(v[0] ?? Number.NaN),
          last: formatNumber(v.at(-1) ?? Number.NaN),
          depth: lane.config.depth,
        }),
    }),
    share: lineSeriesPanel(shareTitle, () => [
      { lanes: share },
      {
        document: ctx.document,
        labels: { x: t('fig.layer'), y: t('clip.share.value') },
        xDomain: [1, depth],
        yDomain: [0, fractionTop(share.flatMap((l) => l.series[0]!.points.map((p) => p.y)))],
        dots: true,
        ariaLabel: shareTitle,
        ariaDescription: shareAlt || undefined,
      },
    ]),
  };
}

/** "L2 (α₂ = 0.01)", "L1 (α₁ = 0.001) and L2 (α₂ = 0.01)". */
export function penaltyName(ctx: PanelContext, c: Pick<NetworkConfig, 'l1' | 'l2'>): string {
  const parts = [
    ...(c.l1 > 0 ? [ctx.t('clip.l1Named', { a: formatNumber(c.l1) })] : []),
    ...(c.l2 > 0 ? [ctx.t('clip.l2Named', { a: formatNumber(c.l2) })] : []),
  ];
  return parts.join(ctx.t('clip.and'));
}

export function clippingSummary(lanes: readonly ClippingLane[], ctx: PanelContext): string {
  const { t } = ctx;
  return lanes
    .flatMap((lane) => {
      const r = lane.reports.at(-1);
      if (!r) return [];
      const parts = [
        t(lane.config.clip === 'none' ? 'clip.summaryNone' : 'clip.summary', {
          step: r.step,
          loss: formatNumber(r.loss, 3),
          before: formatNumber(r.clipNormBefore),
          after: formatNumber(r.clipNormAfter),
        }),
        ...(lane.config.l1 > 0 || lane.config.l2 > 0
          ? [
              t('clip.summaryPenalty', {
                penalty: penaltyName(ctx, lane.config),
                share: formatPercent(mean(r.penaltyShare)),
                total: formatNumber(
                  r.weightNorms.reduce((a, b) => a + b, 0),
                  3,
                ),
              }),
            ]
          : []),
      ];
      return [named(t, lane.label, parts.join(' '))];
    })
    .join(' ');
}
