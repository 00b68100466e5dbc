/**
 * Every layer's gradient norm at every step at once: a heat map with training steps across and layers up (input at
 * the bottom), coloured by log10 of the norm. Vanishing gradients show as dark lower rows; a band that changes
 * colour over time is a layer whose gradient grew or died during training. Steps are grouped into at most
 * `maxColumns` columns, each showing the geometric mean of its steps (norms are averaged as logarithms, like the
 * smoothed lines). Two configurations are drawn side by side on one colour scale.
 */
import * as Plot from '@observablehq/plot';
import { colorBar } from './color-bar';
import { asImage, type FigureBase, frame, HEAT_SCHEME, stepTicks } from './theme';
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

function layerStepHeatmapParts(data: LayerStepHeatmapData, options: LayerStepHeatmapOptions, live: boolean) {
  const depth = data.depth;
  const compare = data.lanes.length > 1;
  const last = Math.max(0, ...data.lanes.map((l) => l.steps.at(-1)?.step ?? 0));
  // Live, the step axis (and so the columns) holds still while the run grows into it: cells fill in from the left.
  const extent = live ? liveExtent(Math.max(1, last)) : Math.max(1, last);
  const columns = stepColumns(live ? extent : last, (options.maxColumns ?? 40) / (compare ? 2 : 1));
  const cells: Cell[] = [];
  for (const lane of data.lanes) {
    let i = 0;
    for (const [x1, x2] of columns) {
      const sums = new Float64Array(depth);
      const counts = new Uint32Array(depth);
      while (i < lane.steps.length && lane.steps[i]!.step <= x2) {
        const s = lane.steps[i++]!;
        if (s.step <= x1) continue;
        s.gradNorms.forEach((g, l) => {
          if (g > 0 && l < depth) {
            sums[l] = sums[l]! + Math.log10(g);
            counts[l] = counts[l]! + 1;
          }
        });
      }
      for (let l = 0; l < depth; l++)
        if (counts[l])
          cells.push({ lane: lane.label, x1, x2, layer: l + 1, value: Math.pow(10, sums[l]! / counts[l]!) });
    }
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
    marginLeft: 52,
    marginRight: 52,
    marginTop: compare ? 26 : 20,
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
      // Live, ~800 cells become one image: cheap to redraw four times a second.
      render: rasterRects(),
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
