/**
 * One number per layer at one step — ‖∂L/∂W_l‖, the spread of the forward signal — against the layer index l,
 * usually on a log axis: a straight falling line is the exponential decay the chain rule predicts; a flat line is
 * healthy flow. Step 1 is drawn faintly behind the current step, so the reader sees how training changed the
 * profile. With one configuration the dots run from violet (input side) to orange (output side); comparing two,
 * each has its colour and both share the axes.
 */
import * as Plot from '@observablehq/plot';
import { decadeDomain, type LayerData, liveFigure, type LiveFigure } from './live-layer';
import {
  asImage,
  endLabelShifts,
  type FigureBase,
  frame,
  LAYER_RAMP,
  MARGIN,
  niceTicks,
  PANEL,
  SERIES,
  textWidth,
  yPixel,
} from './theme';

export interface LayerProfileSeries {
  /** "A" / "B" when comparing; "" for a single configuration. */
  label: string;
  /** Values at the current step, input side first. */
  current: readonly number[];
  /** Values at step 1, for reference; omitted before the run has two steps. */
  first?: readonly number[] | undefined;
}

export interface LayerProfileData {
  /** Number of layers on the x axis. */
  layers: number;
  series: readonly LayerProfileSeries[];
}

export interface LayerProfileOptions extends FigureBase {
  labels: { layer: string; value: string; first: string };
  ariaLabel: string;
  ariaDescription?: string | undefined;
  /** A log axis for norms and spreads (default), linear for fractions. */
  type?: 'log' | 'linear';
  /** A horizontal reference line (1 for a gain). */
  reference?: number;
}

/**
 * Step 1's line, dashed behind the current step. At opacity 0.35 the blue one all but vanished on the dark page
 * (1.4:1 against #17181c); at 0.85 A's and B's step-1 lines keep at least 2.8:1 on both backgrounds, and the dash
 * and the missing dots still set them apart from the current step. Alone, the line is in the text colour, which
 * stays plain at half strength.
 */
const firstOpacity = (compare: boolean) => (compare ? 0.85 : 0.5);

