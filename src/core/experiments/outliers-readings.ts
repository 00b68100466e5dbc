/**
 * Readings of an `outliers` run, and of the data it learns from, that the prose quotes (<OutlierValue>): the same
 * function computes the number printed in a chapter and the number its unit test holds.
 */
import type { OutlierDataset } from './outliers.data';
import type { OutliersReport } from './outliers.config';
import { readingWindow } from './reading-window';

/** Readings of one step, averaged over a window of steps (loss arithmetically, norms and ratios geometrically). */
export const OUTLIER_STEP_READINGS = ['loss', 'gradient', 'pull'] as const;
/** Readings of the whole run up to a step: its largest gradient norm, where it was, its median, its largest pull. */
export const OUTLIER_RUN_READINGS = ['max-gradient', 'peak-at', 'median-gradient', 'max-pull'] as const;
/** Readings of the training set as the network sees it (after standardising, if the run standardises). */
export const OUTLIER_DATA_READINGS = ['largest-input', 'clean-range'] as const;

export type OutlierStepReading = (typeof OUTLIER_STEP_READINGS)[number];
export type OutlierRunReading = (typeof OUTLIER_RUN_READINGS)[number];
export type OutlierDataReading = (typeof OUTLIER_DATA_READINGS)[number];
export type OutlierReading = OutlierStepReading | OutlierRunReading;

/** How many times harder the batch's largest example pulls than its median one (the lab's third panel). */
export const pullOf = (r: OutliersReport) => r.maxExampleGradNorm / r.medianExampleGradNorm;

/** The middle of the sorted values, the upper one of the two for an even count: what the lab's texts call the median. */
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/**
 * The reading at step `at` (1-based; default: the last step): a step reading averaged over `window` steps ending
 * there, or a run reading over steps 1 … at.
 */
export function readOutliers(
  reports: readonly OutliersReport[],
  reading: OutlierReading,
  options: { at?: number; window?: number } = {},
): number {
  const { at, window } = readingWindow(reports.length, options);
  const upTo = reports.slice(0, at);
  const norms = upTo.map((r) => r.gradNorm);
  switch (reading) {
    case 'max-gradient':
      return Math.max(...norms);
    case 'peak-at':
      return upTo[norms.indexOf(Math.max(...norms))]!.step;
    case 'median-gradient':
      return median(norms);
    case 'max-pull':
      return Math.max(...upTo.map(pullOf));
    default: {
      const pick =
        reading === 'loss'
          ? (r: OutliersReport) => r.loss
          : reading === 'gradient'
            ? (r: OutliersReport) => r.gradNorm
            : pullOf;
      const values = reports.slice(at - window, at).map(pick);
      if (values.length === 1) return values[0]!;
      if (reading === 'loss') return values.reduce((s, v) => s + v, 0) / values.length;
      return Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / values.length);
    }
  }
}

/**
 * `largest-input`: the largest |x| among all inputs; `clean-range`: the width of the interval the clean inputs
 * occupy (largest minus smallest) — as the network receives them, so after standardising when the run standardises.
 */
export function readOutlierData(data: OutlierDataset, reading: OutlierDataReading): number {
  let largest = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < data.n; i++) {
    const x = data.x[i]!;
    largest = Math.max(largest, Math.abs(x));
    if (data.outlier[i]) continue;
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
  }
  return reading === 'largest-input' ? largest : hi - lo;
}
