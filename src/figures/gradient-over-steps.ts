/**
 * ‖∂L/∂W_l‖ over training steps, one line per layer coloured from input (violet) to output (orange), log axis.
 * Each line is smoothed (an exponential moving average of log10 of the norm, half-life `halfLife` steps) because
 * single-minibatch norms jitter by an order of magnitude. Vanishing gradients show as a fan of parallel lines
 * orders of magnitude apart; the first and last layers are labelled at the right edge. Two configurations are
 * drawn side by side on the same axes.
 */
import * as Plot from '@observablehq/plot';
import {
  decadeDomain,
  facetAnchor,
  type LayerData,
  type LayerLine,
  liveExtent,
  liveFigure,
  type LiveFigure,
} from './live-layer';
import {
  asImage,
  endLabelShifts,
  type FigureBase,
  frame,
  LAYER_RAMP,
  logSmoother,
  MARGIN,
  PANEL,
  smoothLog,
  stepTicks,
  textWidth,
  thin,
  yPixel,
} from './theme';

export interface GradientOverStepsData {
  depth: number;
  /** One per configuration: "A" / "B" when comparing ("" alone), and its steps, every layer's norm input side first. */
  lanes: readonly { label: string; steps: readonly { step: number; gradNorms: readonly number[] }[] }[];
}

export interface GradientOverStepsOptions extends FigureBase {
  labels: { step: string; gradNorm: string; firstLayer: string; lastLayer: string };
  ariaLabel: string;
  ariaDescription?: string | undefined;
  /** Upper bound on points per line, so that long runs stay cheap to draw. */
  maxPoints?: number;
  /** Half-life of the smoothing, in steps (0: raw values). */
  halfLife?: number;
}

interface Row {
  step: number;
  layer: number;
  norm: number;
  lane: string;
  /** The layer's colour, computed once per layer: a colour scale over every row was most of a live redraw. */
  color: string;
}

/** Each layer's colour, input side violet to output side orange, computed once per depth. */
const colorsByDepth = new Map<number, string[]>();
function layerColors(depth: number): string[] {
  let colors = colorsByDepth.get(depth);
  if (!colors) {
    const scale = Plot.scale({ color: { ...LAYER_RAMP, domain: [1, Math.max(2, depth)] } });
    colors = Array.from({ length: depth + 1 }, (_, l) => String(scale.apply(l)));
    colorsByDepth.set(depth, colors);
  }
  return colors;
}

/**
 * Each layer's smoothed norms over a run, kept between a live figure's redraws: a run only grows while it plays, so
 * each redraw smooths only the steps that arrived since the last (the whole history was most of a redraw). Keyed by
 * the run's first report, which a reset replaces; the same numbers as smoothLog over the whole run.
 */
const runs = new WeakMap<
  object,
  { depth: number; halfLife: number; smoothers: ((v: number) => number)[]; series: number[][] }
>();

function smoothedRun(
  steps: readonly { gradNorms: readonly number[] }[],
  depth: number,
  halfLife: number,
): readonly (readonly number[])[] {
  const first = steps[0];
  if (!first || !(halfLife > 0) || depth < 1)
    return Array.from({ length: depth }, (_, l) =>
      smoothLog(
        steps.map((s) => s.gradNorms[l] ?? Number.NaN),
        halfLife,
      ),
    );
  let run = runs.get(first);
  if (!run || run.depth !== depth || run.halfLife !== halfLife || run.series[0]!.length > steps.length) {
    run = {
      depth,
      halfLife,
      smoothers: Array.from({ length: depth }, () => logSmoother(halfLife)),
      series: Array.from({ length: depth }, () => []),
    };
    runs.set(first, run);
  }
  for (let i = run.series[0]!.length; i < steps.length; i++) {
    const norms = steps[i]!.gradNorms;
    for (let l = 0; l < depth; l++) run.series[l]!.push(run.smoothers[l]!(norms[l] ?? Number.NaN));
  }
  return run.series;
}

