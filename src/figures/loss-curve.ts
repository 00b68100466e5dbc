/**
 * The training loss over steps (minibatch cross-entropy), with ln 2 marked: the loss of a coin flip. Two
 * configurations are drawn on the same axes, each in its colour and labelled at its end.
 */
import * as Plot from '@observablehq/plot';
import { type LayerData, liveExtent, liveFigure, type LiveFigure } from './live-layer';
import {
  asImage,
  endLabelShifts,
  type FigureBase,
  frame,
  MARGIN,
  PANEL,
  SERIES,
  stepTicks,
  textWidth,
  thin,
  yPixel,
} from './theme';

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

/** The figure's parts, for the whole figure (`live` false: the build, an export) or a live frame and its data layer. */
function lossCurveParts(data: LossCurveData, options: LossCurveOptions, live: boolean) {
  const compare = data.lanes.length > 1;
  const rows = data.lanes.flatMap((lane) =>
    thin(lane.steps, options.maxPoints ?? 400).map((r) => ({ ...r, lane: lane.label })),
  );
  const highest = Math.max(...rows.map((r) => Math.min(r.loss, 5)));
  // Live, the top of the axis moves in half units only, so that the frame is redrawn only when the loss leaves it.
  const top = Math.max(CHANCE_LOSS * 1.25, live ? Math.ceil(highest * 2) / 2 : highest);
  const ends = compare
    ? data.lanes.flatMap((lane) => (lane.steps.length ? [{ ...lane.steps.at(-1)!, lane: lane.label }] : []))
    : [];
  const first = Math.min(...rows.map((r) => r.step));
  const last = Math.max(...rows.map((r) => r.step));
  const xDomain: [number, number] | undefined = live ? [0, liveExtent(last)] : undefined;
  const clip = (loss: number) => Math.min(loss, top);
  // A's and B's ends, often at the same loss: each label pushed a line clear of the other.
  const height = options.height ?? PANEL.height;
  const natural = ends.map((e) => yPixel(clip(e.loss), [0, top], false, height));
  const shifts = endLabelShifts(natural, height);
  const shift = (i: number) => shifts[i]!;
  // Live, the step axis runs ahead of the run: the names still go in the right margin, at the axis's end (inside the
  // frame they ran into "coin flip (ln 2)"), level with their line's last point.
  const endX = (step: number) => (xDomain ? xDomain[1] : step);
  const plotOptions: Plot.PlotOptions = {
    ...frame(options),
    marginRight: Math.max(MARGIN.right, ...ends.map((e) => 8 + textWidth(e.lane, true))),
    x: {
      label: options.labels.step,
      ...(xDomain ? { domain: xDomain } : {}),
      ticks: xDomain ? stepTicks(xDomain[0], xDomain[1], 4) : stepTicks(first, last, 4),
      tickFormat: 'd',
    },
    y: { label: options.labels.loss, grid: true, domain: [0, top], ticks: 5 },
    color: { domain: data.lanes.map((l) => l.label), range: [...SERIES] },
  };
  const before = [Plot.ruleY([CHANCE_LOSS], { stroke: 'currentColor', strokeOpacity: 0.45, strokeDasharray: '4,3' })];
  const single = data.lanes.length > 0 && data.lanes.every((l) => l.steps.length <= 1);
  const marks = [
    Plot.line(rows, {
      x: 'step',
      y: (r: { loss: number }) => clip(r.loss),
      z: 'lane',
      stroke: 'lane',
      strokeWidth: 1.5,
    }),
    // A run of one step is one point, which a line does not draw.
    Plot.dot(single ? rows : [], {
      x: 'step',
      y: (r: { loss: number }) => clip(r.loss),
      fill: 'lane',
      r: 2.5,
    }),
    ...ends.map((e, i) =>
      Plot.text([e], {
        x: (r: { step: number }) => endX(r.step),
        y: (r: { loss: number }) => clip(r.loss),
        text: 'lane',
        fill: 'lane',
        dx: 6,
        dy: shift(i),
        textAnchor: 'start',
        fontWeight: 700,
      }),
    ),
  ];
  const after = [
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
  ];
  const color = (lane: string) =>
    SERIES[
      Math.max(
        0,
        data.lanes.findIndex((l) => l.label === lane),
      )
    ] ?? SERIES[0];
  const layer: LayerData = {
    lines: data.lanes.map((lane) => ({
      points: rows.filter((r) => r.lane === lane.label).map((r) => [r.step, clip(r.loss)] as const),
      stroke: color(lane.label),
    })),
    dots: single ? rows.map((r) => ({ x: r.step, y: clip(r.loss), fill: color(r.lane), r: 2.5 })) : [],
    texts: ends.map((e, i) => ({
      x: endX(e.step),
      y: clip(e.loss),
      text: e.lane,
      fill: color(e.lane),
      dx: 6,
      dy: shift(i),
      anchor: 'start' as const,
      fontWeight: 700,
    })),
  };
  return { plotOptions, before, marks, after, layer, extra: options.labels.chance };
}

export function lossCurveFigure(data: LossCurveData, options: LossCurveOptions): SVGSVGElement | HTMLElement {
  const p = lossCurveParts(data, options, false);
  return asImage(Plot.plot({ ...p.plotOptions, marks: [...p.before, ...p.marks, ...p.after] }));
}

/** The same figure for a live island: a frame redrawn only when its axes change, and a data layer drawn in place. */
export function lossCurveLive(data: LossCurveData, options: LossCurveOptions): LiveFigure {
  const p = lossCurveParts(data, options, true);
  return liveFigure(p.plotOptions, p.before, p.after, p.layer, () => p.marks, asImage, p.extra);
}
