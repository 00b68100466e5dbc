/**
 * Activation functions and their derivatives on the same axes: f solid, f′ dashed, one colour per function, the
 * largest slope of each marked with a dot on its f′ curve (σ′ peaks at 1/4, tanh′ at 1 — the numbers behind the
 * vanishing-gradient bound). A reading at one x draws a rule and a dot on every curve there. Curves leaving the
 * y range are cut at its edge (Plot's clip would need an element id, which could repeat on a page).
 */
import * as Plot from '@observablehq/plot';
import { scalarActivation, slopeMaximum, type ActivationId, type ActivationParams } from '../core/activation-scalars';
import { activationRecord } from '../core/activation-records';
import { asImage, type FigureBase, frame, LINE, MARGIN, PANEL, textWidth, yPixel } from './theme';

export interface ActivationCurve {
  id: ActivationId;
  label: string;
  /** Sample points x, with f(x) and f′(x). */
  points: readonly { x: number; f: number; df: number }[];
  /** Where |f′| is largest on the x range, and its value. */
  max: { x: number; value: number };
}

export type CurveSet = 'both' | 'f' | 'df';

export interface ActivationCurvesData {
  curves: readonly ActivationCurve[];
  x: readonly [number, number];
  y: readonly [number, number];
  show: CurveSet;
  /** The reading: a vertical rule at x, and a dot on each curve at its exact values there. */
  at: { x: number; values: readonly { id: ActivationId; f: number; df: number }[] } | null;
}

export interface ActivationCurvesOptions extends FigureBase {
  labels: { x: string; y: string; maxSlope: string };
  ariaLabel: string;
  ariaDescription?: string | undefined;
}

/** Sample each activation on [lo, hi]; `n` points resolve every kink and bend of the table's functions at figure size. */
export function sampleActivations(
  ids: readonly ActivationId[],
  labels: (id: ActivationId) => string,
  params: ActivationParams,
  [lo, hi]: readonly [number, number],
  n = 241,
): ActivationCurve[] {
  return ids.map((id) => {
    const act = scalarActivation(id, params);
    const points = Array.from({ length: n }, (_, i) => {
      const x = lo + ((hi - lo) * i) / (n - 1);
      return { x, f: act.f(x), df: act.df(x) };
    });
    return { id, label: labels(id), points, max: slopeMaximum(act, lo, hi) };
  });
}

/** The colour of an activation: fixed per activation, so it keeps its colour whichever others are shown. */
export function activationColor(id: ActivationId): string {
  return activationRecord(id).color;
}

interface Pt {
  x: number;
  y: number;
}

/** The curve cut to [lo, hi]: crossing points inserted at the edge, points outside become gaps (NaN). */
export function cutToRange(points: readonly Pt[], lo: number, hi: number): Pt[] {
  const out: Pt[] = [];
  const inside = (p: Pt) => p.y >= lo && p.y <= hi;
  points.forEach((p, i) => {
    const prev = points[i - 1];
    if (prev && inside(prev) !== inside(p) && Number.isFinite(prev.y) && Number.isFinite(p.y)) {
      const edge = (inside(prev) ? p.y : prev.y) > hi ? hi : lo;
      const u = (edge - prev.y) / (p.y - prev.y);
      const crossing = { x: prev.x + u * (p.x - prev.x), y: edge };
      if (inside(prev)) out.push(crossing, { x: p.x, y: Number.NaN });
      else out.push(crossing);
    }
    if (inside(p)) out.push(p);
    else if (!prev) out.push({ x: p.x, y: Number.NaN });
  });
  return out;
}

/** The figure's height: a panel's width, a little taller than a lab's panels for the curves' detail. */
const HEIGHT = 260;
/** How far a maximum's label sits above its ring (viewBox units). */
const ABOVE = 11;

/**
 * Places for the labels of the maxima (centres `cx`, `cy` and widths in viewBox units): where two would overlap (ReLU's
 * 1, Leaky ReLU's 1.1 and ELU's 1.129 all peak near x = 0), the lower one moves up a line at a time until it is
 * clear; a label is also kept inside the figure sideways. Returns each label's shift.
 */
