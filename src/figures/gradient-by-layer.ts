/**
 * ‖∂L/∂W_l‖ against the layer index l at one step, on a log axis: a straight falling line is the exponential
 * decay the chain rule predicts; a flat line is healthy gradient flow. The first step is drawn faintly behind
 * the current one, so the reader sees how training changed the profile.
 */
import * as Plot from '@observablehq/plot';
import { asImage, FONT, LAYER_RAMP, PANEL, type FigureBase } from './theme';

export interface GradientByLayerData {
  depth: number;
  /** Norms at the current step, input layer first. */
  current: readonly number[];
  /** Norms at step 1, for reference; omitted before the run starts. */
  first?: readonly number[];
  step: number;
}

export interface GradientByLayerOptions extends FigureBase {
  labels: { layer: string; gradNorm: string; first: string; current: string };
  ariaLabel: string;
  ariaDescription?: string;
}

export function gradientByLayerFigure(
  data: GradientByLayerData,
  options: GradientByLayerOptions,
): SVGSVGElement | HTMLElement {
  const rows = (norms: readonly number[], series: string) =>
    norms.map((norm, i) => ({ layer: i + 1, norm: norm > 0 ? norm : Number.NaN, series }));
  const current = rows(data.current, 'current');
  const first = data.first ? rows(data.first, 'first') : [];
  const depth = data.depth;
  return asImage(
    Plot.plot({
      document: options.document,
      width: options.width ?? PANEL.width,
      height: options.height ?? PANEL.height,
      style: { fontSize: `${FONT.size}px`, fontFamily: FONT.family },
      marginLeft: 52,
      ariaLabel: options.ariaLabel,
      ariaDescription: options.ariaDescription,
      x: {
        label: options.labels.layer,
        domain: [0.5, depth + 0.5],
        ticks: depth <= 12 ? depth : 6,
        tickFormat: 'd',
      },
      y: { type: 'log', label: options.labels.gradNorm, grid: true, tickFormat: '.0e', ticks: 5 },
      color: { ...LAYER_RAMP, domain: [1, Math.max(2, depth)] },
      marks: [
        Plot.line(first, {
          x: 'layer',
          y: 'norm',
          stroke: 'currentColor',
          strokeOpacity: 0.35,
          strokeDasharray: '3,3',
        }),
        Plot.line(current, { x: 'layer', y: 'norm', stroke: 'currentColor', strokeOpacity: 0.6 }),
        Plot.dot(current, { x: 'layer', y: 'norm', fill: 'layer', r: depth > 32 ? 2.5 : 3.5 }),
        Plot.text(first.slice(-1), {
          x: 'layer',
          y: 'norm',
          text: () => options.labels.first,
          dx: -4,
          dy: -8,
          textAnchor: 'end',
          fillOpacity: 0.6,
        }),
      ],
    }),
  );
}
