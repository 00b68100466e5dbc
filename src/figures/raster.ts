/**
 * Dense rectangles as one picture. A live heat map of 20 layers × 40 column runs is ~800 <rect> elements that the
 * browser must style, lay out and paint again at every redraw — most of a redraw's cost. Given as a mark's `render`
 * transform, `rasterRects` paints the mark's rectangles (Plot's own scaled positions and colours) on a canvas, which
 * takes their place in the SVG inside a <foreignObject> — in a browser page only: at build time (linkedom's
 * document) it hands over to Plot's own rendering, so the static SVG keeps its <rect> elements and reads the same
 * without JavaScript. (The canvas was first encoded into an <image> with toDataURL: the PNG encoding was most of a
 * live histogram panel's redraw. An exported figure turns each canvas into an <image>: see export.ts.)
 */
import type * as Plot from '@observablehq/plot';

const SVG_NS = 'http://www.w3.org/2000/svg';
const XHTML_NS = 'http://www.w3.org/1999/xhtml';
/** Canvas pixels per unit of the figure: the cells are ten or more units wide, sharp enough at one. */
const RESOLUTION = 1;

type Channel = ArrayLike<number> | undefined;

/** The render transform; `inset` is the mark's own (Plot applies it only when it draws the rectangles itself). */
export const rasterRects =
  (inset = 0): Plot.RenderFunction =>
  (index, scales, values, dimensions, context, next) => {
    const live = typeof window !== 'undefined' && context.document === window.document;
    const canvas = live ? (context.document.createElementNS(XHTML_NS, 'canvas') as HTMLCanvasElement) : null;
    const ctx = canvas?.getContext('2d') ?? null;
    const { x1, x2, y1, y2 } = values as unknown as Record<'x1' | 'x2' | 'y1' | 'y2', Channel>;
    const fill = (values as unknown as { fill?: ArrayLike<string> }).fill;
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
