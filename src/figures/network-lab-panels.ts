/**
 * The panels of the labs on the `network` experiment, from the runs' reports with labels in the reader's
 * language, for the build (static SVG) and the islands (live): <LayerHistograms> (the activations of each hidden
 * layer, their spread, the loss) and <InitLab> (the forward signal's spread and the gradient norm of every layer at
 * initialisation and now, the loss). Compare mode draws both configurations on shared scales.
 */
import type { NetworkReport } from '../core/experiments/network.config';
import { formatNumber } from '../i18n/numbers';
import { lastStep, lossPanel, profilePanel, type PanelContext } from './lab-panels';
import { gradientPanel, hiddenSpreadPanel, histogramsPanel, type NetworkLane } from './network-panels';
import type { Panel } from './panel';

export type { NetworkLane } from './network-panels';

export const HISTOGRAM_PANEL_KEYS = ['histograms', 'spread', 'loss'] as const;
export const INIT_PANEL_KEYS = ['signal', 'gradient', 'gain'] as const;

export function layerHistogramsPanels(
  lanes: readonly NetworkLane[],
  layers: readonly number[],
  ctx: PanelContext,
): Record<(typeof HISTOGRAM_PANEL_KEYS)[number], Panel> {
  return {
    histograms: histogramsPanel(lanes, ctx, layers),
    spread: hiddenSpreadPanel(lanes, ctx, 'spread'),
    loss: lossPanel(lanes, ctx),
  };
}

/**
 * ‖∂L/∂W_l‖ / ‖∂L/∂W_{l+1}‖ for l = 1 … L − 1: the factor by which the gradient grows (above 1) or shrinks (below
 * 1) on its way down through one layer — the gain γ of the chapter on deep networks.
 */
export function backwardGains(r: Pick<NetworkReport, 'gradNorms'>): number[] {
  return r.gradNorms.slice(0, -1).map((g, l) => g / r.gradNorms[l + 1]!);
}

function geometricMean(values: readonly number[]): number {
  const logs = values.filter((v) => v > 0 && Number.isFinite(v)).map(Math.log);
  return logs.length ? Math.exp(logs.reduce((a, b) => a + b, 0) / logs.length) : Number.NaN;
}

export function initLabPanels(
  lanes: readonly NetworkLane[],
  ctx: PanelContext,
): Record<(typeof INIT_PANEL_KEYS)[number], Panel> {
  const { t } = ctx;
  return {
    signal: hiddenSpreadPanel(lanes, ctx, 'signal'),
    gradient: gradientPanel(lanes, ctx),
    gain: profilePanel(lanes, ctx, {
      title: t('fig.gain.title', { step: lastStep(lanes) }),
      value: t('fig.gain.value'),
      layer: t('fig.layer'),
      pick: (r) => backwardGains(r),
      count: (l) => l.config.depth - 1,
      reference: 1,
      alt: (lane, r, v) =>
        t('fig.gain.alt', { step: r.step, mean: formatNumber(geometricMean(v)), depth: lane.config.depth }),
    }),
  };
}