function layerProfileParts(data: LayerProfileData, options: LayerProfileOptions, live: boolean) {
  const log = (options.type ?? 'log') === 'log';
  const value = (v: number) => (log && !(v > 0) ? Number.NaN : v);
  const rows = (values: readonly number[], lane: string) =>
    values.map((v, i) => ({ layer: i + 1, value: value(v), lane }));
  const compare = data.series.length > 1;
  const current = data.series.flatMap((s) => rows(s.current, s.label));
  const first = data.series.flatMap((s) => (s.first ? rows(s.first, s.label) : []));
  const layers = data.layers;
  const lanes = data.series.map((s) => s.label);
  const ends = compare
    ? data.series
        .map((s) => ({ layer: s.current.length, value: value(s.current.at(-1) ?? Number.NaN), lane: s.label }))
        .filter((r) => Number.isFinite(r.value))
    : [];
  const laneColor = (lane: string) => SERIES[Math.max(0, lanes.indexOf(lane))] ?? SERIES[0];
  // Powers of ten label a log axis that spans decades. Over less than a decade d3's log tick format blanks most
  // labels whatever format it is given, so such an axis gets round ticks labelled by a text mark of its own.
  const finite = [...current, ...first].map((r) => r.value).filter((v) => v > 0 && Number.isFinite(v));
  const decades = finite.length ? Math.log10(Math.max(...finite) / Math.min(...finite)) : 0;
  const narrow = log && finite.length > 0 && decades < 1;
  const ticks = narrow ? niceTicks(Math.min(...finite), Math.max(...finite), 4) : [];
  // Live, a log axis spanning decades holds still on whole decades while the values move inside them.
  const liveDomain = live && log && !narrow && finite.length ? decadeDomain(finite) : undefined;
  // The y domain as Plot would take it (the extent of everything on the axis), written out so that A's and B's end
  // labels, which often meet at the last layer, can be pushed a line apart before anything is drawn.
  const onAxis = [...current, ...first]
    .map((r) => r.value)
    .concat(options.reference === undefined ? [] : [options.reference])
    .filter((v) => Number.isFinite(v) && (!log || v > 0));
  const yDomain: [number, number] | undefined =
    liveDomain ?? (onAxis.length ? [Math.min(...onAxis), Math.max(...onAxis)] : undefined);
  const height = options.height ?? PANEL.height;
  const natural = ends.map((r) => (yDomain ? yPixel(r.value, yDomain, log, height) : MARGIN.top));
  const shifts = endLabelShifts(natural, height);
  const shift = (i: number) => shifts[i]!;
  const plotOptions: Plot.PlotOptions = {
    ...frame(options),
    marginRight: Math.max(MARGIN.right, ...ends.map((r) => 10 + textWidth(r.lane, true))),
    x: {
      label: options.labels.layer,
      domain: [0.5, layers + 0.5],
      ticks: layers <= 12 ? layers : 6,
      tickFormat: 'd',
    },
    y: !log
      ? { label: options.labels.value, grid: true, ticks: 5, ...(yDomain ? { domain: yDomain } : {}) }
      : narrow
        ? {
            type: 'log',
            label: options.labels.value,
            grid: true,
            ticks,
            tickFormat: () => '',
            ...(yDomain ? { domain: yDomain } : {}),
          }
        : {
            type: 'log',
            label: options.labels.value,
            grid: true,
            tickFormat: (liveDomain ? Math.log10(liveDomain[1] / liveDomain[0]) : decades) >= 2 ? '.0e' : '~g',
            ticks: 5,
            ...(yDomain ? { domain: yDomain } : {}),
          },
    color: compare ? { domain: lanes, range: [...SERIES] } : { ...LAYER_RAMP, domain: [1, Math.max(2, layers)] },
  };
  const before = [
    Plot.text(ticks, {
      y: (d: number) => d,
      frameAnchor: 'left',
      dx: -9,
      textAnchor: 'end',
      text: (d: number) => String(Number(d.toPrecision(3))),
      fontVariant: 'tabular-nums',
    }),
    ...(options.reference === undefined
      ? []
      : [Plot.ruleY([options.reference], { stroke: 'currentColor', strokeOpacity: 0.45, strokeDasharray: '4,3' })]),
  ];
  const dotR = layers > 32 ? 2.5 : 3.5;
  const firstLabel = first.filter((r) => r.lane === lanes[0]).slice(-1);
  const marks = [
    Plot.line(first, {
      x: 'layer',
      y: 'value',
      z: 'lane',
      stroke: compare ? (d: { lane: string }) => laneColor(d.lane) : 'currentColor',
      strokeOpacity: firstOpacity(compare),
      strokeDasharray: '3,3',
    }),
    Plot.line(current, {
      x: 'layer',
      y: 'value',
      z: 'lane',
      stroke: compare ? (d: { lane: string }) => laneColor(d.lane) : 'currentColor',
      strokeOpacity: compare ? 0.9 : 0.6,
    }),
    Plot.dot(current, { x: 'layer', y: 'value', fill: compare ? 'lane' : 'layer', r: dotR }),
    Plot.text(firstLabel, {
      x: 'layer',
      y: 'value',
      text: () => options.labels.first,
      dx: -4,
      dy: -8,
      textAnchor: 'end',
      fillOpacity: 0.8,
      // A halo in the page's colour: the label often sits on the current step's line and dots. (With a stroke, Plot
      // leaves the fill at "none" unless it is given.)
      fill: 'currentColor',
      stroke: 'var(--plot-background)',
      strokeWidth: 4,
      paintOrder: 'stroke',
    }),
    ...ends.map((r, i) =>
      Plot.text([r], {
        x: 'layer',
        y: 'value',
        text: 'lane',
        fill: 'lane',
        dx: 8,
        dy: shift(i),
        textAnchor: 'start',
        fontWeight: 700,
      }),
    ),
  ];
  const layerColor = live ? Plot.scale({ color: { ...LAYER_RAMP, domain: [1, Math.max(2, layers)] } }) : null;
  const points = (rs: typeof current, lane: string) =>
    rs.filter((r) => r.lane === lane).map((r) => [r.layer, r.value] as const);
  const layer: LayerData = {
    lines: [
      ...lanes.map((lane) => ({
        points: points(first, lane),
        stroke: compare ? laneColor(lane) : 'currentColor',
        strokeOpacity: firstOpacity(compare),
        dash: '3,3',
      })),
      ...lanes.map((lane) => ({
        points: points(current, lane),
        stroke: compare ? laneColor(lane) : 'currentColor',
        strokeOpacity: compare ? 0.9 : 0.6,
      })),
    ],
    dots: current.map((r) => ({
      x: r.layer,
      y: r.value,
      r: dotR,
      fill: compare ? laneColor(r.lane) : String(layerColor?.apply(r.layer)),
    })),
    texts: [
      ...firstLabel.map((r) => ({
        x: r.layer,
        y: r.value,
        text: options.labels.first,
        fill: 'currentColor',
        dx: -4,
        dy: -8,
        anchor: 'end' as const,
        fillOpacity: 0.8,
        halo: true,
      })),
      ...ends.map((r, i) => ({
        x: r.layer,
        y: r.value,
        text: r.lane,
        fill: laneColor(r.lane),
        dx: 8,
        dy: shift(i),
        anchor: 'start' as const,
        fontWeight: 700,
      })),
    ],
  };
  return { plotOptions, before, marks, layer };
}

export function layerProfileFigure(data: LayerProfileData, options: LayerProfileOptions): SVGSVGElement | HTMLElement {
  const p = layerProfileParts(data, options, false);
  return asImage(Plot.plot({ ...p.plotOptions, marks: [...p.before, ...p.marks] }));
}

/** The same figure for a live island: a frame redrawn only when its axes change, and a data layer drawn in place. */
export function layerProfileLive(data: LayerProfileData, options: LayerProfileOptions): LiveFigure {
  const p = layerProfileParts(data, options, true);
  return liveFigure(p.plotOptions, p.before, [], p.layer, () => p.marks, asImage);
}
