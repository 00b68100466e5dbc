/**
 * The one look shared by every figure: panel size, type, and the colour ramp from the input side of a network
 * to its output side. The ramp runs between two mid-lightness colours so that both ends read on Starlight's
 * light and dark backgrounds; axes and text use currentColor and follow the theme.
 *
 * A figure is an SVG whose viewBox is scaled to its column, so the type a reader sees is FONT.size × (the
 * column's width / PANEL.width). The panel grid (src/styles/course.css, .vg-panels) never makes a column
 * narrower than MIN_COLUMN_PX, and FONT.size is chosen so that text is at least 12 px there:
 * 13 × 300 / 320 ≈ 12.2 px. A 375 px phone shows one panel per row, 317 px wide (about 12.9 px); below 360 px a
 * figure's frame takes the screen's whole width (course.css), so a 320 px phone shows panels 304 px wide (12.4 px).
 */
export const PANEL = { width: 320, height: 240 } as const;

export const FONT = {
  size: 13,
  family: 'system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif',
} as const;

/** The narrowest column the panel grid gives a figure (the minimum of .vg-panels' grid in course.css). */
export const MIN_COLUMN_PX = 300;

/** The smallest text a figure may show on screen, in CSS pixels (held by test/e2e/figure-text.test.ts). */
export const MIN_TEXT_PX = 12;

/** One line of figure text, in viewBox units (Plot centres a label on its point; 1.2 em with descenders). */
export const LINE = Math.ceil(FONT.size * 1.2);

/**
 * The margins of a panel, in viewBox units, sized to its type. Top: the y axis title sits at the top left
 * (Plot draws it 3 units from the top, a line high), and the top tick label is centred on the frame's top edge,
 * so the frame starts a line and a half of text below the title. Bottom: tick labels hang 9 units below the
 * frame and the x axis title goes under them, never beside them. Left: "1e-14" and "−0.50" with the tick.
 */
export const MARGIN = {
  top: 3 + LINE + Math.ceil(LINE / 2) + 3,
  bottom: 9 + 2 * LINE + 1,
  left: 56,
  right: 20,
} as const;

/** Input-side layers violet, output-side layers orange, interpolated in HCL. */
export const LAYER_RAMP = { range: ['#8b5cf6', '#f97316'], interpolate: 'hcl' as const };

/** Colours for a single series (a loss curve), and for configurations A and B of a comparison. */
export const SERIES = ['#2563eb', '#ea580c'] as const;

/**
 * Colours for categories (series beyond the first two, the outliers): mid-lightness hues with at least 3:1 contrast
 * against both Starlight backgrounds (white and #17181c), as WCAG asks of the lines of a graphic. Each activation
 * has its own colour in its record (src/core/activation-records.ts), held to the same contrast by a test.
 */
export const CATEGORY = [
  '#2563eb',
  '#d97706',
  '#16a34a',
  '#dc2626',
  '#9333ea',
  '#0891b2',
  '#db2777',
  '#65a30d',
  '#78716c',
  '#b45309',
] as const;

/**
 * Heat maps: viridis runs from dark violet to yellow with lightness rising evenly, so the order of the colours
 * reads in grey, for colour-blind readers, and on both of Starlight's backgrounds.
 */
export const HEAT_SCHEME = 'viridis';

export interface FigureBase {
  /** The document to create elements in: `window.document` in the browser, linkedom's at build time. */
  document?: Document;
  width?: number;
  height?: number;
}

/**
 * The options every figure gives Plot.plot: its document, its size (the caller's, else the panel's or `size`),
 * the shared type, and its text alternative (the figure's name, and a sentence on what it shows).
 */
export function frame(
  options: FigureBase & { ariaLabel?: string | undefined; ariaDescription?: string | undefined },
  size: { width?: number; height?: number } = {},
) {
  return {
    document: options.document,
    width: options.width ?? size.width ?? PANEL.width,
    height: options.height ?? size.height ?? PANEL.height,
    marginTop: MARGIN.top,
    marginBottom: MARGIN.bottom,
    marginLeft: MARGIN.left,
    marginRight: MARGIN.right,
    style: { fontSize: `${FONT.size}px`, fontFamily: FONT.family },
    ariaLabel: options.ariaLabel,
    ariaDescription: options.ariaDescription,
  };
}

/**
 * A width for a label in viewBox units, from above: CJK characters are a square em; Latin ones as wide as in the
 * widest common system-ui face (DejaVu Sans: digits 0.64 em, "+" 0.84 em), bold a little wider. Margins are sized
 * with it, so that end labels and colour-bar ticks never leave the frame.
 */
