/**
 * ‖∂L/∂W_l‖ over training steps, one line per layer coloured from input (violet) to output (orange), log axis.
 * Each line is smoothed (an exponential moving average of log10 of the norm, half-life `halfLife` steps) because
 * single-minibatch norms jitter by an order of magnitude. Vanishing gradients show as a fan of parallel lines
 * orders of magnitude apart; the first and last layers are labelled at the right edge.
 */
import * as Plot from '@observablehq/plot';
import { asImage, FONT, LAYER_RAMP, PANEL, smoothLog, thin, type FigureBase } from './theme';

export interface GradientOverStepsData {
  depth: number;
  /** One entry per recorded step: the step number and every layer's norm (input layer first). */
  steps: readonly { step: number; gradNorms: readonly number[] }[];
}

export interface GradientOverStepsOptions extends FigureBase {
  labels: { step: string; gradNorm: string; firstLayer: string; lastLayer: string };
  ariaLabel: string;
  ariaDescription?: string;
  /** Upper bound on points per line, so that long runs stay cheap to draw. */
  maxPoints?: number;
  /** Half-life of the smoothing, in steps (0: raw values). */
  halfLife?: number;
}

export function gradientOverStepsFigure(
  data: GradientOverStepsData,
  options: GradientOverStepsOptions,
): SVGSVGElement | HTMLElement {
  const depth = data.depth;
  const halfLife = options.halfLife ?? 8;
  const smoothed = Array.from({ length: depth }, (_, l) =>
    smoothLog(
      data.steps.map((s) => s.gradNorms[l] ?? Number.NaN),
      halfLife,
    ),
  );
  const indices = thin(
    data.steps.map((_, i) => i),
    options.maxPoints ?? 240,
  );
  const rows = indices.flatMap((i) =>
    smoothed.map((series, l) => ({ step: data.steps[i]!.step, layer: l + 1, norm: series[i]! })),
  );
  const lastIndex = indices.at(-1);
  const ends =
    lastIndex === undefined
      ? []
      : [
          {
            step: data.steps[lastIndex]!.step,
            layer: 1,
            norm: smoothed[0]![lastIndex]!,
            text: options.labels.firstLayer,
          },
          {
            step: data.steps[lastIndex]!.step,
            layer: depth,
            norm: smoothed[depth - 1]![lastIndex]!,
            text: options.labels.lastLayer,
          },
        ].filter((r) => r.norm > 0 && (depth > 1 || r.layer === 1));
  return asImage(
    Plot.plot({
      document: options.document,
      width: options.width ?? PANEL.width,
      height: options.height ?? PANEL.height,
      style: { fontSize: `${FONT.size}px`, fontFamily: FONT.family },
      marginLeft: 52,
      marginRight: 44,
      ariaLabel: options.ariaLabel,
      ariaDescription: options.ariaDescription,
      x: { label: options.labels.step, ticks: 4, tickFormat: 'd' },
      y: { type: 'log', label: options.labels.gradNorm, grid: true, tickFormat: '.0e', ticks: 5 },
      color: { ...LAYER_RAMP, domain: [1, Math.max(2, depth)] },
      marks: [
        Plot.line(rows, { x: 'step', y: 'norm', z: 'layer', stroke: 'layer', strokeWidth: depth > 24 ? 1 : 1.5 }),
        Plot.text(ends, { x: 'step', y: 'norm', text: 'text', fill: 'layer', dx: 4, textAnchor: 'start' }),
      ],
    }),
  );
}
