/**
 * Every layer's gradient norm at every step at once: a heat map with training steps across and layers up (input at
 * the bottom), coloured by log10 of the norm. Vanishing gradients show as dark lower rows; a band that changes
 * colour over time is a layer whose gradient grew or died during training. Steps are grouped into at most
 * `maxColumns` columns, each showing the geometric mean of its steps (norms are averaged as logarithms, like the
 * smoothed lines). Two configurations are drawn side by side on one colour scale.
 */
import * as Plot from '@observablehq/plot';
import { colorBar } from './color-bar';
import { asImage, type FigureBase, frame, HEAT_SCHEME, MARGIN, stepTicks, textWidth } from './theme';
import { rasterRects } from './raster';
import { facetAnchor, type LayerData, liveExtent, liveFigure, type LiveFigure } from './live-layer';

export interface LayerStepHeatmapData {
  depth: number;
  lanes: readonly { label: string; steps: readonly { step: number; gradNorms: readonly number[] }[] }[];
}

export interface LayerStepHeatmapOptions extends FigureBase {
  labels: { step: string; layer: string; value: string };
  ariaLabel: string;
  ariaDescription?: string | undefined;
  maxColumns?: number;
}

interface Cell {
  lane: string;
  x1: number;
  x2: number;
  layer: number;
  value: number;
}

/** Group steps 1…last into at most `max` equal runs of steps; each column covers (x1, x2]. */
export function stepColumns(last: number, max: number): [number, number][] {
  const width = Math.max(1, Math.ceil(last / max));
  const out: [number, number][] = [];
  for (let x1 = 0; x1 < last; x1 += width) out.push([x1, Math.min(last, x1 + width)]);
  return out;
}

type Steps = LayerStepHeatmapData['lanes'][number]['steps'];

interface Sums {
  /** Per column and layer (column-major: column × depth + layer), the sum of log10 of the norms and their count. */
  sums: Float64Array;
  counts: Uint32Array;
  /** How many of the run's steps are in them. */
  seen: number;
}

/** Add steps `from`… of a run into the column sums. */
function addSteps(into: Sums, steps: Steps, columns: readonly (readonly [number, number])[], depth: number): Sums {
  let c = 0;
  for (let i = into.seen; i < steps.length; i++) {
    const s = steps[i]!;
    while (c < columns.length && s.step > columns[c]![1]) c++;
    if (c >= columns.length) break;
    if (s.step <= columns[c]![0]) continue;
    s.gradNorms.forEach((g, l) => {
      if (g > 0 && l < depth) {
        into.sums[c * depth + l] = into.sums[c * depth + l]! + Math.log10(g);
        into.counts[c * depth + l] = into.counts[c * depth + l]! + 1;
      }
    });
    into.seen = i + 1;
  }
  return into;
}

const fresh = (columns: number, depth: number): Sums => ({
  sums: new Float64Array(columns * depth),
  counts: new Uint32Array(columns * depth),
  seen: 0,
});

/** Each column's geometric mean per layer, as sums of logarithms (a build-time figure: all at once). */
function aggregate(steps: Steps, columns: readonly (readonly [number, number])[], depth: number): Sums {
  return addSteps(fresh(columns.length, depth), steps, columns, depth);
}

/**
 * The same sums kept between a live figure's redraws: a playing run only grows, and while the axis holds still its
 * columns do too, so each redraw adds only the steps that arrived since the last. Keyed by the run's first report
 * (a reset replaces it) and the columns.
 */
const kept = new WeakMap<object, { key: string; sums: Sums }>();
function columnSums(steps: Steps, columns: readonly (readonly [number, number])[], depth: number): Sums {
  const first = steps[0];
  if (!first) return fresh(columns.length, depth);
  const key = `${depth}|${columns.length}|${columns.at(-1)?.[1]}`;
  let entry = kept.get(first);
  if (!entry || entry.key !== key || entry.sums.seen > steps.length) {
    entry = { key, sums: fresh(columns.length, depth) };
    kept.set(first, entry);
  }
  return addSteps(entry.sums, steps, columns, depth);
}

