/**
 * The four panels of <GradientTrace> — gradient norm by layer, by layer over training, the layer × step heat map,
 * and the loss — built from the runs' reports with labels in the reader's language. The build (static SVG) and
 * the island (live figure) both call this, so the two pictures cannot drift apart. With two configurations
 * (compare mode) every panel shows both on shared scales.
 */
import type { MlpReport } from '../core/experiments/mlp.config';
import type { translator } from '../i18n';
import { formatNumber } from '../i18n/numbers';
import { gradientOverStepsFigure, gradientOverStepsLive } from './gradient-over-steps';
import { layerProfileFigure, layerProfileLive } from './layer-profile';
import { layerStepHeatmapFigure, layerStepHeatmapLive } from './layer-step-heatmap';
import { withTask } from './lab-panels';
import { lossCurveFigure, lossCurveLive } from './loss-curve';
import type { Panel } from './panel';

export type { Panel } from './panel';

export const PANEL_KEYS = ['byLayer', 'overSteps', 'heatmap', 'loss'] as const;
export type TracePanels = Record<(typeof PANEL_KEYS)[number], Panel>;
/** The panels <GradientTrace> shows: these four, then the task itself (lab-panels.ts, circleTaskPanel). */
export const GRADIENT_TRACE_KEYS = withTask(PANEL_KEYS);

export interface TraceLane {
  /** "A" / "B" when comparing, "" for a single configuration. */
  label: string;
  /** The network's depth, so that an empty run (step 0) still gets the right axes. */
  depth: number;
  activationLabel: string;
  reports: readonly Pick<MlpReport, 'step' | 'loss' | 'gradNorms'>[];
}

export interface TracePanelContext {
  t: ReturnType<typeof translator>;
  document?: Document;
}

export function gradientTracePanels(lanes: readonly TraceLane[], ctx: TracePanelContext): TracePanels {
  const { t } = ctx;
  const depth = Math.max(...lanes.map((l) => l.depth));
  const step = Math.max(0, ...lanes.map((l) => l.reports.at(-1)?.step ?? 0));
  const named = (lane: TraceLane, text: string) => (lane.label ? t('fig.laneText', { lane: lane.label, text }) : text);
  const titles = {
    byLayer: t('fig.byLayer.title', { step }),
    overSteps: t('fig.overSteps.title'),
    heatmap: t('fig.heatmap.title'),
    loss: t('fig.loss.title'),
  };
  const byLayerAlt = lanes
    .flatMap((lane) => {
      const last = lane.reports.at(-1);
      return last
        ? [
            named(
              lane,
              t('fig.byLayer.alt', {
                depth: lane.depth,
                activation: lane.activationLabel,
                step: last.step,
                first: formatNumber(last.gradNorms[0]!),
                last: formatNumber(last.gradNorms[lane.depth - 1]!),
              }),
            ),
          ]
        : [];
    })
    .join(' ');
  const lossAlt = lanes
    .flatMap((lane) => {
      const first = lane.reports[0];
      const last = lane.reports.at(-1);
      return first && last
        ? [
            named(
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
  const heatAlt = lanes
    .map((lane) => {
      const last = lane.reports.at(-1);
      return named(
        lane,
        t('fig.heatmap.alt', {
          depth: lane.depth,
          steps: last?.step ?? 0,
          first: last ? formatNumber(last.gradNorms[0]!) : '—',
          last: last ? formatNumber(last.gradNorms[lane.depth - 1]!) : '—',
        }),
      );
    })
    .join(' ');
  const stepLanes = lanes.map((l) => ({ label: l.label, steps: l.reports }));
  const profileData = {
    layers: depth,
    series: lanes.map((lane) => ({
      label: lane.label,
      current: lane.reports.at(-1)?.gradNorms ?? [],
      first: lane.reports.length > 1 ? lane.reports[0]?.gradNorms : undefined,
    })),
  };
  const profileOptions = {
    document: ctx.document,
    labels: { layer: t('fig.layer'), value: t('fig.gradNorm'), first: t('fig.firstStep') },
    ariaLabel: titles.byLayer,
    ariaDescription: byLayerAlt || undefined,
  };
  const overOptions = {
    document: ctx.document,
    labels: {
      step: t('fig.step'),
      gradNorm: t('fig.gradNorm'),
      firstLayer: t('fig.firstLayer'),
      lastLayer: t('fig.lastLayer', { depth }),
    },
    ariaLabel: titles.overSteps,
    ariaDescription: t('fig.overSteps.alt', { depth, steps: step }),
  };
  const heatOptions = {
    document: ctx.document,
    labels: { step: t('fig.step'), layer: t('fig.layerShort'), value: t('fig.gradNorm') },
    ariaLabel: titles.heatmap,
    ariaDescription: heatAlt,
  };
  const lossOptions = {
    document: ctx.document,
    labels: { step: t('fig.step'), loss: t('fig.loss'), chance: t('fig.chance') },
    ariaLabel: titles.loss,
    ariaDescription: lossAlt || undefined,
  };
  return {
    byLayer: {
      title: titles.byLayer,
      get figure() {
        return layerProfileFigure(profileData, profileOptions);
      },
      get live() {
        return layerProfileLive(profileData, profileOptions);
      },
    },
    overSteps: {
      title: titles.overSteps,
      get figure() {
        return gradientOverStepsFigure({ depth, lanes: stepLanes }, overOptions);
      },
      get live() {
        return gradientOverStepsLive({ depth, lanes: stepLanes }, overOptions);
      },
    },
    heatmap: {
      title: titles.heatmap,
      get figure() {
        return layerStepHeatmapFigure({ depth, lanes: stepLanes }, heatOptions);
      },
      get live() {
        return layerStepHeatmapLive({ depth, lanes: stepLanes }, heatOptions);
      },
    },
    loss: {
      title: titles.loss,
      get figure() {
        return lossCurveFigure({ lanes: stepLanes }, lossOptions);
      },
      get live() {
        return lossCurveLive({ lanes: stepLanes }, lossOptions);
      },
    },
  };
}
