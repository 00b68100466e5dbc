/** The training loss over steps (minibatch cross-entropy), with ln 2 marked: the loss of a coin flip. */
import * as Plot from '@observablehq/plot';
import { asImage, FONT, PANEL, SERIES, thin, type FigureBase } from './theme';

export interface LossCurveData {
  steps: readonly { step: number; loss: number }[];
}

export interface LossCurveOptions extends FigureBase {
  labels: { step: string; loss: string; chance: string };
  ariaLabel: string;
  ariaDescription?: string;
  maxPoints?: number;
}

/** Cross-entropy of always answering ½ on a binary task: ln 2. */
export const CHANCE_LOSS = Math.LN2;

export function lossCurveFigure(data: LossCurveData, options: LossCurveOptions): SVGSVGElement | HTMLElement {
  const rows = thin(data.steps, options.maxPoints ?? 400);
  const top = Math.max(CHANCE_LOSS * 1.25, ...rows.map((r) => Math.min(r.loss, 5)));
  return asImage(
    Plot.plot({
      document: options.document,
      width: options.width ?? PANEL.width,
      height: options.height ?? PANEL.height,
      style: { fontSize: `${FONT.size}px`, fontFamily: FONT.family },
      marginLeft: 52,
      ariaLabel: options.ariaLabel,
      ariaDescription: options.ariaDescription,
      x: { label: options.labels.step, ticks: 4, tickFormat: 'd' },
      y: { label: options.labels.loss, grid: true, domain: [0, top], ticks: 5 },
      marks: [
        Plot.ruleY([CHANCE_LOSS], { stroke: 'currentColor', strokeOpacity: 0.45, strokeDasharray: '4,3' }),
        Plot.line(rows, {
          x: 'step',
          y: (r: { loss: number }) => Math.min(r.loss, top),
          stroke: SERIES[0],
          strokeWidth: 1.5,
        }),
        // Drawn after the line, with a halo in the page's background colour, so the label stays legible over it.
        Plot.text([CHANCE_LOSS], {
          y: (d: number) => d,
          frameAnchor: 'right',
          text: () => options.labels.chance,
          dy: -9,
          textAnchor: 'end',
          stroke: 'var(--plot-background)',
          strokeWidth: 4,
          paintOrder: 'stroke',
        }),
      ],
    }),
  );
}
