/**
 * Greedy layer-wise pre-training, as it happens: the reconstruction error of each hidden layer while it is trained
 * as an autoencoder, one layer after the other (Bengio et al. 2007) — the fraction of the layer's input it cannot
 * yet reproduce, on a log axis, coloured from the input side (violet) to the output side (orange) and named at the
 * start of its stretch. Smoothed like the gradient fans (minibatch errors jitter). Two configurations stand side by
 * side on one axis.
 */
import * as Plot from '@observablehq/plot';
import {
  asImage,
  type FigureBase,
  frame,
  LAYER_RAMP,
  MARGIN,
  PANEL,
  smoothLog,
  stepTicks,
  textWidth,
  thin,
} from './theme';

export interface ReconstructionData {
  /** Hidden layers of the deepest configuration (for the colour ramp). */
  layers: number;
  lanes: readonly { label: string; steps: readonly { step: number; layer: number; loss: number }[] }[];
}

export interface ReconstructionOptions extends FigureBase {
  labels: { step: string; loss: string; layer: (l: number) => string };
  ariaLabel: string;
  ariaDescription?: string | undefined;
  /** Half-life of the smoothing, in steps. */
  halfLife?: number;
  maxPoints?: number;
}

interface Row {
  lane: string;
  layer: number;
  step: number;
  loss: number;
}

export function pretrainReconstructionFigure(
  data: ReconstructionData,
  options: ReconstructionOptions,
): SVGSVGElement | HTMLElement {
  const compare = data.lanes.length > 1;
  const rows: Row[] = [];
  const starts: (Row & { text: string; end: number })[] = [];
  for (const lane of data.lanes) {
    const layers = [...new Set(lane.steps.map((s) => s.layer))];
    for (const layer of layers) {
      const steps = lane.steps.filter((s) => s.layer === layer && s.loss > 0 && Number.isFinite(s.loss));
      const smooth = smoothLog(
        steps.map((s) => s.loss),
        options.halfLife ?? 6,
      );
      const line = thin(
        steps.map((s, i) => ({ lane: lane.label, layer, step: s.step, loss: smooth[i]! })),
        (options.maxPoints ?? 300) / Math.max(1, layers.length),
      );
      rows.push(...line);
      if (line.length) starts.push({ ...line[0]!, text: options.labels.layer(layer), end: line.at(-1)!.step });
    }
  }
  const losses = rows.map((r) => r.loss);
  const lo = losses.length ? Math.floor(Math.log10(Math.min(...losses))) : -3;
  const hi = losses.length ? Math.max(lo + 1, Math.ceil(Math.log10(Math.max(...losses)))) : 0;
  const every = Math.max(1, Math.ceil((hi - lo) / 5));
  const ticks: number[] = [];
  for (let e = lo; e <= hi; e += every) ticks.push(Math.pow(10, e));
  const last = Math.max(1, ...rows.map((r) => r.step));
  // Each name sits over its layer's stretch of steps. Side by side, or where a stretch is narrower than its name
  // ("layer 2" over a fifth of a panel), the names would run into each other: the layer's number alone, for all.
  const inner = (options.width ?? PANEL.width) - MARGIN.left - MARGIN.right;
  const fits = starts.every((s) => textWidth(s.text, true) + 4 <= ((s.end - s.step) / last) * inner);
  if (compare || !fits) for (const s of starts) s.text = String(s.layer);
  const facet = compare ? { fx: 'lane' } : {};
  return asImage(
    Plot.plot({
      ...frame(options),
      x: { label: options.labels.step, domain: [0, last], ticks: stepTicks(0, last, compare ? 2 : 4), tickFormat: 'd' },
      y: {
        type: 'log',
        label: options.labels.loss,
        domain: [Math.pow(10, lo), Math.pow(10, hi)],
        grid: true,
        ticks,
        tickFormat: hi - lo >= 3 ? '.0e' : '~g',
      },
      ...(compare ? { fx: { label: null, domain: data.lanes.map((l) => l.label), padding: 0.2 } } : {}),
      color: { ...LAYER_RAMP, domain: [1, Math.max(2, data.layers)] },
      marks: [
        Plot.line(rows, {
          x: 'step',
          y: 'loss',
          z: (r: Row) => `${r.lane}|${r.layer}`,
          stroke: 'layer',
          strokeWidth: 1.5,
          ...facet,
        }),
        // Each layer's name above the start of its stretch, where its error is still high.
        Plot.text(starts, {
          x: 'step',
          y: 'loss',
          text: 'text',
          fill: 'layer',
          dy: -8,
          textAnchor: 'start',
          fontWeight: 700,
          stroke: 'var(--plot-background)',
          strokeWidth: 3,
          paintOrder: 'stroke',
          ...facet,
        }),
      ],
    }),
  );
}
