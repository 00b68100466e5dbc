/**
 * Dense rectangles as one picture. A live heat map of 20 layers × 40 column runs is ~800 <rect> elements that the
 * browser must style, lay out and paint again at every redraw — most of a redraw's cost. Given as a mark's `render`
 * transform, `rasterRects` paints the mark's rectangles (Plot's own scaled positions and colours) on a canvas, which
 * takes their place in the SVG inside a <foreignObject> — in a browser page only. At build time (linkedom's
 * document) it hands over to Plot's own rendering, so the static SVG keeps its <rect> elements, unless the mark asks
 * for `grid` and its rectangles tile one (then one build-time picture: see gridPictures); either reads the same
 * without JavaScript. (The canvas was first encoded into an <image> with toDataURL: the PNG encoding was most of a
 * live histogram panel's redraw. An exported figure turns each canvas into an <image>: see export.ts.)
 */
import type * as Plot from '@observablehq/plot';
import { encodePng, parseColor, pngDataUrl } from './png';

const SVG_NS = 'http://www.w3.org/2000/svg';
const XHTML_NS = 'http://www.w3.org/1999/xhtml';
/** Canvas pixels per unit of the figure: the cells are ten or more units wide, sharp enough at one. */
const RESOLUTION = 1;

type Channel = ArrayLike<number> | undefined;

/**
 * At build time, a mark whose rectangles tile a grid (a heat map's cells, or a decision boundary's runs of cells: all
 * one height, and lefts and rights on one lattice) can be drawn as a picture too: one pixel per lattice cell,
 * stretched over the rectangles' box with image-rendering: pixelated, so each cell stays a sharp rectangle of its
 * colour. One <image> (a few kilobytes of PNG) instead of a <rect> per cell — 1,648 of them on
 * /causes/deep-networks/ — which the reader's browser would otherwise style and lay out on every load; the figure's
 * text alternative (its aria-label and description) says what the picture shows. The lattice step is the narrowest
 * rectangle's width (a heat map's shorter last column is one step, the others two). Null when the rectangles do not
 * tile such a grid or a colour is not one Plot's scales give: the caller then draws them as rectangles.
 */
function gridPictures(
  index: Iterable<number>,
  box: Record<'x1' | 'x2' | 'y1' | 'y2', ArrayLike<number>>,
  fill: ArrayLike<string>,
  doc: Document,
): SVGGElement | null {
  const round = (v: number) => Math.round(v * 1000) / 1000;
  const cells: { l: number; r: number; t: number; b: number; c: [number, number, number, number] }[] = [];
  for (const i of index) {
    const [l, r] = [Math.min(box.x1[i]!, box.x2[i]!), Math.max(box.x1[i]!, box.x2[i]!)];
    const [t, b] = [Math.min(box.y1[i]!, box.y2[i]!), Math.max(box.y1[i]!, box.y2[i]!)];
    const c = parseColor(fill[i]!);
    if (!c || ![l, r, t, b].every(Number.isFinite) || !(r > l && b > t)) return null;
    cells.push({ l, r, t, b, c });
  }
  const g = doc.createElementNS(SVG_NS, 'g') as SVGGElement;
  if (cells.length === 0) return g;
  const w = Math.min(...cells.map((c) => c.r - c.l));
  const h = cells[0]!.b - cells[0]!.t;
  const left = Math.min(...cells.map((c) => c.l));
  const top = Math.min(...cells.map((c) => c.t));
  /** v's step on the lattice from `from` by `size`, or −1 when v is off it. */
  const step = (v: number, from: number, size: number) => {
    const k = Math.round((v - from) / size);
    return Math.abs(from + k * size - v) < 1e-3 ? k : -1;
  };
  const at = cells.map((c) => [step(c.l, left, w), step(c.r, left, w), step(c.t, top, h), step(c.b, top, h)]);
  if (at.some(([i0, i1, j0, j1]) => i0! < 0 || i1! < 0 || j0! < 0 || j1! !== j0! + 1)) return null;
  const cols = Math.max(...at.map(([, i1]) => i1!));
  const rows = Math.max(...at.map(([, , , j1]) => j1!));
  const rgba = new Uint8Array(cols * rows * 4);
  cells.forEach((c, k) => {
    const [i0, i1, j] = at[k]! as [number, number, number];
    for (let i = i0; i < i1; i++) rgba.set(c.c, (j * cols + i) * 4);
  });
  const image = doc.createElementNS(SVG_NS, 'image');
  image.setAttribute('x', String(round(left)));
  image.setAttribute('y', String(round(top)));
  image.setAttribute('width', String(round(cols * w)));
  image.setAttribute('height', String(round(rows * h)));
  image.setAttribute('preserveAspectRatio', 'none');
  image.setAttribute('style', 'image-rendering:pixelated');
  image.setAttribute('href', pngDataUrl(encodePng(cols, rows, rgba)));
  g.appendChild(image);
  return g;
}

