/**
 * Quantities along an integer axis — training steps, layers, time steps — as lines, for one configuration or two
 * (compare mode) on shared axes. A configuration may carry several series: the gradient norm before and after
 * clipping, the pre-trained and the randomly initialised network. Alone, its series take the series colours;
 * comparing, colour tells the configurations apart (A blue, B orange). Either way the dash tells the series apart,
 * so the figure reads in grey too, and every line is named at its end, the names pushed apart so that they never
 * print over each other.
 */
import * as Plot from '@observablehq/plot';
import { type LayerData, liveExtent, liveFigure, type LiveFigure } from './live-layer';
import type { Panel } from './panel';
import {
  asImage,
  CATEGORY,
  endLabelShifts,
  type FigureBase,
  frame,
  MARGIN,
  PANEL,
  SERIES,
  stepTicks,
  textWidth,
  yPixel,
} from './theme';

export interface LinePoint {
  x: number;
  y: number;
}

export interface LineSeries {
  /** Which series this is (the same key in every lane); its name comes from `labels.series`. */
  key: string;
  points: readonly LinePoint[];
}

export interface LineSeriesData {
  /** One per configuration: "A" / "B" when comparing, "" alone. */
  lanes: readonly { label: string; series: readonly LineSeries[] }[];
}

export interface LineSeriesOptions extends FigureBase {
  labels: { x: string; y: string; series?: Readonly<Record<string, string>> };
  ariaLabel: string;
  ariaDescription?: string | undefined;
  /** A log y axis (whole decades), for norms; linear otherwise. */
  log?: boolean;
  /** A fixed linear y range (fractions, accuracies). */
  yDomain?: readonly [number, number];
  xDomain?: readonly [number, number];
  /** A dashed horizontal line, named at its left end (chance, a threshold). */
  reference?: { value: number; label: string };
  /** Dots on every point (short series such as layers). */
  dots?: boolean;
  /**
   * Half-life in points of an exponential moving average (of log10 y on a log axis): minibatch numbers jitter,
   * and the trend is the story. 0 or absent: raw values.
   */
  smooth?: number;
  /** Upper bound on the points of one line. */
  maxPoints?: number;
  /** Thin long series by keeping each stretch's largest value, so that spikes survive (default: every k-th). */
  peaks?: boolean;
  /** The x axis is training steps, which grow while a lab plays: live, it extends in round steps (live-layer.ts). */
  growing?: boolean;
}

interface Row {
  x: number;
  y: number;
  line: string;
  color: string;
}

const DASHES = [undefined, '5,3', '1.5,2.5', '8,3,2,3'] as const;

/** Exponential moving average, on log10 of the values for a log axis. */
function smoothed(points: readonly LinePoint[], halfLife: number, log: boolean): LinePoint[] {
  if (!(halfLife > 0)) return points.slice();
  const keep = Math.pow(0.5, 1 / halfLife);
  let acc = Number.NaN;
  return points.map(({ x, y }) => {
    const v = log ? Math.log10(y) : y;
    acc = Number.isNaN(acc) ? v : keep * acc + (1 - keep) * v;
    return { x, y: log ? Math.pow(10, acc) : acc };
  });
}

/** At most `max` points: every k-th, or each stretch's largest; the last point always stays. */
function thinned(points: readonly LinePoint[], max: number, peaks: boolean): LinePoint[] {
  if (points.length <= max) return points.slice();
  const stride = Math.ceil(points.length / max);
  const out: LinePoint[] = [];
  for (let i = 0; i < points.length; i += stride) {
    const stretch = points.slice(i, i + stride);
    out.push(peaks ? stretch.reduce((a, b) => (b.y > a.y ? b : a)) : stretch[0]!);
  }
  if (out.at(-1) !== points.at(-1)) out.push(points.at(-1)!);
  return out;
}

