/**
 * A colour bar for a figure's continuous colour scale, drawn inside the figure's right margin as a Plot mark —
 * Plot's own ramp legend paints a <canvas>, which the build-time DOM does not have, and would be a second image
 * beside the figure. Stacked rects instead of a gradient: no element ids that could collide between the static
 * and the live copy of a figure on one page.
 */
import * as Plot from '@observablehq/plot';

const SVG_NS = 'http://www.w3.org/2000/svg';

export interface ColorBarOptions {
  /** Values to label on the bar (in the colour scale's domain). */
  ticks: readonly number[];
  format(value: number): string;
  /** Title above the bar. */
  label?: string;
  /** The colour scale's domain [lo, hi], and whether it is logarithmic (the bar is spaced the same way). */
  domain: readonly [number, number];
  log?: boolean;
  steps?: number;
}

export function colorBar(options: ColorBarOptions): Plot.Markish {
  const [lo, hi] = options.domain;
  const log = options.log ?? false;
  const t = (v: number) =>
    log ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : (v - lo) / (hi - lo);
  const at = (u: number) =>
    log ? Math.pow(10, Math.log10(lo) + u * (Math.log10(hi) - Math.log10(lo))) : lo + u * (hi - lo);
  return Plot.frame({
    facet: 'super',
    stroke: 'none',
    render: (_index, scales, _values, dimensions, context) => {
      const doc = context.document;
      const el = (name: string, attrs: Record<string, string | number>) => {
        const e = doc.createElementNS(SVG_NS, name);
        for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
        return e;
      };
      const color = (scales as unknown as { color: (v: number) => string }).color;
      const g = el('g', { 'aria-hidden': 'true' });
      const x = dimensions.width - dimensions.marginRight + 10;
      const top = dimensions.marginTop;
      const height = dimensions.height - dimensions.marginTop - dimensions.marginBottom;
      const n = options.steps ?? 24;
      const w = 8;
      for (let i = 0; i < n; i++) {
        // Bottom = low values; each rect takes the colour of its middle.
        const y0 = top + height * (1 - (i + 1) / n);
        g.append(
          el('rect', {
            x,
            y: Number(y0.toFixed(2)),
            width: w,
            height: Number((height / n + 0.5).toFixed(2)),
            fill: color(at((i + 0.5) / n)),
          }),
        );
      }
      for (const v of options.ticks) {
        const u = t(v);
        if (!(u >= -1e-9 && u <= 1 + 1e-9)) continue;
        const y = Number((top + height * (1 - u)).toFixed(2));
        g.append(el('line', { x1: x + w, x2: x + w + 3, y1: y, y2: y, stroke: 'currentColor' }));
        const text = el('text', { x: x + w + 5, y, dy: '0.32em', 'text-anchor': 'start', fill: 'currentColor' });
        text.textContent = options.format(v);
        g.append(text);
      }
      if (options.label) {
        // On the top line, level with the y axis title: just above the bar it ran into the facets' A and B.
        const text = el('text', { x: x + w, y: 3, dy: '0.71em', 'text-anchor': 'end', fill: 'currentColor' });
        text.textContent = options.label;
        g.append(text);
      }
      return g as unknown as SVGElement;
    },
  });
}
