/**
 * The training loss over steps (minibatch cross-entropy), with ln 2 marked: the loss of a coin flip. Two
 * configurations are drawn on the same axes, each in its colour and labelled at its end.
 */
import * as Plot from '@observablehq/plot';
import { asImage, type FigureBase, frame, SERIES, stepTicks, thin } from './theme';

export interface LossCurveData {
  lanes: readonly { label: string; steps: readonly { step: number; loss: number }[] }[];
}

export interface LossCurveOptions extends FigureBase {
  labels: { step: string; loss: string; chance: string };
  ariaLabel: string;
  ariaDescription?: string | undefined;
  maxPoints?: number;
}

/** Cross-entropy of always answering ½ on a binary task: ln 2. */
export const CHANCE_LOSS = Math.LN2;

export function lossCurveFigure(data: LossCurveData, options: LossCurveOptions): SVGSVGElement | HTMLElement {
  const compare = data.lanes.length > 1;
  const rows = data.lanes.flatMap((lane) =>
    thin(lane.steps, options.maxPoints ?? 400).map((r) => ({ ...r, lane: lane.label })),
  );
  const top = Math.max(CHANCE_LOSS * 1.25, ...rows.map((r) => Math.min(r.loss, 5)));
  const ends = compare
    ? data.lanes.flatMap((lane) => (lane.steps.length ? [{ ...lane.steps.at(-1)!, lane: lane.label }] : []))
    : [];
  return asImage(
    Plot.plot({
      ...frame(options),
      marginLeft: 52,
      marginRight: compare ? 24 : 20,
      x: {
        label: options.labels.step,
        ticks: stepTicks(Math.min(...rows.map((r) => r.step)), Math.max(...rows.map((r) => r.step)), 4),
        tickFormat: 'd',
      },
      y: { label: options.labels.loss, grid: true, domain: [0, top], ticks: 5 },
      color: { domain: data.lanes.map((l) => l.label), range: [...SERIES] },
      marks: [
        Plot.ruleY([CHANCE_LOSS], { stroke: 'currentColor', strokeOpacity: 0.45, strokeDasharray: '4,3' }),
        Plot.line(rows, {
          x: 'step',
          y: (r: { loss: number }) => Math.min(r.loss, top),
          z: 'lane',
          stroke: 'lane',
          strokeWidth: 1.5,
        }),
        // A run of one step is one point, which a line does not draw.
        Plot.dot(data.lanes.length && data.lanes.every((l) => l.steps.length <= 1) ? rows : [], {
          x: 'step',
          y: (r: { loss: number }) => Math.min(r.loss, top),
          fill: 'lane',
          r: 2.5,
        }),
        Plot.text(ends, {
          x: 'step',
          y: (r: { loss: number }) => Math.min(r.loss, top),
          text: 'lane',
          fill: 'lane',
          dx: 6,
          textAnchor: 'start',
          fontWeight: 700,
        }),
        // Drawn after the line, with a halo in the page's background colour, so the label stays legible over it.
        Plot.text([CHANCE_LOSS], {
          y: (d: number) => d,
          frameAnchor: 'right',
          text: () => options.labels.chance,
          dy: -9,
          textAnchor: 'end',
          // With a stroke (the halo) Plot leaves a text's fill at "none" unless it is given.
          fill: 'currentColor',
          stroke: 'var(--plot-background)',
          strokeWidth: 4,
          paintOrder: 'stroke',
        }),
      ],
    }),
  );
}