function lineSeriesParts(data: LineSeriesData, options: LineSeriesOptions, live: boolean) {
  const log = options.log ?? false;
  const compare = data.lanes.length > 1;
  // Series keep their dash (and, alone, their colour) by the order of `labels.series`, whichever lanes have them.
  const keys = [
    ...new Set([...Object.keys(options.labels.series ?? {}), ...data.lanes.flatMap((l) => l.series.map((s) => s.key))]),
  ];
  const name = (key: string) => options.labels.series?.[key] ?? key;
  const valid = (y: number) => Number.isFinite(y) && (!log || y > 0);

  const lines: { rows: Row[]; dash: number; end: Row & { text: string } }[] = [];
  data.lanes.forEach((lane, li) => {
    for (const s of lane.series) {
      const si = keys.indexOf(s.key);
      const color = compare
        ? (SERIES[li] ?? SERIES[0])
        : si < SERIES.length
          ? SERIES[si]!
          : CATEGORY[si % CATEGORY.length]!;
      const finite = s.points.filter((p) => valid(p.y) && Number.isFinite(p.x));
      const points = thinned(
        smoothed(finite, options.smooth ?? 0, log),
        options.maxPoints ?? 400,
        options.peaks ?? false,
      );
      if (!points.length) continue;
      const line = `${lane.label}|${s.key}`;
      const rows = points.map((p) => ({ ...p, line, color }));
      const text = [compare ? lane.label : '', keys.length > 1 ? name(s.key) : ''].filter(Boolean).join(' ');
      lines.push({ rows, dash: si % DASHES.length, end: { ...rows.at(-1)!, text } });
    }
  });

  const ys = lines.flatMap((l) => l.rows.map((r) => r.y));
  if (options.reference && valid(options.reference.value)) ys.push(options.reference.value);
  let yDomain: [number, number];
  let ticks: number[] | undefined;
  if (log) {
    const lo = ys.length ? Math.floor(Math.log10(Math.min(...ys))) : -1;
    const hi = ys.length ? Math.max(lo + 1, Math.ceil(Math.log10(Math.max(...ys)))) : 1;
    yDomain = [Math.pow(10, lo), Math.pow(10, hi)];
    const every = Math.max(1, Math.ceil((hi - lo) / 5));
    ticks = [];
    for (let e = lo; e <= hi; e += every) ticks.push(Math.pow(10, e));
  } else if (options.yDomain) {
    yDomain = [options.yDomain[0], options.yDomain[1]];
  } else {
    const lo = Math.min(0, ...ys);
    const hi = Math.max(...ys, lo + 1e-9);
    yDomain = [lo, ys.length ? hi : 1];
  }
  const xs = lines.flatMap((l) => l.rows.map((r) => r.x));
  const exact: [number, number] = options.xDomain
    ? [options.xDomain[0], options.xDomain[1]]
    : xs.length
      ? [Math.min(...xs), Math.max(Math.min(...xs) + 1, ...xs)]
      : [0, 1];
  // Live, an axis of training steps holds still while the run grows into it (see live-layer.ts).
  const xDomain: [number, number] = live && options.growing ? [exact[0], liveExtent(exact[1])] : exact;

  const height = options.height ?? PANEL.height;
  const ends = lines.map((l) => l.end).filter((e) => e.text);
  const marginRight = Math.min(132, Math.max(MARGIN.right, ...ends.map((e) => 8 + textWidth(e.text, true))));
  // Where each end label would sit, in pixels from the top, then pushed apart.
  const natural = ends.map((e) => yPixel(e.y, yDomain, log, height));
  const shifts = endLabelShifts(natural, height);
  // Live, a step axis runs ahead of the run: the names still go in the right margin, at the axis's end, level with
  // their line's last point (inside the frame they could run into the reference's name).
  const endX = (x: number) => (live && options.growing ? xDomain[1] : x);
  const decades = log ? Math.round(Math.log10(yDomain[1] / yDomain[0])) : 0;

  const plotOptions: Plot.PlotOptions = {
    ...frame(options),
    marginRight,
    x: { label: options.labels.x, domain: xDomain, ticks: stepTicks(xDomain[0], xDomain[1], 4), tickFormat: 'd' },
    y: log
      ? {
          type: 'log',
          label: options.labels.y,
          domain: yDomain,
          grid: true,
          ticks,
          tickFormat: decades >= 3 ? '.0e' : '~g',
        }
      : { label: options.labels.y, domain: yDomain, grid: true, ticks: 5 },
  };
  const reference = options.reference && valid(options.reference.value) ? options.reference : undefined;
  const before = reference
    ? [
        Plot.ruleY([reference.value], {
          stroke: 'currentColor',
          strokeOpacity: 0.45,
          strokeDasharray: '4,3',
        }),
        Plot.text([reference.value], {
          y: (d: number) => d,
          frameAnchor: 'left',
          text: () => reference.label,
          dx: 4,
          dy: -7,
          textAnchor: 'start',
          fill: 'currentColor',
          stroke: 'var(--plot-background)',
          strokeWidth: 4,
          paintOrder: 'stroke',
        }),
      ]
    : [];
  const dotted = lines.flatMap((l) =>
    options.dots || l.rows.filter((r) => Number.isFinite(r.y)).length === 1 ? l.rows : [],
  );
  const marks = () => [
    ...DASHES.map((dash, d) =>
      Plot.line(
        lines.filter((l) => l.dash === d).flatMap((l) => l.rows),
        {
          x: 'x',
          y: 'y',
          z: 'line',
          stroke: (r: Row) => r.color,
          strokeWidth: 1.5,
          ...(dash ? { strokeDasharray: dash } : {}),
        },
      ),
    ),
    // A line of one point draws nothing: show that point (a run of one step), or every point when asked.
    Plot.dot(dotted, { x: 'x', y: 'y', fill: (r: Row) => r.color, r: 2.5 }),
    ...ends.map((e, i) =>
      Plot.text([e], {
        x: (r: { x: number }) => endX(r.x),
        y: 'y',
        text: 'text',
        fill: e.color,
        dx: 6,
        dy: shifts[i]!,
        textAnchor: 'start',
        fontWeight: 700,
      }),
    ),
  ];
  const layer: LayerData = {
    lines: lines.map((l) => ({
      points: l.rows.map((r) => [r.x, r.y] as const),
      stroke: l.rows[0]!.color,
      strokeWidth: 1.5,
      dash: DASHES[l.dash],
    })),
    dots: dotted.map((r) => ({ x: r.x, y: r.y, fill: r.color, r: 2.5 })),
    texts: ends.map((e, i) => ({
      x: endX(e.x),
      y: e.y,
      text: e.text,
      fill: e.color,
      dx: 6,
      dy: shifts[i]!,
      anchor: 'start' as const,
      fontWeight: 700,
    })),
  };
  return { plotOptions, before, marks, layer };
}

export function lineSeriesFigure(data: LineSeriesData, options: LineSeriesOptions): SVGSVGElement | HTMLElement {
  const p = lineSeriesParts(data, options, false);
  return asImage(Plot.plot({ ...p.plotOptions, marks: [...p.before, ...p.marks()] }));
}

/** The same figure for a live island: a frame redrawn only when its axes change, and a data layer drawn in place. */
export function lineSeriesLive(data: LineSeriesData, options: LineSeriesOptions): LiveFigure {
  const p = lineSeriesParts(data, options, true);
  return liveFigure(p.plotOptions, p.before, [], p.layer, p.marks, asImage, options.reference?.label ?? null);
}

/** A panel of lines: its figure for the build (and an export), its live figure for a playing lab. */
export function lineSeriesPanel(title: string, args: () => [LineSeriesData, LineSeriesOptions]): Panel {
  return {
    title,
    get figure() {
      return lineSeriesFigure(...args());
    },
    get live() {
      return lineSeriesLive(...args());
    },
  };
}
