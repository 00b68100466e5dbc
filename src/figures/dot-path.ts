/**
 * Many dots of one look as one SVG <path>. A scatter of the task's 512 training points is 512 <circle> elements per
 * plot (1,024 in a comparison), which the browser styles and lays out one by one, and which made a chapter's HTML
 * weigh half again as much. Given as a dot mark's `render` transform, `dotPath` draws the mark's dots (Plot's own
 * scaled positions) as circles in the `d` of one path, positions rounded to a tenth of a pixel — at build time and
 * live alike, so the static SVG and the live figure stay the same picture.
 */
import type * as Plot from '@observablehq/plot';

const SVG_NS = 'http://www.w3.org/2000/svg';

export interface DotLook {
  r: number;
  fill?: string;
  /** Of the whole path: where dots overlap, the overlap is not darker, as separate translucent dots would be. */
  fillOpacity?: number;
  stroke?: string;
  strokeWidth?: number;
}

/** The class of the paths, so that a test or a style can find them. */
export const DOTS_CLASS = 'vg-dots';

/** How many dots the `vg-dots` paths under `root` draw: one `M` each. */
export function countDots(root: ParentNode): number {
  let n = 0;
  root.querySelectorAll(`path.${DOTS_CLASS}`).forEach((p) => (n += (p.getAttribute('d')?.match(/M/g) ?? []).length));
  return n;
}

const round = (v: number) => Math.round(v * 10) / 10;

/** The `d` of circles of radius r centred on (x[i], y[i]) for i in index: two half-circle arcs each. */
export function circlesPath(index: Iterable<number>, x: ArrayLike<number>, y: ArrayLike<number>, r: number): string {
  const parts: string[] = [];
  for (const i of index) {
    const cx = x[i]!;
    const cy = y[i]!;
    if (!Number.isFinite(cx) || !Number.isFinite(cy)) continue;
    parts.push(`M${round(cx - r)},${round(cy)}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`);
  }
  return parts.join('');
}

/** The render transform: replaces the mark's <circle> elements by one <path> with `look`. */
export const dotPath =
  (look: DotLook): Plot.RenderFunction =>
  (index, _scales, values, _dimensions, context) => {
    const { x, y } = values as unknown as Record<'x' | 'y', ArrayLike<number> | undefined>;
    const g = context.document.createElementNS(SVG_NS, 'g') as SVGGElement;
    if (!x || !y) return g;
    const path = context.document.createElementNS(SVG_NS, 'path');
    path.setAttribute('class', DOTS_CLASS);
    path.setAttribute('d', circlesPath(index, x, y, look.r));
    path.setAttribute('fill', look.fill ?? 'none');
    if (look.fillOpacity !== undefined) path.setAttribute('fill-opacity', String(look.fillOpacity));
    if (look.stroke) path.setAttribute('stroke', look.stroke);
    if (look.strokeWidth !== undefined) path.setAttribute('stroke-width', String(look.strokeWidth));
    g.appendChild(path);
    return g;
  };
