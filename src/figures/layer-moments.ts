/**
 * The mean and the spread of each hidden layer's activations at one step: a dot at the mean and a bar from one
 * standard deviation below it to one above — the two numbers batch normalisation controls. Without it, a deep
 * sigmoid network's bars shrink and drift from layer to layer; with it, every layer looks alike. Two
 * configurations stand side by side at each layer, A left of B, on one axis.
 */
import * as Plot from '@observablehq/plot';
import { asImage, type FigureBase, frame, LAYER_RAMP, SERIES } from './theme';

export interface LayerMomentsData {
  /** Hidden layers on the x axis. */
  layers: number;
  lanes: readonly { label: string; mean: readonly number[]; std: readonly number[] }[];
}

export interface LayerMomentsOptions extends FigureBase {
  labels: { layer: string; value: string };
  ariaLabel: string;
  ariaDescription?: string | undefined;
}

interface Row {
  lane: string;
  layer: number;
  x: number;
  mean: number;
  lo: number;
  hi: number;
}

export function layerMomentsFigure(data: LayerMomentsData, options: LayerMomentsOptions): SVGSVGElement | HTMLElement {
  const compare = data.lanes.length > 1;
  const layers = Math.max(1, data.layers);
  // Side by side within a layer's slot; a little narrower as layers get many.
  const offset = compare ? Math.min(0.2, 3 / layers) : 0;
  const rows: Row[] = data.lanes.flatMap((lane, li) =>
    lane.mean.flatMap((mean, l) => {
      const std = lane.std[l] ?? Number.NaN;
      if (!Number.isFinite(mean) || !Number.isFinite(std)) return [];
      const x = l + 1 + (compare ? (li === 0 ? -offset : offset) : 0);
      return [{ lane: lane.label, layer: l + 1, x, mean, lo: mean - std, hi: mean + std }];
    }),
  );
  const lanes = data.lanes.map((l) => l.label);
  const color = (r: Row) => (compare ? (SERIES[Math.max(0, lanes.indexOf(r.lane))] ?? SERIES[0]) : r.layer);
  const ends = compare
    ? lanes.flatMap((lane) => {
        const last = rows.filter((r) => r.lane === lane).at(-1);
        return last ? [last] : [];
      })
    : [];
  return asImage(
    Plot.plot({
      ...frame(options),
      x: {
        label: options.labels.layer,
        domain: [0.5, layers + 0.5],
        ticks: layers <= 12 ? layers : 6,
        tickFormat: 'd',
      },
      y: { label: options.labels.value, grid: true, ticks: 5 },
      ...(compare ? {} : { color: { ...LAYER_RAMP, domain: [1, Math.max(2, layers)] } }),
      marks: [
        Plot.ruleX(rows, {
          x: 'x',
          y1: 'lo',
          y2: 'hi',
          stroke: color,
          strokeWidth: layers > 24 ? 1.5 : 2.5,
          strokeOpacity: 0.75,
        }),
        Plot.dot(rows, { x: 'x', y: 'mean', fill: color, r: layers > 24 ? 2 : 3 }),
        Plot.text(ends, {
          x: 'x',
          y: 'hi',
          text: 'lane',
          fill: color,
          dy: -8,
          fontWeight: 700,
        }),
      ],
    }),
  );
}
