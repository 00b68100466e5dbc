/**
 * The task a classifier learns, and what it has learned so far (TensorFlow Playground's picture): the training
 * points of the circle task — inside the circle a filled dot, outside a ring, so that the two read without colour —
 * over the network's predicted probability of "inside", sampled on a coarse grid and shaded in ten bands from orange
 * (surely outside) to blue (surely inside). Where the shading and the points disagree the network is wrong. Two
 * configurations learn the same data and stand side by side.
 *
 * The bands are also what keeps the figure light: each row's neighbouring cells of one band are one rectangle, and
 * the static SVG draws them all as one picture (raster.ts). Live, the shading is the data layer (on the live layer's
 * canvas when dense) and the points, which do not change while a run trains, belong to the frame.
 */
import * as Plot from '@observablehq/plot';
import { BOUNDARY_EXTENT, type BoundaryView } from '../core/task-view';
import { colorBar } from './color-bar';
import { dotPath } from './dot-path';
import { rasterRects } from './raster';
import { facetAnchor, type LayerData, liveFigure, type LiveFigure } from './live-layer';
import { asImage, type FigureBase, frame, MARGIN, PANEL, textWidth } from './theme';

export interface BoundaryPoint {
  x1: number;
  x2: number;
  /** 1 inside the circle, 0 outside. */
  label: number;
}

export interface DecisionBoundaryData {
  points: readonly BoundaryPoint[];
  /** One per configuration; `view` is null until the run has one (the points are drawn alone). */
  lanes: readonly { label: string; view: BoundaryView | null }[];
}

export interface DecisionBoundaryOptions extends FigureBase {
  labels: { x: string; y: string; value: string };
  ariaLabel: string;
  ariaDescription?: string | undefined;
}

/** Ten bands of P(inside), orange to blue through a pale middle: light enough for the points to read over them. */
export const BOUNDARY_BANDS = [
  '#ef8a47',
  '#f3a26c',
  '#f6ba92',
  '#f8d2b9',
  '#f4e7de',
  '#dfe8f4',
  '#bed4f0',
  '#9dc0eb',
  '#7cabe5',
  '#5b96df',
] as const;
const THRESHOLDS = BOUNDARY_BANDS.slice(1).map((_, i) => (i + 1) / BOUNDARY_BANDS.length);
const colorOptions = { type: 'threshold', domain: THRESHOLDS, range: [...BOUNDARY_BANDS] } as const;

/** Dark, so that they read over every band, on the light and the dark page alike. */
const INSIDE = '#1e3a8a';
const OUTSIDE = '#7c2d12';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** A text at the bottom right corner of the figure, right-aligned: the colour bar's name. */
function cornerLabel(text: string): Plot.Markish {
  return Plot.frame({
    facet: 'super',
    stroke: 'none',
    render: (_index, _scales, _values, dimensions, context) => {
      const el = context.document.createElementNS(SVG_NS, 'text');
      for (const [k, v] of Object.entries({
        x: dimensions.width - 2,
        y: dimensions.height - 3,
        'text-anchor': 'end',
        fill: 'currentColor',
      }))
        el.setAttribute(k, String(v));
      el.textContent = text;
      return el as unknown as SVGElement;
    },
  });
}

interface Run {
  lane: string;
  x1: number;
  x2: number;
  y1: number;
  y2: number;
  band: number;
}

/** A view's cells as runs of one band along each row. */
export function boundaryRuns(view: BoundaryView, lane: string): Run[] {
  const { size, grid } = view;
  const w = (2 * BOUNDARY_EXTENT) / size;
  // A cell whose prediction is not a number (a network at the edge of overflowing) is left unshaded.
  const band = (p: number) =>
    Number.isNaN(p) ? -1 : Math.min(BOUNDARY_BANDS.length - 1, Math.max(0, Math.floor(p * BOUNDARY_BANDS.length)));
  const out: Run[] = [];
  for (let r = 0; r < size; r++) {
    let start = 0;
    for (let c = 1; c <= size; c++) {
      const b = band(grid[r * size + start]!);
      if (c < size && band(grid[r * size + c]!) === b) continue;
      const y1 = -BOUNDARY_EXTENT + r * w;
      if (b >= 0)
        out.push({ lane, x1: -BOUNDARY_EXTENT + start * w, x2: -BOUNDARY_EXTENT + c * w, y1, y2: y1 + w, band: b });
      start = c;
    }
  }
  return out;
}