function layerStepHeatmapParts(data: LayerStepHeatmapData, options: LayerStepHeatmapOptions, live: boolean) {
  const depth = data.depth;
  const compare = data.lanes.length > 1;
  const last = Math.max(0, ...data.lanes.map((l) => l.steps.at(-1)?.step ?? 0));
  // Live, the step axis (and so the columns) holds still while the run grows into it: cells fill in from the left.
  const extent = live ? liveExtent(Math.max(1, last)) : Math.max(1, last);
  const columns = stepColumns(live ? extent : last, (options.maxColumns ?? 40) / (compare ? 2 : 1));
  const cells: Cell[] = [];
  for (const lane of data.lanes) {
    const { sums, counts } = live ? columnSums(lane.steps, columns, depth) : aggregate(lane.steps, columns, depth);
    columns.forEach(([x1, x2], c) => {
      for (let l = 0; l < depth; l++) {
        const n = counts[c * depth + l]!;
        if (n) cells.push({ lane: lane.label, x1, x2, layer: l + 1, value: Math.pow(10, sums[c * depth + l]! / n) });
      }
    });
  }
  const values = cells.map((c) => c.value);
  // A log scale over whole decades, at least one decade wide, so that its ticks are powers of ten.
  const lo = values.length ? Math.pow(10, Math.floor(Math.log10(Math.min(...values)))) : 1e-3;
  const hiRaw = values.length ? Math.pow(10, Math.ceil(Math.log10(Math.max(...values)))) : 1;
  const hi = hiRaw > lo ? hiRaw : lo * 10;
  const decades = Math.round(Math.log10(hi / lo));
  const every = Math.max(1, Math.ceil(decades / 4));
  const ticks = Array.from({ length: Math.floor(decades / every) + 1 }, (_, k) => lo * Math.pow(10, k * every));
  const facet = compare ? { fx: 'lane' } : {};
  const plotOptions: Plot.PlotOptions = {
    ...frame(options),
    // The colour bar: 10 units of gap, the 8-unit bar, its tick and then its labels ("1e-15").
    marginRight: Math.max(MARGIN.right, 25 + Math.max(...ticks.map((v) => textWidth(v.toExponential(0))))),
    x: {
      label: options.labels.step,
      domain: [0, extent],
      ticks: stepTicks(0, extent, compare ? 2 : 4),
      tickFormat: 'd',
    },
    y: { label: options.labels.layer, domain: [0.5, depth + 0.5], ticks: Math.min(depth, 6), tickFormat: 'd' },
    ...(compare ? { fx: { label: null, domain: data.lanes.map((l) => l.label), padding: 0.25 } } : {}),
    color: { type: 'log', scheme: HEAT_SCHEME, domain: [lo, hi], clamp: true },
  };
  const marks = [
    Plot.rect(cells, {
      x1: 'x1',
      x2: 'x2',
      y1: (c: Cell) => c.layer - 0.5,
      y2: (c: Cell) => c.layer + 0.5,
      fill: 'value',
      inset: 0,
      ...facet,
      // ~800 cells become one picture: live, cheap to redraw four times a second; at build time, one element.
      render: rasterRects(0, { grid: true }),
    }),
  ];
  const after = [
    colorBar({
      domain: [lo, hi],
      log: true,
      ticks,
      format: (v) => v.toExponential(0),
      label: options.labels.value,
    }),
  ];
  const color = live
    ? Plot.scale({ color: { type: 'log', scheme: HEAT_SCHEME, domain: [lo, hi], clamp: true } })
    : null;
  const layer: LayerData = {
    cells: {
      cells: cells.map((c) => ({
        x1: c.x1,
        x2: c.x2,
        y1: c.layer - 0.5,
        y2: c.layer + 0.5,
        fill: String(color?.apply(c.value)),
        ...(compare ? { facet: c.lane } : {}),
      })),
    },
  };
  return { plotOptions, marks, after, layer };
}

export function layerStepHeatmapFigure(
  data: LayerStepHeatmapData,
  options: LayerStepHeatmapOptions,
): SVGSVGElement | HTMLElement {
  const p = layerStepHeatmapParts(data, options, false);
  return asImage(Plot.plot({ ...p.plotOptions, marks: [...p.marks, ...p.after] }));
}

/** The same figure for a live island: a frame redrawn only when its axes change, and the cells drawn in place. */
export function layerStepHeatmapLive(data: LayerStepHeatmapData, options: LayerStepHeatmapOptions): LiveFigure {
  const p = layerStepHeatmapParts(data, options, true);
  const anchor = data.lanes.length > 1 ? [facetAnchor(data.lanes.map((l) => l.label))] : [];
  return liveFigure(p.plotOptions, anchor, p.after, p.layer, () => p.marks, asImage);
}
