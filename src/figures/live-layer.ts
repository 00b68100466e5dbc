/**
 * Live figures that redraw in place. Building a Plot figure from scratch costs a playing lab most of its main-thread
 * time: Plot's own work, and then the browser styling, laying out and painting hundreds of new SVG elements, four
 * times a second. A live figure is therefore split in two:
 *
 * - its **frame** — axes, grid, reference lines, fixed labels: a Plot figure drawn only when its `frameKey` changes
 *   (a new decade on a log axis, the step axis growing to its next round length, a new language);
 * - its **data layer** — lines, dots, end labels, heat-map cells: plain data (`LayerData`) that `drawLayer` writes
 *   into a `<g>` of the frame, through the frame's own scales, updating the existing elements' attributes instead of
 *   making new ones.
 *
 * Measured in Chromium on the 2-core machine: updating 80 paths in place four times a second kept the page's
 * event-loop lag at its idle level, where rebuilding the same figures cost a third of the main thread. The static
 * figure the build renders (and an exported one) is still drawn whole by Plot, from the same prepared data.
 *
 * Dense marks — a heat map's thousands of cells, twenty lines of hundreds of points — are drawn onto a canvas inside
 * the frame (`DENSE_*`), where the browser has one picture to paint instead of thousands of elements to style, lay
 * out and paint; where there is no canvas (the build, the tests), they are SVG elements like the rest.
 */
import * as Plot from '@observablehq/plot';

const SVG_NS = 'http://www.w3.org/2000/svg';

export interface LayerLine {
  /** Data coordinates; points with a non-finite coordinate break the line, as Plot's line does. */
  points: readonly (readonly [number, number])[];
  stroke: string;
  strokeWidth?: number;
  strokeOpacity?: number;
  dash?: string | undefined;
  /** The facet (fx value) it belongs to, for side-by-side comparisons. */
  facet?: string;
}

export interface LayerDot {
  x: number;
  y: number;
  fill: string;
  r: number;
  facet?: string;
}

export interface LayerText {
  x: number;
  y: number;
  text: string;
  fill: string;
  dx?: number;
  dy?: number;
  anchor?: 'start' | 'middle' | 'end';
  fontWeight?: number;
  fillOpacity?: number;
  /** A halo in the page's background colour, so the text stays legible over lines. */
  halo?: boolean;
  facet?: string;
}

/** Rectangles in data coordinates, each with its colour (a heat map's cells). */
export interface LayerCells {
  cells: readonly { x1: number; x2: number; y1: number; y2: number; fill: string; facet?: string }[];
}

export interface LayerData {
  lines?: readonly LayerLine[];
  dots?: readonly LayerDot[];
  texts?: readonly LayerText[];
  cells?: LayerCells;
}

/** What a live panel gives the island: its frame (drawn only when `frameKey` changes) and its data layer. */
export interface LiveFigure {
  frameKey: string;
  /** The figure's accessible name and description, which change with the data: kept current without a new frame. */
  ariaLabel?: string | undefined;
  ariaDescription?: string | undefined;
  /** The frame as a Plot figure with an empty data layer in it (built when read). */
  readonly frame: SVGSVGElement | HTMLElement;
  data: LayerData;
  /** The same figure drawn whole by Plot, on the frame's axes (built when read): what the data layer must match. */
  readonly whole: SVGSVGElement | HTMLElement;
}

type ScaleFn = (v: unknown) => number;
interface Captured {
  x: ScaleFn;
  y: ScaleFn;
  /** Side by side comparisons: where each facet starts (Plot translates a facet by fx(value) − marginLeft). */
  fx: ScaleFn | undefined;
  marginLeft: number;
}

/** The scales each data layer was drawn with, kept with its element (its frame owns them). */
const captured = new WeakMap<Element, Captured>();

/** Plot's Mark class, with the constructor its typings leave out (data, channels, options). */
const MarkBase = Plot.Mark as unknown as new (
  data: undefined,
  channels: object,
  options: { facet: 'super' },
) => Plot.Mark & { render: Plot.RenderFunction };

