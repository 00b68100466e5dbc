/**
 * Readings of a `sequence` run that the prose quotes (<SequenceValue>): the same function computes the number
 * printed in the LSTM chapter and the number its unit test holds. The gradient readings are those <RnnLstmLab>
 * draws and sums up — how much of the gradient at the last hidden state h_T reaches the first, h_1 — next to the
 * loss, the accuracy, the LSTM's mean forget gate and the global gradient norm before clipping.
 */
import type { SequenceReport } from './sequence.config';
import { readingWindow } from './reading-window';

export const SEQUENCE_READINGS = ['reach', 'per-step', 'loss', 'accuracy', 'forget-gate', 'norm-before'] as const;
export type SequenceReading = (typeof SEQUENCE_READINGS)[number];

/** Readings that are means themselves, or fractions: averaged arithmetically over a window. */
const ARITHMETIC: readonly SequenceReading[] = ['loss', 'accuracy', 'forget-gate'];

function one(r: SequenceReport, reading: SequenceReading): number {
  const h = r.hiddenGradNorms;
  switch (reading) {
    case 'reach':
      // ‖∂L/∂h_1‖ / ‖∂L/∂h_T‖: what is left of the gradient after T − 1 steps back through time.
      return h[0]! / h.at(-1)!;
    case 'per-step':
      // The geometric mean of the factor between adjacent time steps: reach^(1/(T−1)).
      return h.length < 2 ? 1 : Math.pow(h[0]! / h.at(-1)!, 1 / (h.length - 1));
    case 'loss':
      return r.loss;
    case 'accuracy':
      return r.accuracy;
    case 'forget-gate':
      if (r.forgetGateMean === undefined)
        throw new RangeError('"forget-gate" is read from an LSTM run; this run is an RNN');
      return r.forgetGateMean;
    case 'norm-before':
      return r.normBefore;
  }
}

/**
 * The reading at step `at` (1-based; default: the last step), averaged over `window` steps ending there — loss,
 * accuracy and the forget gate arithmetically, the gradient readings geometrically, since they span orders of
 * magnitude.
 */
export function readSequence(
  reports: readonly SequenceReport[],
  reading: SequenceReading,
  options: { at?: number; window?: number } = {},
): number {
  const { at, window } = readingWindow(reports.length, options);
  const values = reports.slice(at - window, at).map((r) => one(r, reading));
  if (values.length === 1) return values[0]!;
  if (ARITHMETIC.includes(reading)) return values.reduce((s, v) => s + v, 0) / values.length;
  return Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / values.length);
}
