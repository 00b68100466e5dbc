/**
 * The panels that every lab on the `network` experiment draws the same way, whatever story it tells: the gradient
 * norm of every weight layer, the spread of what each hidden layer passes on (or of its activations), and the
 * histograms of a few hidden layers' activations. <LayerHistograms>, <InitLab>, <BatchNormLab>, <ReluFamilyLab>
 * and <ResidualLab> put them beside panels of their own.
 */
import { histogramBins, type NetworkConfig, type NetworkReport } from '../core/experiments/network.config';
import type { StringKey } from '../i18n';
import { formatNumber } from '../i18n/numbers';
import { lastStep, named, profilePanel, type Lane, type PanelContext, type Translate } from './lab-panels';
import { layerHistogramsFigure } from './layer-histograms';
import type { Panel } from './panel';

/** What the gradient and spread panels need of a lane's configuration. */
export type LayeredLane = Lane<Pick<NetworkConfig, 'depth' | 'activation'>, NetworkReport>;
/** The histograms also need the activation's parameters (they set its range). */
export type NetworkLane = Lane<Pick<NetworkConfig, 'depth' | 'activation' | 'leakyAlpha' | 'eluAlpha'>, NetworkReport>;

/** A lane's activation in the reader's language: how the panels' text alternatives name a network. */
export const activationName = (t: Translate, lane: Pick<LayeredLane, 'config'>) =>
  t(`act.${lane.config.activation}` as StringKey);

/** ‖∂L/∂W_l‖ for every weight layer, now and (faintly) at step 1; `describe` names the network in the text alternative. */
export function gradientPanel<L extends LayeredLane>(
  lanes: readonly L[],
  ctx: PanelContext,
  describe: (lane: L) => string = (lane) => activationName(ctx.t, lane),
): Panel {
  const { t } = ctx;
  return profilePanel(lanes, ctx, {
    title: t('fig.byLayer.title', { step: lastStep(lanes) }),
    value: t('fig.gradNorm'),
    layer: t('fig.layer'),
    pick: (r) => r.gradNorms,
    count: (l) => l.config.depth,
    alt: (lane, r, v) =>
      t('fig.byLayer.alt', {
        depth: lane.config.depth,
        // profilePanel hands back the very lanes it was given, so each is an L.
        activation: describe(lane as L),
        step: r.step,
        first: formatNumber(v[0] ?? Number.NaN),
        last: formatNumber(v.at(-1) ?? Number.NaN),
      }),
  });
}

/**
 * The standard deviation, over the batch and the units, of each hidden layer's output as the next layer receives
 * it ("signal": outStd) or of its activations ("spread": actStd).
 */
export function hiddenSpreadPanel(lanes: readonly LayeredLane[], ctx: PanelContext, kind: 'signal' | 'spread'): Panel {
  const { t } = ctx;
  return profilePanel(lanes, ctx, {
    title: t(`fig.${kind}.title`, { step: lastStep(lanes) }),
    value: t(`fig.${kind}.value`),
    layer: t('fig.hiddenLayer'),
    pick: (r) => (kind === 'signal' ? r.outStd : r.actStd),
    count: (l) => l.config.depth - 1,
    alt: (lane, r, v) =>
      t(`fig.${kind}.alt`, {
        step: r.step,
        first: formatNumber(v[0] ?? Number.NaN),
        last: formatNumber(v.at(-1) ?? Number.NaN),
        hidden: lane.config.depth - 1,
      }),
  });
}

/** Histograms of the activations of the hidden layers `layers` (those the network has), at the last step that has them. */
export function histogramsPanel(lanes: readonly NetworkLane[], ctx: PanelContext, layers: readonly number[]): Panel {
  const { t } = ctx;
  const hidden = Math.max(1, ...lanes.map((l) => l.config.depth - 1));
  // The last report that carries histograms (a lab may compute them only every few steps).
  const withHistograms = lanes.map((l) => {
    for (let i = l.reports.length - 1; i >= 0; i--) if (l.reports[i]!.histograms.length > 0) return l.reports[i];
    return undefined;
  });
  const step = Math.max(0, ...withHistograms.map((r) => r?.step ?? 0));
  const shown = layers.filter((l) => l <= hidden);
  const title = t('fig.hist.title', { step });
  const alt = lanes
    .map((lane, i) => {
      const r = withHistograms[i];
      const bins = histogramBins(lane.config.activation, lane.config);
      return named(
        t,
        lane.label,
        t('fig.hist.alt', {
          activation: activationName(t, lane),
          layers: shown.filter((l) => l < lane.config.depth).join(', '),
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
    title,
    // Histograms are taken every few steps (histogramEvery): a live island redraws the panel only when a newer one
    // arrives (or the words change), not at every report.
    // (Its step, and one of its histograms, tell two runs apart.)
    key: JSON.stringify([
      title,
      alt,
      shown,
      lanes.map((l, i) => [l.label, withHistograms[i]?.step ?? 0, withHistograms[i]?.histograms[0] ?? null]),
    ]),
    get figure() {
      return layerHistogramsFigure(
        {
          hidden,
          layers: shown,
          lanes: lanes.map((lane, i) => ({
            label: lane.label,
            bins: histogramBins(lane.config.activation, lane.config),
            histograms: withHistograms[i]?.histograms ?? [],
          })),
        },
        {
          document: ctx.document,
          labels: { value: t('fig.hist.value'), layer: (l) => t('fig.hist.layer', { l }) },
          ariaLabel: title,
          ariaDescription: alt,
        },
      );
    },
  };
}
