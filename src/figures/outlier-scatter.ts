/**
 * The training data of the outlier experiment as the network sees it: every example's input against its target,
 * the outliers marked, each tied by a faint line to where its input should have been. A few inputs k times too
 * large stretch the input axis until the clean data is a thin column; standardising pulls them back (and squeezes
 * the clean points instead). When two configurations train on different data (another k, or z-scores), they
 * stand side by side.
 *
 * Over the data, each configuration's fitted curve: the network's prediction at every training input (A solid, B
 * dashed when both learn the same data). Live, the points are the frame and the curves its data layer; a curve that
 * leaves the data's range of targets is cut at the frame's edge, so that the axes hold still while the run trains.
 */
import * as Plot from '@observablehq/plot';
import { facetAnchor, type LayerData, type LayerLine, liveFigure, type LiveFigure } from './live-layer';
import { asImage, CATEGORY, type FigureBase, frame, SERIES } from './theme';
import { dotPath } from './dot-path';

export interface ScatterPoint {
  x: number;
  y: number;
  outlier: boolean;
  /** For an outlier: where its input would have been without the glitch (on the same scale as x). */
  from?: number;
}

export interface OutlierScatterData {
  /** One data set, or one per configuration ("A", "B") when they differ. */
  sets: readonly { label: string; points: readonly ScatterPoint[] }[];
  /**
   * Fitted curves: a configuration's predictions at its set's inputs (increasing), drawn in the facet of `set`;
   * `label` names it at its right end when two share a set.
   */
  fits?: readonly { label: string; set: string; x: ArrayLike<number>; y: ArrayLike<number> }[];
  /**
   * How many configurations' curves the figure shows, once they arrive (a live figure's frame is drawn before):
   * where two share a set, the outlier's name keeps clear of the curves' names. Default: the fits given.
   */
  curves?: number;
}

export interface OutlierScatterOptions extends FigureBase {
  labels: { x: string; y: string; outlier: string };
  ariaLabel: string;
  ariaDescription?: string | undefined;
}

/** Outliers in red: apart from the blue clean points in hue, and drawn as larger rings in case hue is lost. */
const OUTLIER = CATEGORY[3];

