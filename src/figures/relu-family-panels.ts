/**
 * The panels of <ReluFamilyLab>: the gradient norm of every layer (ReLU's family keeps it level where sigmoid's
 * falls by orders of magnitude), the units whose input is ≤ 0 for the whole batch — dead, for ReLU — by layer and
 * over training, and the loss. Compare mode draws two activations on shared scales.
 *
 * "Dead" is ReLU's word: such a unit outputs 0 and passes no gradient, for every example. Leaky ReLU and ELU
 * units in the same place still pass a gradient (slope α, or αeˣ), so the panel counts them as "below zero", not
 * dead; sigmoid and tanh units always pass one, so they are not drawn.
 */
import { negativeRegime } from '../core/activation-records';
import type { TrainableActivation } from '../core/catalog';
import type { NetworkReport } from '../core/experiments/network.config';
import type { StringKey } from '../i18n';
import { formatNumber, formatPercent } from '../i18n/numbers';
import {
  firstOverLast,
  fractionTop,
  lastStep,
  lossPanel,
  mean,
  named,
  type Lane,
  type PanelContext,
} from './lab-panels';
import { lineSeriesPanel } from './line-series';
import { gradientPanel } from './network-panels';
import type { Panel } from './panel';

export const RELU_FAMILY_PANEL_KEYS = ['gradient', 'dead', 'deadOverSteps', 'loss'] as const;

export type ReluFamilyLane = Lane<{ depth: number; activation: TrainableActivation }, NetworkReport>;

/** Which activations have units that can sit below zero for a whole batch, and whether those units are dead. */
export { negativeRegime } from '../core/activation-records';

const actName = (ctx: PanelContext, a: TrainableActivation) => ctx.t(`act.${a}` as StringKey);

export function reluFamilyPanels(
  lanes: readonly ReluFamilyLane[],
  ctx: PanelContext,
): Record<(typeof RELU_FAMILY_PANEL_KEYS)[number], Panel> {
  const { t } = ctx;
  const step = lastStep(lanes);

  const deadTitle = t('relu.dead.title', { step });
  const deadAlt = lanes
    .map((lane) => {
      const regime = negativeRegime(lane.config.activation);
      const last = lane.reports.at(-1);
      const activation = actName(ctx, lane.config.activation);
      if (regime === 'none') return named(t, lane.label, t('relu.dead.altNone', { activation }));
      if (!last) return '';
      const values = last.deadFraction;
      const worst = values.reduce((b, v, i) => (v > (values[b] ?? -1) ? i : b), 0);
      const text = t(regime === 'dead' ? 'relu.dead.alt' : 'relu.dead.altLeaky', {
        activation,
        step: last.step,
        mean: formatPercent(mean(values)),
        max: formatPercent(values[worst] ?? 0),
        layer: worst + 1,
      });
      return named(t, lane.label, text);
    })
    .filter(Boolean)
    .join(' ');
  // Every lane stays in the data (its colour is its place), with no series where its units cannot die.
  const byLayer = lanes.map((lane) => ({
    label: lane.label,
    series:
      negativeRegime(lane.config.activation) === 'none'
        ? []
        : [
            { key: 'now', points: (lane.reports.at(-1)?.deadFraction ?? []).map((y, i) => ({ x: i + 1, y })) },
            ...(lane.reports.length > 1
              ? [{ key: 'first', points: lane.reports[0]!.deadFraction.map((y, i) => ({ x: i + 1, y })) }]
              : []),
          ],
  }));
  const hidden = Math.max(1, ...lanes.map((l) => l.config.depth - 1));

  const overTitle = t('relu.deadOverSteps.title');
  const over = lanes.map((lane) => ({
    label: lane.label,
    series:
      negativeRegime(lane.config.activation) === 'none'
        ? []
        : [{ key: 'dead', points: lane.reports.map((r) => ({ x: r.step, y: mean(r.deadFraction) })) }],
  }));
  const overAlt = lanes
    .map((lane) => {
      const regime = negativeRegime(lane.config.activation);
      const activation = actName(ctx, lane.config.activation);
      if (regime === 'none') return named(t, lane.label, t('relu.dead.altNone', { activation }));
      const first = lane.reports[0];
      const last = lane.reports.at(-1);
      if (!first || !last) return '';
      return named(
        t,
        lane.label,
        t('relu.deadOverSteps.alt', {
          activation,
          steps: last.step,
          start: formatPercent(mean(first.deadFraction)),
          end: formatPercent(mean(last.deadFraction)),
        }),
      );
    })
    .filter(Boolean)
    .join(' ');

  return {
    gradient: gradientPanel(lanes, ctx),
    dead: lineSeriesPanel(deadTitle, () => [
      { lanes: byLayer },
      {
        document: ctx.document,
        labels: {
          x: t('fig.hiddenLayer'),
          y: t('relu.dead.value'),
          series: { now: t('fig.currentStep', { step }), first: t('fig.firstStep') },
        },
        xDomain: [1, Math.max(2, hidden)],
        yDomain: [0, fractionTop(byLayer.flatMap((l) => l.series.flatMap((s) => s.points.map((p) => p.y))))],
        dots: true,
        ariaLabel: deadTitle,
        ariaDescription: deadAlt || undefined,
      },
    ]),
    deadOverSteps: lineSeriesPanel(overTitle, () => [
      { lanes: over },
      {
        document: ctx.document,
        labels: { x: t('fig.step'), y: t('relu.deadOverSteps.value') },
        yDomain: [0, fractionTop(over.flatMap((l) => l.series.flatMap((x) => x.points.map((p) => p.y))))],
        smooth: 4,
        growing: true,
        ariaLabel: overTitle,
        ariaDescription: overAlt || undefined,
      },
    ]),
    loss: lossPanel(lanes, ctx),
  };
}

/** One sentence per lane on its last step. */
export function reluFamilySummary(lanes: readonly ReluFamilyLane[], ctx: PanelContext): string {
  const { t } = ctx;
  return lanes
    .flatMap((lane) => {
      const last = lane.reports.at(-1);
      if (!last) return [];
      const regime = negativeRegime(lane.config.activation);
      const key = regime === 'dead' ? 'relu.summary' : regime === 'leaky' ? 'relu.summaryLeaky' : 'relu.summaryNone';
      const text = t(key, {
        activation: actName(ctx, lane.config.activation),
        step: last.step,
        loss: formatNumber(last.loss, 3),
        ratio: formatNumber(firstOverLast(last.gradNorms)),
        depth: lane.config.depth,
        dead: formatPercent(mean(last.deadFraction)),
      });
      return [named(t, lane.label, text)];
    })
    .join(' ');
}
