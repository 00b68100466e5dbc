/**
 * The training data of the outlier experiment as the network sees it: every example's input against its target,
 * the outliers marked, each tied by a faint line to where its input should have been. A few inputs k times too
 * large stretch the input axis until the clean data is a thin column; standardising pulls them back (and squeezes
 * the clean points instead). When two configurations train on different data (another k, or z-scores), they
 * stand side by side.
 */
import * as Plot from '@observablehq/plot';
import { asImage, CATEGORY, type FigureBase, frame, SERIES } from './theme';

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
}

export interface OutlierScatterOptions extends FigureBase {
  labels: { x: string; y: string; outlier: string };
  ariaLabel: string;
  ariaDescription?: string | undefined;
}

/** Outliers in red: apart from the blue clean points in hue, and drawn as larger rings in case hue is lost. */
const OUTLIER = CATEGORY[3];

export function outlierScatterFigure(
  data: OutlierScatterData,
  options: OutlierScatterOptions,
): SVGSVGElement | HTMLElement {
  const facet = data.sets.length > 1;
  const rows = data.sets.flatMap((set) =>
    set.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)).map((p) => ({ ...p, set: set.label })),
  );
  const clean = rows.filter((r) => !r.outlier);
  const outliers = rows.filter((r) => r.outlier);
  const links = outliers.filter((r) => r.from !== undefined && Number.isFinite(r.from));
  const fx = facet ? { fx: 'set' } : {};
  // One outlier named, the one farthest out, in the first set that has any.
  const named = outliers.length
    ? [outliers.filter((r) => r.set === outliers[0]!.set).reduce((a, b) => (Math.abs(b.x) > Math.abs(a.x) ? b : a))]
    : [];
  return asImage(
    Plot.plot({
      ...frame(options),
      x: { label: options.labels.x, ticks: facet ? 3 : 5, nice: true },
      y: { label: options.labels.y, grid: true, ticks: 5, nice: true },
      ...(facet ? { fx: { label: null, domain: data.sets.map((s) => s.label), padding: 0.15 } } : {}),
      marks: [
        Plot.link(links, { x1: 'from', x2: 'x', y1: 'y', y2: 'y', stroke: OUTLIER, strokeOpacity: 0.35, ...fx }),
        Plot.dot(clean, { x: 'x', y: 'y', r: 1.8, fill: SERIES[0], fillOpacity: 0.55, ...fx }),
        Plot.dot(outliers, { x: 'x', y: 'y', r: 3.5, stroke: OUTLIER, strokeWidth: 1.5, ...fx }),
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
      ],
    }),
  );
}