function outlierScatterParts(data: OutlierScatterData, options: OutlierScatterOptions) {
  const facet = data.sets.length > 1;
  const rows = data.sets.flatMap((set) =>
    set.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)).map((p) => ({ ...p, set: set.label })),
  );
  const clean = rows.filter((r) => !r.outlier);
  const outliers = rows.filter((r) => r.outlier);
  const links = outliers.filter((r) => r.from !== undefined && Number.isFinite(r.from));
  const fx = facet ? { fx: 'set' } : {};
  // One outlier named, in the first set that has any: the one farthest out — or, when fitted curves carry their
  // names at their right-hand ends, the leftmost, so that the two names never meet.
  const endLabels = !facet && (data.curves ?? data.fits?.length ?? 0) > 1;
  const pick = (a: (typeof rows)[number], b: (typeof rows)[number]) =>
    endLabels ? (b.x < a.x ? b : a) : Math.abs(b.x) > Math.abs(a.x) ? b : a;
  const named = outliers.length ? [outliers.filter((r) => r.set === outliers[0]!.set).reduce(pick)] : [];
  // The targets' range fixes the y axis: a curve that leaves it is cut there (the live frame must not follow it).
  const ys = rows.map((r) => r.y);
  const [yLo, yHi] = [Math.min(...ys), Math.max(...ys)];
  const pad = 0.1 * (yHi - yLo || 1);
  const yDomain = ys.length ? ([yLo - pad, yHi + pad] as [number, number]) : undefined;
  const fits = data.fits ?? [];
  const shared = endLabels;
  const curves: LayerLine[] = fits.map((fit, i) => ({
    points: Array.from({ length: fit.x.length }, (_, j) => {
      const y = fit.y[j]!;
      return [fit.x[j]!, yDomain && y >= yDomain[0] && y <= yDomain[1] ? y : Number.NaN] as const;
    }),
    stroke: 'currentColor',
    strokeWidth: 2,
    dash: shared && i > 0 ? '5 3' : undefined,
    ...(facet ? { facet: fit.set } : {}),
  }));
  const ends = shared
    ? curves.flatMap((c, i) => {
        const last = c.points.filter(([, y]) => Number.isFinite(y)).at(-1);
        return last ? [{ x: last[0], y: last[1], text: fits[i]!.label }] : [];
      })
    : [];
  const plotOptions: Plot.PlotOptions = {
    ...frame(options),
    x: { label: options.labels.x, ticks: facet ? 3 : 5, nice: true },
    y: {
      label: options.labels.y,
      grid: true,
      ticks: 5,
      nice: true,
      ...(yDomain && fits.length ? { domain: yDomain } : {}),
    },
    ...(facet ? { fx: { label: null, domain: data.sets.map((s) => s.label), padding: 0.15 } } : {}),
  };
  const before = [
    Plot.link(links, { x1: 'from', x2: 'x', y1: 'y', y2: 'y', stroke: OUTLIER, strokeOpacity: 0.35, ...fx }),
    // The points as one <path> per kind (dot-path.ts), not a <circle> each; one path does not darken where its dots
    // overlap, so the clean points are less translucent than separate dots were (0.55).
    Plot.dot(clean, { x: 'x', y: 'y', ...fx, render: dotPath({ r: 1.8, fill: SERIES[0], fillOpacity: 0.8 }) }),
    Plot.dot(outliers, { x: 'x', y: 'y', ...fx, render: dotPath({ r: 3.5, stroke: OUTLIER, strokeWidth: 1.5 }) }),
  ];
  const after = [
    Plot.text(named, {
      x: 'x',
      y: 'y',
      text: () => options.labels.outlier,
      fill: OUTLIER,
      dy: -10,
      // Towards the middle of the plot, so that the name is never cut at the frame.
      textAnchor: (named[0]?.x ?? 0) >= 0 ? 'end' : 'start',
      stroke: 'var(--plot-background)',
      strokeWidth: 3,
      paintOrder: 'stroke',
      ...fx,
    }),
  ];
  const layer: LayerData = {
    lines: curves,
    texts: ends.map((e) => ({ ...e, fill: 'currentColor', dx: -4, dy: -10, anchor: 'end' as const, halo: true })),
  };
  const marks = () => [
    ...curves.map((c) =>
      Plot.line(
        c.points.map(([x, y]) => ({ x, y, set: c.facet })),
        {
          x: 'x',
          y: 'y',
          stroke: c.stroke,
          strokeWidth: c.strokeWidth,
          strokeDasharray: c.dash,
          ...fx,
        },
      ),
    ),
    Plot.text(ends, {
      x: 'x',
      y: 'y',
      text: 'text',
      fill: 'currentColor',
      dx: -4,
      dy: -10,
      textAnchor: 'end',
      stroke: 'var(--plot-background)',
      strokeWidth: 4,
      paintOrder: 'stroke',
    }),
  ];
  return { plotOptions, before, after, layer, marks };
}

export function outlierScatterFigure(
  data: OutlierScatterData,
  options: OutlierScatterOptions,
): SVGSVGElement | HTMLElement {
  const p = outlierScatterParts(data, options);
  return asImage(
    Plot.plot({ ...p.plotOptions, marks: [...p.before, ...(data.fits?.length ? p.marks() : []), ...p.after] }),
  );
}

/** The same figure for a live island: the data drawn once (`dataKey` names them), the fitted curves in place. */
export function outlierScatterLive(
  data: OutlierScatterData,
  options: OutlierScatterOptions,
  dataKey: string,
): LiveFigure {
  const p = outlierScatterParts(data, options);
  const anchor = data.sets.length > 1 ? [facetAnchor(data.sets.map((s) => s.label))] : [];
  return liveFigure(p.plotOptions, [...anchor, ...p.before], p.after, p.layer, p.marks, asImage, dataKey);
}