function decisionBoundaryParts(data: DecisionBoundaryData, options: DecisionBoundaryOptions) {
  const compare = data.lanes.length > 1;
  const facet = compare ? { fx: 'lane' } : {};
  const runs = data.lanes.flatMap((lane) => (lane.view ? boundaryRuns(lane.view, lane.label) : []));
  const bandMid = (b: number) => (b + 0.5) / BOUNDARY_BANDS.length;
  const ticks = [0, 0.5, 1];
  // The task is a circle: each plot is square, or the circle reads as an ellipse. One lane: the panel's height sets
  // the square, and the colour bar sits in the wide right margin. Two: the facets share the width, each one band of
  // the fx scale (d3's band: step = range ÷ (n − inner + 2 × outer), band = step × (1 − inner); Plot's `padding` is the
  // inner padding, none outside), and the panel is as high as a facet is wide.
  const width = options.width ?? PANEL.width;
  const bar = 25 + textWidth('0.5');
  const padding = 0.25;
  const facetSide = (width - MARGIN.left - bar) * ((1 - padding) / (2 - padding));
  const height = options.height ?? (compare ? Math.round(MARGIN.top + MARGIN.bottom + facetSide) : PANEL.height);
  const square = height - MARGIN.top - MARGIN.bottom;
  const marginRight = compare ? bar : Math.max(bar, width - MARGIN.left - square);
  const points = data.lanes.flatMap((lane) => data.points.map((p) => ({ ...p, lane: lane.label })));
  const plotOptions: Plot.PlotOptions = {
    ...frame(options),
    height,
    marginRight,
    x: {
      label: options.labels.x,
      labelAnchor: 'center',
      domain: [-BOUNDARY_EXTENT, BOUNDARY_EXTENT],
      ticks: [-1, 0, 1],
      tickFormat: 'd',
    },
    y: { label: options.labels.y, domain: [-BOUNDARY_EXTENT, BOUNDARY_EXTENT], ticks: [-1, 0, 1], tickFormat: 'd' },
    ...(compare ? { fx: { label: null, domain: data.lanes.map((l) => l.label), padding } } : {}),
    color: colorOptions,
  };
  const cellMarks = [
    Plot.rect(runs, {
      x1: 'x1',
      x2: 'x2',
      y1: 'y1',
      y2: 'y2',
      fill: (r: Run) => bandMid(r.band),
      inset: 0,
      shapeRendering: 'crispEdges',
      ...facet,
      // At build time one picture per configuration (raster.ts); in a page, one canvas (an exported figure's).
      render: rasterRects(0, { grid: true }),
    }),
  ];
  const after = [
    // Each class as one <path> (dot-path.ts), not a <circle> per point.
    Plot.dot(
      points.filter((p) => p.label !== 1),
      { x: 'x1', y: 'x2', ...facet, render: dotPath({ r: 2, stroke: OUTSIDE, strokeWidth: 1 }) },
    ),
    Plot.dot(
      points.filter((p) => p.label === 1),
      { x: 'x1', y: 'x2', ...facet, render: dotPath({ r: 1.8, fill: INSIDE }) },
    ),
    colorBar({ domain: [0, 1], ticks, format: (v) => String(v), steps: BOUNDARY_BANDS.length }),
    // The bar's name goes under it, on the line of the x axis's name: above it (the bar's usual place) it ran into
    // the B of a comparison.
    cornerLabel(options.labels.value),
  ];
  const layer: LayerData = {
    cells: {
      cells: runs.map((r) => ({
        x1: r.x1,
        x2: r.x2,
        y1: r.y1,
        y2: r.y2,
        fill: BOUNDARY_BANDS[r.band]!,
        ...(compare ? { facet: r.lane } : {}),
      })),
    },
  };
  return { plotOptions, cellMarks, after, layer };
}

export function decisionBoundaryFigure(
  data: DecisionBoundaryData,
  options: DecisionBoundaryOptions,
): SVGSVGElement | HTMLElement {
  const p = decisionBoundaryParts(data, options);
  return asImage(Plot.plot({ ...p.plotOptions, marks: [...p.cellMarks, ...p.after] }));
}

/**
 * The same figure for a live island: the frame (axes, points, colour bar) is drawn when `pointsKey` — what decides
 * the points, the data set's seed — or the look changes; the shading is written into it in place.
 */
export function decisionBoundaryLive(
  data: DecisionBoundaryData,
  options: DecisionBoundaryOptions,
  pointsKey: string,
): LiveFigure {
  const p = decisionBoundaryParts(data, options);
  const anchor = data.lanes.length > 1 ? [facetAnchor(data.lanes.map((l) => l.label))] : [];
  return liveFigure(p.plotOptions, anchor, p.after, p.layer, () => p.cellMarks, asImage, pointsKey);
}
