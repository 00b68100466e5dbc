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

export function layerStepHeatmapFigure(
  data: LayerStepHeatmapData,
  options: LayerStepHeatmapOptions,
): SVGSVGElement | HTMLElement {
  const depth = data.depth;
  const compare = data.lanes.length > 1;
  const last = Math.max(0, ...data.lanes.map((l) => l.steps.at(-1)?.step ?? 0));
  const columns = stepColumns(last, (options.maxColumns ?? 40) / (compare ? 2 : 1));
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
  return asImage(
    Plot.plot({
      ...frame(options),
      marginLeft: 52,
      marginRight: 52,
      marginTop: compare ? 26 : 20,
      x: {
        label: options.labels.step,
        domain: [0, Math.max(1, last)],
        ticks: stepTicks(0, Math.max(1, last), compare ? 2 : 4),
        tickFormat: 'd',
      },
      y: { label: options.labels.layer, domain: [0.5, depth + 0.5], ticks: Math.min(depth, 6), tickFormat: 'd' },
      ...(compare ? { fx: { label: null, domain: data.lanes.map((l) => l.label), padding: 0.25 } } : {}),
      color: { type: 'log', scheme: HEAT_SCHEME, domain: [lo, hi], clamp: true },
      marks: [
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
        colorBar({
          domain: [lo, hi],
          log: true,
          ticks,
          format: (v) => v.toExponential(0),
          label: options.labels.value,
        }),
      ],
    }),
  );
}
