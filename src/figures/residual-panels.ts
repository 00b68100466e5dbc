/**
 * The panels of <ResidualLab>: the gradient norm of every layer and the spread of the forward signal after every
 * hidden layer, for a plain and a residual network of the same depth, and the loss. A block computes
 * x_{l+1} = x_l + F(x_l), so ∂x_L/∂x_l = I + ∂(ΣF)/∂x_l: the identity term carries the gradient past every block
 * (He et al. 2016, "Identity mappings in deep residual networks").
 */
import type { NetworkConfig, NetworkReport } from '../core/experiments/network.config';
import type { StringKey } from '../i18n';
import { formatNumber, formatPercent } from '../i18n/numbers';
import { firstOverLast, lossPanel, named, type Lane, type PanelContext } from './lab-panels';
import { gradientPanel, hiddenSpreadPanel } from './network-panels';
import type { Panel } from './panel';

export const RESIDUAL_PANEL_KEYS = ['gradient', 'signal', 'loss'] as const;

export type ResidualLane = Lane<Pick<NetworkConfig, 'depth' | 'activation' | 'residual'>, NetworkReport>;

export function residualPanels(
  lanes: readonly ResidualLane[],
  ctx: PanelContext,
): Record<(typeof RESIDUAL_PANEL_KEYS)[number], Panel> {
  const { t } = ctx;
  const kind = (lane: ResidualLane) =>
    t(lane.config.residual ? 'res.residual' : 'res.plain', {
      activation: t(`act.${lane.config.activation}` as StringKey),
    });
  return {
    gradient: gradientPanel(lanes, ctx, kind),
    signal: hiddenSpreadPanel(lanes, ctx, 'signal'),
    loss: lossPanel(lanes, ctx),
  };
}

export function residualSummary(lanes: readonly ResidualLane[], ctx: PanelContext): string {
  const { t } = ctx;
  return lanes
    .flatMap((lane) => {
      const last = lane.reports.at(-1);
      if (!last) return [];
      const text = t('lab.summary', {
        step: last.step,
        loss: formatNumber(last.loss, 3),
        accuracy: formatPercent(last.accuracy),
        ratio: formatNumber(firstOverLast(last.gradNorms)),
      });
      return [named(t, lane.label, text)];
    })
    .join(' ');
}
