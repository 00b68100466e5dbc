/**
 * Dense rectangles as one picture. A live heat map of 20 layers × 40 column runs is ~800 <rect> elements that the
 * browser must style, lay out and paint again at every redraw — most of a redraw's cost. Given as a mark's `render`
 * transform, `rasterRects` paints the mark's rectangles (Plot's own scaled positions and colours) on a canvas and
 * puts one <image> in their place — in a browser page only: at build time (linkedom's document) it hands over to
 * Plot's own rendering, so the static SVG keeps its <rect> elements and reads the same without JavaScript.
 */
import type * as Plot from '@observablehq/plot';

const SVG_NS = 'http://www.w3.org/2000/svg';
/**
 * Canvas pixels per CSS pixel. The cells are ten or more pixels wide, so one canvas pixel per CSS pixel draws
 * them sharply enough; encoding the picture (toDataURL) costs in proportion to its pixels, and at 2× it was the
 * largest part of a live heat map's redraw.
 */
const RESOLUTION = 1;

type Channel = ArrayLike<number> | undefined;

/** The render transform; `inset` is the mark's own (Plot applies it only when it draws the rectangles itself). */
export const rasterRects =
  (inset = 0): Plot.RenderFunction =>
  (index, scales, values, dimensions, context, next) => {
    const live = typeof window !== 'undefined' && context.document === window.document;
    const canvas = live ? context.document.createElement('canvas') : null;
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
    const image = context.document.createElementNS(SVG_NS, 'image');
    image.setAttribute('x', String(left));
    image.setAttribute('y', String(top));
    image.setAttribute('width', String(width));
    image.setAttribute('height', String(height));
    image.setAttribute('preserveAspectRatio', 'none');
    image.setAttribute('href', canvas.toDataURL());
    g.appendChild(image);
    return g;
  };
