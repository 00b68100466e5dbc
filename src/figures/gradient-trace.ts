/**
 * The three panels of <GradientTrace> — gradient norm by layer, by layer over training, and the loss — built
 * from a run's reports with labels in the reader's language. The build (static SVG) and the island (live
 * figure) both call this, so the two pictures cannot drift apart.
 */
import type { MlpReport } from '../core/experiments/mlp.config';
import type { translator } from '../i18n';
import { formatNumber } from '../i18n/numbers';
import { gradientByLayerFigure } from './gradient-by-layer';
import { gradientOverStepsFigure } from './gradient-over-steps';
import { lossCurveFigure } from './loss-curve';

export interface Panel {
  /** Shown above the figure, and the figure's accessible name. */
  title: string;
  figure: SVGSVGElement | HTMLElement;
}

export interface TracePanels {
  byLayer: Panel;
  overSteps: Panel;
  loss: Panel;
}

export const PANEL_KEYS = ['byLayer', 'overSteps', 'loss'] as const;

export interface TracePanelContext {
  t: ReturnType<typeof translator>;
  activationLabel: string;
  /** The network's depth, so that an empty run (step 0) still gets the right axes. */
  depth: number;
  document?: Document;
}

export function gradientTracePanels(reports: readonly MlpReport[], ctx: TracePanelContext): TracePanels {
  const { t } = ctx;
  const last = reports.at(-1);
  const first = reports[0];
  const depth = ctx.depth;
  const step = last?.step ?? 0;
  const titles = {
    byLayer: t('fig.byLayer.title', { step }),
    overSteps: t('fig.overSteps.title'),
    loss: t('fig.loss.title'),
  };
  const figures = {
    byLayer: gradientByLayerFigure(
      { depth, current: last?.gradNorms ?? [], first: reports.length > 1 ? first?.gradNorms : undefined, step },
      {
        document: ctx.document,
        labels: {
          layer: t('fig.layer'),
          gradNorm: t('fig.gradNorm'),
          first: t('fig.firstStep'),
          current: t('fig.currentStep', { step }),
        },
        ariaLabel: titles.byLayer,
        ariaDescription: last
          ? t('fig.byLayer.alt', {
              depth,
              activation: ctx.activationLabel,
              step,
              first: formatNumber(last.gradNorms[0]!),
              last: formatNumber(last.gradNorms[depth - 1]!),
            })
          : undefined,
      },
    ),
    overSteps: gradientOverStepsFigure(
      { depth, steps: reports },
      {
        document: ctx.document,
        labels: {
          step: t('fig.step'),
          gradNorm: t('fig.gradNorm'),
          firstLayer: t('fig.firstLayer'),
          lastLayer: t('fig.lastLayer', { depth }),
        },
        ariaLabel: titles.overSteps,
        ariaDescription: t('fig.overSteps.alt', { depth, steps: step }),
      },
    ),
    loss: lossCurveFigure(
      { steps: reports },
      {
        document: ctx.document,
        labels: { step: t('fig.step'), loss: t('fig.loss'), chance: t('fig.chance') },
        ariaLabel: titles.loss,
        ariaDescription:
          first && last
            ? t('fig.loss.alt', { steps: step, start: formatNumber(first.loss, 3), end: formatNumber(last.loss, 3) })
            : undefined,
      },
    ),
  };
  return {
    byLayer: { title: titles.byLayer, figure: figures.byLayer },
    overSteps: { title: titles.overSteps, figure: figures.overSteps },
    loss: { title: titles.loss, figure: figures.loss },
  };
}