/**
 * The render transform; `inset` is the mark's own (Plot applies it only when it draws the rectangles itself).
 * `grid`: the rectangles are cells on a lattice (a heat map's, a decision boundary's runs), drawn as a picture at
 * build time too (see gridPictures).
 */
export const rasterRects =
  (inset = 0, { grid = false }: { grid?: boolean } = {}): Plot.RenderFunction =>
  (index, scales, values, dimensions, context, next) => {
    const live = typeof window !== 'undefined' && context.document === window.document;
    const canvas = live ? (context.document.createElementNS(XHTML_NS, 'canvas') as HTMLCanvasElement) : null;
    const ctx = canvas?.getContext('2d') ?? null;
    const { x1, x2, y1, y2 } = values as unknown as Record<'x1' | 'x2' | 'y1' | 'y2', Channel>;
    const fill = (values as unknown as { fill?: ArrayLike<string> }).fill;
    // Build time only (import.meta.env.SSR is false in the browser's bundle, which then carries no PNG encoder).
    if (import.meta.env.SSR && !live && grid && inset === 0 && x1 && x2 && y1 && y2 && fill) {
      const pictures = gridPictures(index, { x1, x2, y1, y2 }, fill, context.document);
      if (pictures) return pictures;
    }
    if (!canvas || !ctx || !x1 || !x2 || !y1 || !y2 || !fill) return next!(index, scales, values, dimensions, context);
    let left = Infinity;
    let top = Infinity;
    let right = -Infinity;
    let bottom = -Infinity;
    for (const i of index) {
      left = Math.min(left, x1[i]!, x2[i]!);
      right = Math.max(right, x1[i]!, x2[i]!);
      top = Math.min(top, y1[i]!, y2[i]!);
      bottom = Math.max(bottom, y1[i]!, y2[i]!);
    }
    const g = context.document.createElementNS(SVG_NS, 'g') as SVGGElement;
    if (!(right > left && bottom > top)) return g;
    left = Math.floor(left);
    top = Math.floor(top);
    const width = Math.ceil(right) - left;
    const height = Math.ceil(bottom) - top;
    canvas.width = width * RESOLUTION;
    canvas.height = height * RESOLUTION;
    ctx.scale(RESOLUTION, RESOLUTION);
    ctx.translate(-left, -top);
    for (const i of index) {
      ctx.fillStyle = fill[i]!;
      const xa = Math.min(x1[i]!, x2[i]!);
      const ya = Math.min(y1[i]!, y2[i]!);
      const w = Math.abs(x2[i]! - x1[i]!) - 2 * inset;
      const h = Math.abs(y2[i]! - y1[i]!) - 2 * inset;
      if (w > 0 && h > 0) ctx.fillRect(xa + inset, ya + inset, w, h);
    }
    canvas.setAttribute('style', 'display:block;width:100%;height:100%');
    canvas.setAttribute('aria-hidden', 'true');
    const host = context.document.createElementNS(SVG_NS, 'foreignObject');
    host.setAttribute('x', String(left));
    host.setAttribute('y', String(top));
    host.setAttribute('width', String(width));
    host.setAttribute('height', String(height));
    host.setAttribute('data-part', 'raster');
    host.appendChild(canvas);
    g.appendChild(host);
    return g;
  };