export function placeMaxima(
  labels: readonly { cx: number; cy: number; w: number }[],
  width: number,
): { dx: number; dy: number }[] {
  const placed: { x0: number; x1: number; y0: number; y1: number }[] = [];
  const order = labels.map((l, i) => ({ ...l, i })).sort((a, b) => a.cy - b.cy);
  const out = labels.map(() => ({ dx: 0, dy: 0 }));
  for (const l of order) {
    const cx = Math.min(width - 2 - l.w / 2, Math.max(2 + l.w / 2, l.cx));
    const box = (dy: number) => ({
      x0: cx - l.w / 2,
      x1: cx + l.w / 2,
      y0: l.cy + dy - LINE / 2,
      y1: l.cy + dy + LINE / 2,
    });
    const free = (b: ReturnType<typeof box>) =>
      placed.every((p) => b.x1 <= p.x0 || b.x0 >= p.x1 || b.y1 <= p.y0 || b.y0 >= p.y1);
    let dy = 0;
    for (let k = 0; k < labels.length * 2 + 1 && !free(box(dy)); k++) dy = -(k + 1) * LINE;
    placed.push(box(dy));
    out[l.i] = { dx: cx - l.cx, dy };
  }
  return out;
}

export function activationCurvesFigure(
  data: ActivationCurvesData,
  options: ActivationCurvesOptions & { colors: (id: ActivationId) => string },
): SVGSVGElement | HTMLElement {
  const [ylo, yhi] = data.y;
  const rows = (kind: 'f' | 'df') =>
    data.curves.flatMap((c) =>
      cutToRange(
        c.points.map((p) => ({ x: p.x, y: p[kind] })),
        ylo,
        yhi,
      ).map((p) => ({ ...p, id: c.id, kind })),
    );
  const showF = data.show !== 'df';
  const showDf = data.show !== 'f';
  // One label per distinct maximum: ReLU, Leaky ReLU and ELU all reach 1 at x = 0⁺.
  const maxima = showDf
    ? data.curves.map((c) => ({ id: c.id, x: c.max.x, y: c.max.value })).filter((m) => m.y >= ylo && m.y <= yhi)
    : [];
  const labelled = maxima.filter(
    (m, i) => maxima.findIndex((o) => Math.abs(o.x - m.x) < 0.05 && Math.abs(o.y - m.y) < 0.02) === i,
  );
  const text = (m: { y: number }) => `${options.labels.maxSlope} ${Number(m.y.toFixed(3))}`;
  const width = options.width ?? PANEL.width;
  const height = options.height ?? HEIGHT;
  const places = placeMaxima(
    labelled.map((m) => {
      const [x0, x1] = data.x;
      const cx = MARGIN.left + ((m.x - x0) / (x1 - x0)) * (width - MARGIN.left - MARGIN.right);
      return { cx, cy: yPixel(m.y, data.y, false, height) - ABOVE, w: textWidth(text(m)) };
    }),
    width,
  );
  const at = data.at;
  const atRows =
    at === null
      ? []
      : at.values
          .flatMap((v) => [
            ...(showF ? [{ x: at.x, y: v.f, id: v.id }] : []),
            ...(showDf ? [{ x: at.x, y: v.df, id: v.id }] : []),
          ])
          .filter((r) => r.y >= ylo && r.y <= yhi);
  const color = (d: { id: ActivationId }) => options.colors(d.id);
  return asImage(
    Plot.plot({
      // The panel's size and type, so that its text is as large as every other figure's.
      ...frame(options, { height: HEIGHT }),
      x: { domain: [...data.x], label: options.labels.x, ticks: 5 },
      y: { domain: [ylo, yhi], label: options.labels.y, grid: true, ticks: 6 },
      marks: [
        Plot.ruleY([0], { stroke: 'currentColor', strokeOpacity: 0.35 }),
        Plot.ruleX([0], { stroke: 'currentColor', strokeOpacity: 0.35 }),
        ...(showF ? [Plot.line(rows('f'), { x: 'x', y: 'y', z: 'id', stroke: color, strokeWidth: 2 })] : []),
        ...(showDf
          ? [
              Plot.line(rows('df'), {
                x: 'x',
                y: 'y',
                z: 'id',
                stroke: color,
                strokeWidth: 1.5,
                strokeDasharray: '5,3',
              }),
            ]
          : []),
        Plot.dot(maxima, { x: 'x', y: 'y', r: 4.5, fill: 'var(--plot-background)', stroke: color, strokeWidth: 2 }),
        ...labelled.map((m, i) =>
          Plot.text([m], {
            x: 'x',
            y: 'y',
            text,
            dx: places[i]!.dx,
            dy: places[i]!.dy - ABOVE,
            stroke: 'var(--plot-background)',
            strokeWidth: 4,
            paintOrder: 'stroke',
            fill: 'currentColor',
          }),
        ),
        ...(at === null
          ? []
          : [
              Plot.ruleX([at.x], { stroke: 'currentColor', strokeOpacity: 0.6, strokeDasharray: '2,2' }),
              Plot.dot(atRows, { x: 'x', y: 'y', r: 3.5, fill: color }),
            ]),
      ],
    }),
  );
}