function gradientOverStepsParts(data: GradientOverStepsData, options: GradientOverStepsOptions, live: boolean) {
  const depth = data.depth;
  const halfLife = options.halfLife ?? 8;
  const compare = data.lanes.length > 1;
  const rows: Row[] = [];
  const lines: (LayerLine & { lane: string; layer: number })[] = [];
  const ends: (Row & { text: string })[] = [];
  const colors = layerColors(depth);
  const strokeWidth = depth > 24 ? 1 : 1.5;
  for (const lane of data.lanes) {
    const smoothed = live
      ? smoothedRun(lane.steps, depth, halfLife)
      : Array.from({ length: depth }, (_, l) =>
          smoothLog(
            lane.steps.map((s) => s.gradNorms[l] ?? Number.NaN),
            halfLife,
          ),
        );
    const indices = thin(
      lane.steps.map((_, i) => i),
      (options.maxPoints ?? 240) / (compare ? 2 : 1),
    );
    if (live)
      smoothed.forEach((series, l) =>
        lines.push({
          lane: lane.label,
          layer: l + 1,
          points: indices.map((i) => [lane.steps[i]!.step, series[i]!] as const),
          stroke: colors[l + 1]!,
          strokeWidth,
          ...(compare ? { facet: lane.label } : {}),
        }),
      );
    else
      for (const i of indices)
        smoothed.forEach((series, l) =>
          rows.push({
            step: lane.steps[i]!.step,
            layer: l + 1,
            norm: series[i]!,
            lane: lane.label,
            color: colors[l + 1]!,
          }),
        );
    const last = indices.at(-1);
    if (last === undefined) continue;
    const step = lane.steps[last]!.step;
    ends.push(
      ...[
        {
          step,
          layer: 1,
          norm: smoothed[0]![last]!,
          lane: lane.label,
          color: colors[1]!,
          text: options.labels.firstLayer,
        },
        {
          step,
          layer: depth,
          norm: smoothed[depth - 1]![last]!,
          lane: lane.label,
          color: colors[depth]!,
          text: options.labels.lastLayer,
        },
      ].filter((r) => r.norm > 0 && (depth > 1 || r.layer === 1)),
    );
  }
  // The extent of what is drawn, in one loop (a live redraw goes over thousands of points).
  let lowStep = Infinity;
  let highStep = -Infinity;
  let lowNorm = Infinity;
  let highNorm = -Infinity;
  const extend = (step: number, norm: number) => {
    if (step < lowStep) lowStep = step;
    if (step > highStep) highStep = step;
    if (norm > 0 && Number.isFinite(norm)) {
      if (norm < lowNorm) lowNorm = norm;
      if (norm > highNorm) highNorm = norm;
    }
  };
  if (live) for (const l of lines) for (const [step, norm] of l.points) extend(step, norm);
  else for (const r of rows) extend(r.step, r.norm);
  const facet = compare ? { fx: 'lane' } : {};
  // Live, the axes hold still while the run grows into them: the steps up to a round length, whole decades. Drawn
  // whole, the domain is the extent of the lines, as Plot would take it, written out for the labels' places.
  const xDomain: [number, number] | undefined = live ? [0, liveExtent(Math.max(1, highStep))] : undefined;
  const yDomain: [number, number] | undefined = live
    ? decadeDomain(highNorm >= lowNorm ? [lowNorm, highNorm] : [])
    : highNorm >= lowNorm
      ? [lowNorm, highNorm]
      : undefined;
  // The first and the last layer are named in the right margin, pushed a line apart where they end close together
  // (healthy flow). Side by side, only the last configuration's are: in the gap between the panels A's names ran
  // into B's lines, and the colours are the same in both.
  const labelled = ends.filter((e) => e.lane === ends.at(-1)?.lane);
  const height = options.height ?? PANEL.height;
  const natural = labelled.map((e) => (yDomain ? yPixel(e.norm, yDomain, true, height) : MARGIN.top));
  const shifts = endLabelShifts(natural, height);
  // Live, the step axis runs ahead of the run: the names still go in the right margin, at the axis's end.
  const labels = labelled.map((e, i) => ({ ...e, step: xDomain ? xDomain[1] : e.step, dy: shifts[i]! }));
  const plotOptions: Plot.PlotOptions = {
    ...frame(options),
    marginRight: Math.max(MARGIN.right, ...labels.map((e) => 6 + textWidth(e.text))),
    x: {
      label: options.labels.step,
      ...(xDomain ? { domain: xDomain } : {}),
      ticks: xDomain
        ? stepTicks(xDomain[0], xDomain[1], compare ? 2 : 4)
        : stepTicks(lowStep, highStep, compare ? 2 : 4),
      tickFormat: 'd',
    },
    y: {
      type: 'log',
      label: options.labels.gradNorm,
      grid: true,
      tickFormat: '.0e',
      ticks: 5,
      ...(yDomain ? { domain: yDomain } : {}),
    },
    ...(compare ? { fx: { label: null, domain: data.lanes.map((l) => l.label), padding: 0.25 } } : {}),
  };
  const marks = (rows: readonly Row[]) => [
    Plot.line(rows, {
      x: 'step',
      y: 'norm',
      z: 'layer',
      stroke: 'color',
      strokeWidth,
      ...facet,
    }),
    ...labels.map((e) =>
      Plot.text([e], {
        x: 'step',
        y: 'norm',
        text: 'text',
        fill: 'color',
        dx: 4,
        dy: e.dy,
        textAnchor: 'start',
        ...facet,
      }),
    ),
  ];
  const layer: LayerData = {
    lines,
    texts: labels.map((e) => ({
      x: e.step,
      y: e.norm,
      text: e.text,
      fill: e.color,
      dx: 4,
      dy: e.dy,
      anchor: 'start' as const,
      ...(compare ? { facet: e.lane } : {}),
    })),
  };
  return { plotOptions, marks, layer, rows, lines };
}

export function gradientOverStepsFigure(
  data: GradientOverStepsData,
  options: GradientOverStepsOptions,
): SVGSVGElement | HTMLElement {
  const p = gradientOverStepsParts(data, options, false);
  return asImage(Plot.plot({ ...p.plotOptions, marks: p.marks(p.rows) }));
}

/** The same figure for a live island: a frame redrawn only when its axes change, and a data layer drawn in place. */
export function gradientOverStepsLive(data: GradientOverStepsData, options: GradientOverStepsOptions): LiveFigure {
  const p = gradientOverStepsParts(data, options, true);
  // The whole figure's rows, from the lines the layer draws (made only if it is asked for).
  const rows = () =>
    p.lines.flatMap((l) =>
      l.points.map(([step, norm]) => ({ step, norm, layer: l.layer, lane: l.lane, color: l.stroke })),
    );
  const anchor = data.lanes.length > 1 ? [facetAnchor(data.lanes.map((l) => l.label))] : [];
  return liveFigure(p.plotOptions, anchor, [], p.layer, () => p.marks(rows()), asImage);
}
