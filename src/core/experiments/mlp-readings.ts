/**
 * Readings of an `mlp` run that the prose quotes: the same function computes the number printed in a chapter
 * and the number a unit test holds, so a claim in the text is checked on the code that produced it.
 */
import type { MlpReport } from './mlp.config';
import { readingWindow } from './reading-window';

export type MlpReading = 'ratio' | 'per-layer' | 'loss' | 'accuracy' | 'first-layer' | 'last-layer';

function one(r: MlpReport, reading: MlpReading): number {
  switch (reading) {
    case 'ratio':
      return r.gradNorms[0]! / r.gradNorms.at(-1)!;
    case 'per-layer':
      // The geometric mean of the factor between adjacent layers: ratio^(1/(L−1)).
      return r.gradNorms.length < 2 ? 1 : Math.pow(r.gradNorms[0]! / r.gradNorms.at(-1)!, 1 / (r.gradNorms.length - 1));
    case 'loss':
      return r.loss;
    case 'accuracy':
      return r.accuracy;
    case 'first-layer':
      return r.gradNorms[0]!;
    case 'last-layer':
      return r.gradNorms.at(-1)!;
  }
}

/**
 * The reading at step `at` (1-based; default: the last step), averaged over `window` steps ending there.
 * Ratios are averaged geometrically, since they span orders of magnitude.
 */
export function readMlp(reports: readonly MlpReport[], reading: MlpReading, at?: number, window?: number): number {
  const step = readingWindow(reports.length, { at, window });
  const slice = reports.slice(step.at - step.window, step.at);
  const values = slice.map((r) => one(r, reading));
  if (reading !== 'loss' && reading !== 'accuracy') {
    return Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / values.length);
  }
  return values.reduce((s, v) => s + v, 0) / values.length;
}