export function textWidth(s: string, bold = false): number {
  let em = 0;
  for (const c of s) {
    if (/[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/.test(c)) em += 1;
    else if (/[+=×−‖mwMW]/.test(c)) em += 0.85;
    else if (/[0-9A-Z]/.test(c)) em += 0.7;
    else if (/[ .,:;'ijlft()[\]|!]/.test(c)) em += 0.4;
    else em += 0.64;
  }
  return Math.ceil(em * FONT.size * (bold ? 1.08 : 1));
}

/**
 * Move label positions (viewBox units, any order) apart until neighbours are at least `gap` apart, within
 * [lo, hi]: end labels of lines that finish close together, A's and B's, never print over each other.
 */
export function dodge(positions: readonly number[], gap: number, lo: number, hi: number): number[] {
  const order = positions.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const placed = order.map((o) => Math.min(hi, Math.max(lo, o.p)));
  for (let k = 1; k < placed.length; k++) placed[k] = Math.max(placed[k]!, placed[k - 1]! + gap);
  // If the last label ran past the bottom, shift the run back up.
  const over = (placed.at(-1) ?? lo) - hi;
  if (over > 0) for (let k = placed.length - 1; k >= 0; k--) placed[k] = Math.max(lo, placed[k]! - over);
  for (let k = placed.length - 2; k >= 0; k--) placed[k] = Math.min(placed[k]!, placed[k + 1]! - gap);
  const out = new Array<number>(positions.length);
  order.forEach((o, k) => (out[o.i] = placed[k]!));
  return out;
}

/**
 * The vertical shifts (dy, viewBox units) that keep the end labels at `natural` (their points' places, from yPixel) a
 * line apart, inside the frame of a panel `height` tall, and half a line clear of its bottom edge, where the last tick
 * label of the x axis hangs right beside them.
 */
export function endLabelShifts(natural: readonly number[], height: number): number[] {
  const placed = dodge(natural, LINE, MARGIN.top, height - MARGIN.bottom - Math.ceil(LINE / 2));
  return placed.map((p, i) => p - natural[i]!);
}

/**
 * Where `value` falls on a figure's y axis, in viewBox units from the top, for a frame with the panel margins:
 * what an end label's dodge needs before Plot has drawn anything (a live frame draws its labels in place later).
 */
export function yPixel(value: number, domain: readonly [number, number], log: boolean, height: number): number {
  const [a, b] = domain;
  const t = log ? (Math.log10(value) - Math.log10(a)) / (Math.log10(b) - Math.log10(a)) : (value - a) / (b - a);
  const u = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0.5;
  return MARGIN.top + (1 - u) * (height - MARGIN.top - MARGIN.bottom);
}

/**
 * The ticks of an axis of whole numbers (training steps): Plot's own `count` ticks, except on a short run, where
 * those would fall between the steps and print as "0 0 1 1" — there, every whole number in [lo, hi].
 */
export function stepTicks(lo: number, hi: number, count: number): number | number[] {
  if (!(Number.isFinite(lo) && Number.isFinite(hi)) || hi - lo >= count) return count;
  const out: number[] = [];
  for (let v = Math.ceil(lo); v <= Math.floor(hi); v++) out.push(v);
  return out;
}

/** About `count` round numbers (steps of 1, 2 or 5 × 10ᵏ) covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count: number): number[] {
  if (!(hi > lo)) return Number.isFinite(lo) ? [lo] : [];
  const raw = (hi - lo) / count;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** Keep at most `max` points of a long series, always keeping the last one. */
export function thin<T>(rows: readonly T[], max: number): T[] {
  if (rows.length <= max) return rows.slice();
  const stride = Math.ceil(rows.length / max);
  const out: T[] = [];
  for (let i = 0; i < rows.length; i += stride) out.push(rows[i]!);
  if (out.at(-1) !== rows.at(-1)) out.push(rows.at(-1)!);
  return out;
}

/**
 * Exponential moving average of log10(values), returned on the original scale: per-minibatch gradient norms
 * jitter by an order of magnitude, and the smoothed lines show the trend the course is about.
 */
export function smoothLog(values: readonly number[], halfLife: number): number[] {
  if (halfLife <= 0) return values.slice();
  return values.map(logSmoother(halfLife));
}

/**
 * The same smoothing one value at a time (halfLife > 0): each call takes the next value and returns its smoothed
 * value, NaN for a value that is not positive (which leaves the average as it was). A live figure keeps one per
 * series and feeds it only the steps that arrived since its last redraw.
 */
export function logSmoother(halfLife: number): (value: number) => number {
  const keep = Math.pow(0.5, 1 / halfLife);
  let acc = Number.NaN;
  return (v) => {
    if (!(v > 0)) return Number.NaN;
    const lv = Math.log10(v);
    acc = Number.isNaN(acc) ? lv : keep * acc + (1 - keep) * lv;
    return Math.pow(10, acc);
  };
}

/**
 * Make a Plot figure one accessible image: the <svg> gets role="img", its name (aria-label) and its description
 * as an SVG <desc>. Plot also labels each mark's <g> with aria-label, which is prohibited on elements without a
 * role (axe: aria-prohibited-attr) and would only repeat "line", "dot" to a screen reader; those are removed.
 */
export function asImage<T extends SVGSVGElement | HTMLElement>(figure: T): T {
  const svg = (figure.tagName.toLowerCase() === 'svg' ? figure : figure.querySelector('svg')) as SVGSVGElement | null;
  if (!svg) return figure;
  svg.setAttribute('role', 'img');
  // Plot puts a <style> sheet in every figure. Inserting a style sheet makes the browser re-match style rules across
  // the page, so a live figure redrawn four times a second restyled and relaid the whole chapter each time (measured:
  // most of a playing lab's rendering cost). The same rules live once in src/styles/course.css.
  for (const child of Array.from(svg.children))
    if (child.tagName.toLowerCase() === 'style' && child.textContent?.startsWith(':where(.plot-')) child.remove();
  svg.querySelectorAll('[aria-label]').forEach((el) => el.removeAttribute('aria-label'));
  const description = svg.getAttribute('aria-description');
  if (description) {
    svg.removeAttribute('aria-description');
    const desc = svg.ownerDocument.createElementNS('http://www.w3.org/2000/svg', 'desc');
    desc.textContent = description;
    svg.insertBefore(desc, svg.firstChild);
  }
  return figure;
}