/**
 * The mark that holds a live figure's data layer, at its place among the frame's marks (so that labels drawn after it
 * stay on top). It draws nothing itself (`liveFigure` keeps the frame's scales for `drawLayer`). Not faceted: the
 * layer places each item in its facet itself.
 */
export function layerMark(): Plot.Markish {
  const mark = new MarkBase(undefined, {}, { facet: 'super' });
  mark.render = (_index, _scales, _values, _dimensions, context) => {
    const g = context.document.createElementNS(SVG_NS, 'g') as SVGGElement;
    g.setAttribute('data-vg-layer', '');
    return g;
  };
  return mark;
}

/**
 * An invisible mark in each facet of a side-by-side frame. Plot lays out facets only for marks that have them; a frame
 * without its data marks would otherwise be one wide panel, with scales that do not match the facets' (and no A/B
 * headings).
 */
export function facetAnchor(values: readonly string[]): Plot.Markish {
  return Plot.dot(values, { fx: (d: string) => d, frameAnchor: 'middle', render: () => null });
}

/** The data layer of a frame drawn with `layerMark()`, or null. */
export function layerOf(frame: Element): SVGGElement | null {
  return frame.querySelector('g[data-vg-layer]');
}

/** Set an attribute only when it changes (an unchanged value would still invalidate the element's style). */
function set(el: Element, name: string, value: string | number | undefined): void {
  if (value === undefined) {
    if (el.hasAttribute(name)) el.removeAttribute(name);
    return;
  }
  const v = String(value);
  if (el.getAttribute(name) !== v) el.setAttribute(name, v);
}

/** The `count` children of `group` (made or removed as needed), all of element `tag`. */
function children(group: Element, tag: string, count: number): Element[] {
  while (group.childElementCount > count) group.lastElementChild!.remove();
  while (group.childElementCount < count) group.appendChild(group.ownerDocument.createElementNS(SVG_NS, tag));
  return Array.from(group.children);
}

type Part = 'raster' | 'cells' | 'lines' | 'dots' | 'texts';

/** The sub-group of `layer` for one kind of mark, made on first use, in a fixed order. */
function part(layer: Element, kind: Part, tag = 'g'): Element {
  const order: Part[] = ['raster', 'cells', 'lines', 'dots', 'texts'];
  let el = Array.from(layer.children).find((c) => c.getAttribute('data-part') === kind);
  if (el) return el;
  el = layer.ownerDocument.createElementNS(SVG_NS, tag);
  el.setAttribute('data-part', kind);
  const after = Array.from(layer.children).find(
    (c) => order.indexOf((c.getAttribute('data-part') ?? '') as Part) > order.indexOf(kind),
  );
  layer.insertBefore(el, after ?? null);
  return el;
}

const fmt = (v: number) => String(Math.round(v * 100) / 100);

/**
 * Walk a line's points in the frame's units: `to(x, y, move)` for each, `move` where a stroke begins — at the first
 * point, and after a point with a coordinate that is not finite, where the line breaks as Plot's does.
 */
function walk(
  line: LayerLine,
  px: (v: number, facet?: string) => number,
  py: (v: number) => number,
  to: (x: number, y: number, move: boolean) => void,
): void {
  let open = false;
  for (const [vx, vy] of line.points) {
    const a = px(vx, line.facet);
    const b = py(vy);
    if (!Number.isFinite(a) || !Number.isFinite(b)) {
      open = false;
      continue;
    }
    to(a, b, !open);
    open = true;
  }
}

/** Lines with more points than this in all, or more cells than this, go to the canvas (where there is one). */
const DENSE_POINTS = 600;
const DENSE_CELLS = 100;
const XHTML_NS = 'http://www.w3.org/1999/xhtml';

/**
 * The canvas of `layer`, cleared, with a context that draws in the frame's own units — or null where no canvas can
 * draw (linkedom at build time and in the unit tests). It fills the frame (a `<foreignObject>` first in the layer,
 * so that every SVG part of the layer is drawn over it) at the screen's device pixels per CSS pixel (up to three):
 * a frame's unit is about one CSS pixel wide on a desktop and on a phone alike, so this is sharp on both, and a
 * canvas no larger than it needs to be is cheaper to hand to the compositor at each redraw.
 */
