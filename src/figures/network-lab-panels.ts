/**
 * The panels of the labs on the `network` experiment, from the runs' reports with labels in the reader's
 * language, for the build (static SVG) and the islands (live): <LayerHistograms> (the activations of each hidden
 * layer, their spread, the loss) and <InitLab> (the forward signal's spread and the gradient norm of every layer at
 * initialisation and now, the loss). Compare mode draws both configurations on shared scales.
 */
import { histogramBins, type NetworkConfig, type NetworkReport } from '../core/experiments/network.config';
import type { translator } from '../i18n';
import { formatNumber } from '../i18n/numbers';
import { layerHistogramsFigure } from './layer-histograms';
import { layerProfileFigure } from './layer-profile';
import { lossCurveFigure } from './loss-curve';
import type { Panel } from './panel';

export interface NetworkLane {
  label: string;
  config: Pick<NetworkConfig, 'depth' | 'activation' | 'eluAlpha' | 'leakyAlpha'>;
  activationLabel: string;
  reports: readonly NetworkReport[];
}

export interface NetworkPanelContext {
  t: ReturnType<typeof translator>;
  document?: Document;
}

export const HISTOGRAM_PANEL_KEYS = ['histograms', 'spread', 'loss'] as const;
export const INIT_PANEL_KEYS = ['signal', 'gradient', 'gain'] as const;

const named = (t: NetworkPanelContext['t'], lane: NetworkLane, text: string) =>
  lane.label ? t('fig.laneText', { lane: lane.label, text }) : text;
const lastStep = (lanes: readonly NetworkLane[]) => Math.max(0, ...lanes.map((l) => l.reports.at(-1)?.step ?? 0));

function lossPanel(lanes: readonly NetworkLane[], ctx: NetworkPanelContext): Panel {
  const { t } = ctx;
  const title = t('fig.loss.title');
  const alt = lanes
    .flatMap((lane) => {
      const first = lane.reports[0];
      const last = lane.reports.at(-1);
      return first && last
        ? [
            named(
              t,
              lane,
              t('fig.loss.alt', {
                steps: last.step,
                start: formatNumber(first.loss, 3),
                end: formatNumber(last.loss, 3),
              }),
            ),
          ]
        : [];
    })
    .join(' ');
  return {
    title,
    figure: lossCurveFigure(
      { lanes: lanes.map((l) => ({ label: l.label, steps: l.reports })) },
      {
        document: ctx.document,
        labels: { step: t('fig.step'), loss: t('fig.loss'), chance: t('fig.chance') },
        ariaLabel: title,
        ariaDescription: alt || undefined,
      },
    ),
  };
}

/** A per-layer profile panel: `pick` reads the values from a report; step 1 is drawn faintly behind the last step. */
function profilePanel(
  lanes: readonly NetworkLane[],
  ctx: NetworkPanelContext,
  spec: {
    title: string;
    value: string;
    layer: string;
    pick: (r: NetworkReport) => number[];
    layers: (lane: NetworkLane) => number;
    alt: (lane: NetworkLane, r: NetworkReport, values: number[]) => string;
    reference?: number;
  },
): Panel {
  const alt = lanes
    .flatMap((lane) => {
      const last = lane.reports.at(-1);
      return last ? [named(ctx.t, lane, spec.alt(lane, last, spec.pick(last)))] : [];
    })
    .join(' ');
  return {
    title: spec.title,
    figure: layerProfileFigure(
      {
        layers: Math.max(1, ...lanes.map(spec.layers)),
        series: lanes.map((lane) => ({
          label: lane.label,
          current: lane.reports.length ? spec.pick(lane.reports.at(-1)!) : [],
          first: lane.reports.length > 1 ? spec.pick(lane.reports[0]!) : undefined,
        })),
      },
      {
        document: ctx.document,
        labels: { layer: spec.layer, value: spec.value, first: ctx.t('fig.firstStep') },
        ...(spec.reference === undefined ? {} : { reference: spec.reference }),
        ariaLabel: spec.title,
        ariaDescription: alt || undefined,
      },
    ),
  };
}

export function layerHistogramsPanels(
  lanes: readonly NetworkLane[],
  layers: readonly number[],
  ctx: NetworkPanelContext,
): Record<(typeof HISTOGRAM_PANEL_KEYS)[number], Panel> {
  const { t } = ctx;
  const hidden = Math.max(1, ...lanes.map((l) => l.config.depth - 1));
  // The last report that carries histograms (with histogramEvery > 1 some do not).
  const withHistograms = lanes.map((l) => [...l.reports].reverse().find((r) => r.histograms.length > 0));
  const step = Math.max(0, ...withHistograms.map((r) => r?.step ?? 0));
  const title = t('fig.hist.title', { step });
  const shown = layers.filter((l) => l <= hidden);
  const alt = lanes
    .map((lane, i) => {
      const r = withHistograms[i];
      const bins = histogramBins(lane.config.activation, lane.config);
      return named(
        t,
        lane,
        t('fig.hist.alt', {
          activation: lane.activationLabel,
          layers: shown.join(', '),
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
    histograms: {
      title,
      figure: layerHistogramsFigure(
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
      ),
    },
    spread: profilePanel(lanes, ctx, {
      title: t('fig.spread.title', { step: lastStep(lanes) }),
      value: t('fig.spread.value'),
      layer: t('fig.hiddenLayer'),
      pick: (r) => r.actStd,
      layers: (l) => l.config.depth - 1,
      alt: (lane, r, v) =>
        t('fig.spread.alt', {
          step: r.step,
          first: formatNumber(v[0] ?? Number.NaN),
          last: formatNumber(v.at(-1) ?? Number.NaN),
          hidden: lane.config.depth - 1,
        }),
    }),
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
  ctx: NetworkPanelContext,
): Record<(typeof INIT_PANEL_KEYS)[number], Panel> {
  const { t } = ctx;
  const step = lastStep(lanes);
  return {
    signal: profilePanel(lanes, ctx, {
      title: t('fig.signal.title', { step }),
      value: t('fig.signal.value'),
      layer: t('fig.hiddenLayer'),
      pick: (r) => r.outStd,
      layers: (l) => l.config.depth - 1,
      alt: (lane, r, v) =>
        t('fig.signal.alt', {
          step: r.step,
          first: formatNumber(v[0] ?? Number.NaN),
          last: formatNumber(v.at(-1) ?? Number.NaN),
          hidden: lane.config.depth - 1,
        }),
    }),
    gradient: profilePanel(lanes, ctx, {
      title: t('fig.byLayer.title', { step }),
      value: t('fig.gradNorm'),
      layer: t('fig.layer'),
      pick: (r) => r.gradNorms,
      layers: (l) => l.config.depth,
      alt: (lane, r, v) =>
        t('fig.byLayer.alt', {
          depth: lane.config.depth,
          activation: lane.activationLabel,
          step: r.step,
          first: formatNumber(v[0] ?? Number.NaN),
          last: formatNumber(v.at(-1) ?? Number.NaN),
        }),
    }),
    gain: profilePanel(lanes, ctx, {
      title: t('fig.gain.title', { step }),
      value: t('fig.gain.value'),
      layer: t('fig.layer'),
      pick: backwardGains,
      layers: (l) => l.config.depth - 1,
      reference: 1,
      alt: (lane, r, v) =>
        t('fig.gain.alt', { step: r.step, mean: formatNumber(geometricMean(v)), depth: lane.config.depth }),
    }),
  };
}
