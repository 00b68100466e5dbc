/**
 * The figure of <ActivationExplorer> with its words: title, text alternative (which functions, and the largest
 * slope of each — the numbers the figure exists to show) and the figure itself, from the same inputs at build
 * time and in the browser.
 */
import type { ActivationId } from '../core/activation-scalars';
import type { translator } from '../i18n';
import { formatNumber } from '../i18n/numbers';
import { activationCurvesFigure, type ActivationCurve, type ActivationCurvesData } from './activation-curves';
import type { Panel } from './panel';

export interface ExplorerContext {
  t: ReturnType<typeof translator>;
  colors: (id: ActivationId) => string;
  document?: Document;
}

export function explorerText(
  curves: readonly ActivationCurve[],
  x: readonly [number, number],
  t: ExplorerContext['t'],
) {
  const title = t('explorer.figure.title');
  const maxima = curves
    .map((c) =>
      t('explorer.alt.max', {
        name: c.label,
        value: formatNumber(c.max.value, 3),
        x: formatNumber(Number(c.max.x.toFixed(2)) || 0, 2),
      }),
    )
    .join(' ');
  const alt = t('explorer.figure.alt', { list: curves.map((c) => c.label).join(', '), lo: x[0], hi: x[1], maxima });
  return { title, alt };
}

export function activationExplorerPanel(data: ActivationCurvesData, ctx: ExplorerContext): Panel {
  const { title, alt } = explorerText(data.curves, data.x, ctx.t);
  return {
    title,
    get figure() {
      return activationCurvesFigure(data, {
        document: ctx.document,
        labels: { x: 'x', y: ctx.t('explorer.axis.y'), maxSlope: ctx.t('explorer.maxSlope') },
        ariaLabel: title,
        ariaDescription: alt,
        colors: ctx.colors,
      });
    },
  };
}