function rasterOf(layer: Element): { ctx: CanvasRenderingContext2D; sx: number; sy: number } | null {
  const doc = layer.ownerDocument;
  const view = doc.defaultView;
  const svg = layer.closest('svg');
  if (!view || !svg || typeof view.HTMLCanvasElement !== 'function') return null;
  const box = (svg.getAttribute('viewBox') ?? '').split(/[\s,]+/).map(Number);
  const [width, height] = [box[2] ?? Number(svg.getAttribute('width')), box[3] ?? Number(svg.getAttribute('height'))];
  if (!(width! > 0 && height! > 0)) return null;
  let canvas = layer.querySelector<HTMLCanvasElement>('[data-part="raster"] > canvas');
  if (!canvas) {
    const scale = Math.min(3, Math.max(1, Math.ceil(view.devicePixelRatio || 1)));
    canvas = doc.createElementNS(XHTML_NS, 'canvas') as HTMLCanvasElement;
    if (!canvas.getContext('2d')) return null;
    canvas.width = Math.round(width! * scale);
    canvas.height = Math.round(height! * scale);
    canvas.setAttribute('style', 'display:block;width:100%;height:100%');
    canvas.setAttribute('aria-hidden', 'true');
    const host = part(layer, 'raster', 'foreignObject');
    for (const [k, v] of [
      ['x', 0],
      ['y', 0],
      ['width', width],
      ['height', height],
    ] as const)
      host.setAttribute(k, String(v));
    host.appendChild(canvas);
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const [sx, sy] = [canvas.width / width!, canvas.height / height!];
  ctx.setTransform(sx, 0, 0, sy, 0, 0);
  return { ctx, sx, sy };
}

/** A colour as the canvas can take it: `currentColor` and `var(--…)` read from the figure's computed style. */
function paintOf(layer: Element, cache: Map<string, string>): (color: string) => string {
  let style: CSSStyleDeclaration | null = null;
  const read = () => (style ??= layer.ownerDocument.defaultView!.getComputedStyle(layer.closest('svg')!));
  return (color) => {
    let out = cache.get(color);
    if (out !== undefined) return out;
    const v = color.match(/^var\((--[\w-]+)\)$/);
    out = color === 'currentColor' ? read().color : v ? read().getPropertyValue(v[1]!).trim() || 'currentColor' : color;
    cache.set(color, out);
    return out;
  };
}

/**
 * Draw `data` into `layer` (a frame's data layer) with the scales its frame was drawn with, reusing its elements.
 * Returns false if the layer has no scales (not a layer drawn by `layerMark`).
 */
export function drawLayer(layer: Element, data: LayerData): boolean {
  const c = captured.get(layer);
  if (!c) return false;
  const offset = (facet: string | undefined) => (facet !== undefined && c.fx ? c.fx(facet) - c.marginLeft : 0);
  const px = (v: number, facet?: string) => c.x(v) + offset(facet);
  const py = (v: number) => c.y(v);

  const allLines = data.lines ?? [];
  const allCells = data.cells?.cells ?? [];
  const points = allLines.reduce((n, l) => n + l.points.length, 0);
  const dense = points > DENSE_POINTS || allCells.length > DENSE_CELLS;
  const raster = dense ? rasterOf(layer) : null;
  const ctx = raster?.ctx;
  if (!ctx && layer.querySelector('[data-part="raster"]')) part(layer, 'raster').remove();
  const onCanvas = {
    lines: !!ctx && points > DENSE_POINTS,
    cells: !!ctx && allCells.length > DENSE_CELLS,
  };
  const paint = ctx ? paintOf(layer, new Map()) : (c: string) => c;
  if (raster && onCanvas.cells) {
    // Edges on whole canvas pixels: neighbouring cells then meet exactly, without a faint seam between them.
    const snapX = (v: number) => Math.round(v * raster.sx) / raster.sx;
    const snapY = (v: number) => Math.round(v * raster.sy) / raster.sy;
    for (const c of allCells) {
      const [xa, xb] = [px(c.x1, c.facet), px(c.x2, c.facet)].sort((a, b) => a - b).map(snapX);
      const [ya, yb] = [py(c.y1), py(c.y2)].sort((a, b) => a - b).map(snapY);
      if (!Number.isFinite(xa! + xb! + ya! + yb!)) continue;
      raster.ctx.fillStyle = paint(c.fill);
      raster.ctx.fillRect(xa!, ya!, xb! - xa!, yb! - ya!);
    }
  }
  if (ctx && onCanvas.lines) {
    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';
    for (const line of allLines) {
      ctx.beginPath();
      walk(line, px, py, (x, y, move) => (move ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
      ctx.strokeStyle = paint(line.stroke);
      ctx.lineWidth = line.strokeWidth ?? 1.5;
      ctx.globalAlpha = line.strokeOpacity ?? 1;
      ctx.setLineDash(line.dash ? line.dash.split(/[\s,]+/).map(Number) : []);
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
  }

  const lines = onCanvas.lines ? [] : allLines;
  children(part(layer, 'lines'), 'path', lines.length).forEach((el, i) => {
    const line = lines[i]!;
    let d = '';
    walk(line, px, py, (x, y, move) => (d += `${move ? 'M' : 'L'}${fmt(x)},${fmt(y)}`));
    set(el, 'd', d || 'M0,0');
    set(el, 'fill', 'none');
    set(el, 'stroke', line.stroke);
    set(el, 'stroke-width', line.strokeWidth ?? 1.5);
    set(el, 'stroke-opacity', line.strokeOpacity);
    set(el, 'stroke-dasharray', line.dash);
    set(el, 'stroke-linejoin', 'round');
    set(el, 'stroke-linecap', 'round');
    set(el, 'visibility', d ? undefined : 'hidden');
  });

  const dots = (data.dots ?? []).filter((d) => Number.isFinite(px(d.x, d.facet)) && Number.isFinite(py(d.y)));
  children(part(layer, 'dots'), 'circle', dots.length).forEach((el, i) => {
    const dot = dots[i]!;
    set(el, 'cx', fmt(px(dot.x, dot.facet)));
    set(el, 'cy', fmt(py(dot.y)));
    set(el, 'r', dot.r);
    set(el, 'fill', dot.fill);
  });

  const texts = (data.texts ?? []).filter((t) => Number.isFinite(px(t.x, t.facet)) && Number.isFinite(py(t.y)));
  children(part(layer, 'texts'), 'text', texts.length).forEach((el, i) => {
    const t = texts[i]!;
    set(el, 'x', fmt(px(t.x, t.facet) + (t.dx ?? 0)));
    set(el, 'y', fmt(py(t.y) + (t.dy ?? 0)));
    // Plot centres a text on its point this way; keep its look.
    set(el, 'dy', '0.32em');
    set(el, 'fill', t.fill);
    set(el, 'fill-opacity', t.fillOpacity);
    set(el, 'text-anchor', t.anchor ?? 'middle');
    set(el, 'font-weight', t.fontWeight);
    set(el, 'paint-order', t.halo ? 'stroke' : undefined);
    set(el, 'stroke', t.halo ? 'var(--plot-background)' : undefined);
    set(el, 'stroke-width', t.halo ? 4 : undefined);
    if (el.textContent !== t.text) el.textContent = t.text;
  });

  // Cells as rectangles updated in place: between two redraws only the columns that got new steps change colour, and
  // only those elements are touched (a picture of them had to be encoded anew each time).
  const cells = (onCanvas.cells ? [] : allCells).filter((c) =>
    Number.isFinite(px(c.x1, c.facet) + px(c.x2, c.facet) + py(c.y1) + py(c.y2)),
  );
  children(part(layer, 'cells'), 'rect', cells.length).forEach((el, i) => {
    const c = cells[i]!;
    const xa = px(c.x1, c.facet);
    const xb = px(c.x2, c.facet);
    const ya = py(c.y1);
    const yb = py(c.y2);
    set(el, 'x', fmt(Math.min(xa, xb)));
    set(el, 'y', fmt(Math.min(ya, yb)));
    set(el, 'width', fmt(Math.abs(xb - xa)));
    set(el, 'height', fmt(Math.abs(yb - ya)));
    set(el, 'fill', c.fill);
  });
  return true;
}

/**
 * The length the step axis of a live figure shows for a run at step `n`: the next round number (1, 2, 3 or 5 × 10ᵏ)
 * at or above it, so that the axes stay put while a run grows into them and are redrawn a few times a decade.
 */
export function liveExtent(n: number): number {
  if (!(n > 1)) return 1;
  const k = Math.pow(10, Math.floor(Math.log10(n)));
  for (const m of [1, 2, 3, 5, 10]) if (m * k >= n - 1e-9) return m * k;
  return 10 * k;
}

/** Whole decades around `values` (at least one), for a log axis that changes only when the data leaves them. */
export function decadeDomain(values: readonly number[]): [number, number] {
  const finite = values.filter((v) => v > 0 && Number.isFinite(v));
  if (!finite.length) return [0.1, 1];
  const lo = Math.floor(Math.log10(Math.min(...finite)));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(...finite))));
  return [Math.pow(10, lo), Math.pow(10, hi)];
}

/** Bring a shown frame's accessible name and description (see asImage) up to date with `live`. */
export function describeFrame(shown: Element, live: LiveFigure): void {
  const svg = shown.tagName.toLowerCase() === 'svg' ? shown : shown.querySelector('svg');
  if (!svg) return;
  if (live.ariaLabel !== undefined) set(svg, 'aria-label', live.ariaLabel);
  const desc = Array.from(svg.children).find((c) => c.tagName.toLowerCase() === 'desc');
  if (desc && live.ariaDescription !== undefined && desc.textContent !== live.ariaDescription)
    desc.textContent = live.ariaDescription;
}

/** The options of a Plot figure as a string, leaving out what is not its look (the document it is drawn in). */
function keyOf(value: unknown): string {
  return JSON.stringify(value, (k, v: unknown) =>
    k === 'document' ? undefined : typeof v === 'function' ? String(v) : v,
  );
}

/**
 * A live figure from a figure's parts: the frame is Plot's figure of `options` with `before` marks under the data
 * layer and `after` marks over it; its key is everything that decides its look (`extra`: what the marks depend on).
 */
export function liveFigure(
  options: Plot.PlotOptions,
  before: readonly Plot.Markish[],
  after: readonly Plot.Markish[],
  data: LayerData,
  /** The marks Plot draws for the data layer in a whole figure (made only when `whole` is read). */
  marks: () => readonly Plot.Markish[],
  finish: (figure: SVGSVGElement | HTMLElement) => SVGSVGElement | HTMLElement,
  extra: unknown = null,
): LiveFigure {
  const { ariaLabel, ariaDescription, ...look } = options;
  return {
    frameKey: keyOf([look, extra]),
    ariaLabel: ariaLabel ?? undefined,
    ariaDescription: ariaDescription ?? undefined,
    get frame() {
      const figure = Plot.plot({ ...options, marks: [...before, layerMark(), ...after] });
      const layer = layerOf(figure);
      // The scales as the figure applies them (Plot's own API); faceted, x maps into one facet (see facetAnchor).
      type Scale = { apply(v: unknown): number };
      const scale = (name: 'x' | 'y' | 'fx') => figure.scale(name) as Scale | undefined;
      const sx = scale('x');
      const sy = scale('y');
      const sfx = scale('fx');
      const marginLeft = Number(options.marginLeft ?? options.margin ?? 0);
      const x = sx ? (v: unknown) => Number(sx.apply(v)) : undefined;
      if (layer && x && sy)
        captured.set(layer, {
          x,
          y: (v: unknown) => Number(sy.apply(v)),
          fx: sfx ? (v: unknown) => Number(sfx.apply(v)) : undefined,
          marginLeft,
        });
      return finish(figure);
    },
    data,
    get whole() {
      return finish(Plot.plot({ ...options, marks: [...before, ...marks(), ...after] }));
    },
  };
}
