/**
 * The distribution of each hidden layer's activations at one step, one small histogram per layer stacked from the
 * input side (top) to the output side (bottom) on a shared value axis — the picture Glorot & Bengio (2010, fig. 3
 * and 6) use to show sigmoid and tanh units piling up at their saturated ends, and batch normalisation keeping
 * every layer's spread alike. Two configurations stand side by side on the same axes.
 */
import * as Plot from '@observablehq/plot';
import type { HistogramBins } from '../core/experiments/network.config';
import { asImage, type FigureBase, frame, LAYER_RAMP, LINE, MARGIN, niceTicks, PANEL, textWidth } from './theme';
import { rasterRects } from './raster';

export interface LayerHistogramsData {
  /** Hidden layers in the network (for the colour ramp). */
  hidden: number;
  /** 1-based hidden-layer indices to draw. */
  layers: readonly number[];
  lanes: readonly {
    label: string;
    /** The bins of this configuration's activation (two compared activations may have different ranges). */
    bins: HistogramBins;
    /** Per hidden layer: the fraction of the activations in each bin (empty before the first step). */
    histograms: readonly (readonly number[])[];
  }[];
}

export interface LayerHistogramsOptions extends FigureBase {
  labels: { value: string; layer: (l: number) => string };
  ariaLabel: string;
  ariaDescription?: string | undefined;
}

export function layerHistogramsFigure(
  data: LayerHistogramsData,
  options: LayerHistogramsOptions,
): SVGSVGElement | HTMLElement {
  const compare = data.lanes.length > 1;
  const lo = Math.min(...data.lanes.map((l) => l.bins.lo));
  const hi = Math.max(...data.lanes.map((l) => l.bins.hi));
  const rows = data.lanes.flatMap(({ bins, ...lane }) => {
    const width = (bins.hi - bins.lo) / bins.count;
    return data.layers.flatMap((layer) =>
      (lane.histograms[layer - 1] ?? []).map((share, b) => ({
        lane: lane.label,
        layer: options.labels.layer(layer),
        index: layer,
        x1: bins.lo + b * width,
        x2: bins.lo + (b + 1) * width,
        share,
      })),
    );
  });
  const top = Math.max(0.1, ...rows.map((r) => r.share));
  return asImage(
    Plot.plot({
      // A row per layer, at least two lines of text high.
      ...frame(options, { height: Math.max(PANEL.height, MARGIN.top + MARGIN.bottom + 2 * LINE * data.layers.length) }),
      // The layers' names ("layer 20") on the left, 9 units from the frame; no y axis title above.
      marginLeft: Math.max(MARGIN.left, 12 + Math.max(...data.layers.map((l) => textWidth(options.labels.layer(l))))),
      marginRight: 12,
      marginTop: compare ? MARGIN.top : 12,
      // Explicit ticks: side by side, Plot's default count would run the two facets' labels into each other.
      x: { domain: [lo, hi], label: options.labels.value, ticks: niceTicks(lo, hi, compare ? 3 : 5) },
      y: { domain: [0, top], axis: null },
      fy: { domain: data.layers.map((l) => options.labels.layer(l)), label: null, padding: 0.12, axis: 'left' },
      // Wide enough a gap that the left facet's last tick label and the right one's first do not touch ("1.00.0").
      ...(compare ? { fx: { domain: data.lanes.map((l) => l.label), label: null, padding: 0.24 } } : {}),
      color: { ...LAYER_RAMP, domain: [1, Math.max(2, data.hidden)] },
      marks: [
        Plot.frame({ strokeOpacity: 0.15 }),
        Plot.rectY(rows, {
          x1: 'x1',
          x2: 'x2',
          y: 'share',
          fy: 'layer',
          ...(compare ? { fx: 'lane' } : {}),
          fill: 'index',
          inset: 0.3,
          // Live, every layer's bars become one image.
          render: rasterRects(0.3),
        }),
      ],
    }),
  );
}
