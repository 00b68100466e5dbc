/**
 * Readings of a remedy lab's `network` run that the prose quotes (<RemedyValue>): every reading of readNetwork,
 * and the units <ReluFamilyLab> counts — those whose input is ≤ 0 for every example of the minibatch (dead, for
 * ReLU: they output 0 and pass no gradient) — in one hidden layer, or as the share of all hidden units, which is
 * what the lab's "during training" panel plots and its summary states. The same function computes the number
 * printed in a chapter and the number its unit test holds.
 */
import type { NetworkReport } from './network.config';
import { readNetwork, type NetworkReading } from './network-readings';
import { readingWindow } from './reading-window';

/** `dead`: the share of one hidden layer's units; `dead-share`: the share of all hidden units (every layer counts alike). */
export const UNIT_READINGS = ['dead', 'dead-share'] as const;
export type UnitReading = (typeof UNIT_READINGS)[number];

export type RemedyReading = NetworkReading | UnitReading;

export function isUnitReading(reading: RemedyReading): reading is UnitReading {
  return (UNIT_READINGS as readonly string[]).includes(reading);
}

/** The mean over hidden layers, as the lab's panels and summary compute it. */
function deadShare(r: NetworkReport): number {
  return r.deadFraction.reduce((s, v) => s + v, 0) / r.deadFraction.length;
}

/**
 * The reading at step `at` (1-based; default: the last step), averaged over `window` steps ending there; `layer`
 * for the readings of one layer. Shares are averaged arithmetically; the rest as readNetwork does.
 */
export function readRemedy(
  reports: readonly NetworkReport[],
  reading: RemedyReading,
  options: { at?: number; window?: number; layer?: number } = {},
): number {
  if (!isUnitReading(reading)) return readNetwork(reports, reading, options);
  const { at, window } = readingWindow(reports.length, options);
  const hidden = reports[0]!.deadFraction.length;
  let one: (r: NetworkReport) => number = deadShare;
  if (reading === 'dead') {
    const layer = options.layer;
    if (layer === undefined) throw new RangeError('"dead" reads one layer: give the layer');
    if (!Number.isInteger(layer) || layer < 1 || layer > hidden)
      throw new RangeError(`layer ${layer} is outside 1…${hidden} for "dead"`);
    one = (r) => r.deadFraction[layer - 1]!;
  }
  const values = reports.slice(at - window, at).map(one);
  return values.reduce((s, v) => s + v, 0) / values.length;
}
