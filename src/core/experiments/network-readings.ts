/**
 * Readings of a `network` run that the prose quotes (<NetworkValue>): the same function computes the number
 * printed in a chapter and the number its unit test holds. The gradient readings are those of the `mlp`
 * experiment (a `network` report carries the same fields); the others read the forward pass — the spread of the
 * signal each hidden layer passes on, the spread of its activation's input, the mean of its activations — or the
 * weights: how far a hidden layer's units are from being copies of each other (`unitSpread`, src/core/symmetry.ts).
 */
import { readMlp, type MlpReading } from './mlp-readings';
import type { NetworkReport } from './network.config';
import { readingWindow } from './reading-window';

/** Readings of one hidden layer (1 = nearest the input … depth − 1), or of one weight layer for `gradient`. */
export const LAYER_READINGS = ['gradient', 'signal', 'pre-std', 'act-mean', 'unit-spread'] as const;
export type LayerReading = (typeof LAYER_READINGS)[number];

/** Readings of the whole network at one step. */
export const WHOLE_READINGS = [
  'ratio',
  'per-layer',
  'loss',
  'accuracy',
  'first-layer',
  'last-layer',
  'max-gradient',
  'signal-ratio',
  'signal-per-layer',
  'max-unit-spread',
] as const;
export type WholeReading = (typeof WHOLE_READINGS)[number];

export type NetworkReading = LayerReading | WholeReading;

const MLP_READINGS: readonly string[] = ['ratio', 'per-layer', 'loss', 'accuracy', 'first-layer', 'last-layer'];

/**
 * Readings that can be negative, are means themselves, or are exactly 0 in the runs they are quoted from (the
 * units' spread: a geometric mean would turn one 0 into 0): averaged arithmetically over a window.
 */
const ARITHMETIC: readonly NetworkReading[] = ['loss', 'accuracy', 'act-mean', 'unit-spread', 'max-unit-spread'];

export function isLayerReading(reading: NetworkReading): reading is LayerReading {
  return (LAYER_READINGS as readonly string[]).includes(reading);
}

function one(r: NetworkReport, reading: NetworkReading, layer: number): number {
  const hidden = r.outStd.length;
  switch (reading) {
    case 'gradient':
      return r.gradNorms[layer - 1]!;
    case 'max-gradient':
      return Math.max(...r.gradNorms);
    case 'signal':
      return r.outStd[layer - 1]!;
    case 'pre-std':
      return r.preStd[layer - 1]!;
    case 'act-mean':
      return r.actMean[layer - 1]!;
    case 'unit-spread':
      return r.unitSpread[layer - 1]!;
    case 'max-unit-spread':
      return Math.max(0, ...r.unitSpread);
    case 'signal-ratio':
      return r.outStd[hidden - 1]! / r.outStd[0]!;
    case 'signal-per-layer':
      // The geometric mean of the factor between adjacent hidden layers: (last / first)^(1/(H − 1)).
      return hidden < 2 ? 1 : Math.pow(r.outStd[hidden - 1]! / r.outStd[0]!, 1 / (hidden - 1));
    default:
      return readMlp([r], reading as MlpReading, 1);
  }
}

/**
 * The reading at step `at` (1-based; default: the last step), averaged over `window` steps ending there — ratios
 * and spreads geometrically, since they span orders of magnitude; `layer` for the readings of one layer.
 */
export function readNetwork(
  reports: readonly NetworkReport[],
  reading: NetworkReading,
  options: { at?: number; window?: number; layer?: number } = {},
): number {
  const { at, window } = readingWindow(reports.length, options);
  const first = reports[0]!;
  let layer = 0;
  if (isLayerReading(reading)) {
    if (options.layer === undefined) throw new RangeError(`"${reading}" reads one layer: give the layer`);
    layer = options.layer;
    const top = reading === 'gradient' ? first.gradNorms.length : first.outStd.length;
    if (!Number.isInteger(layer) || layer < 1 || layer > top)
      throw new RangeError(`layer ${layer} is outside 1…${top} for "${reading}"`);
  }
  if (MLP_READINGS.includes(reading)) return readMlp(reports, reading as MlpReading, at, window);
  const values = reports.slice(at - window, at).map((r) => one(r, reading, layer));
  if (values.length === 1) return values[0]!;
  if (ARITHMETIC.includes(reading)) return values.reduce((s, v) => s + v, 0) / values.length;
  return Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / values.length);
}
