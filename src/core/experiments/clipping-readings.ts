/**
 * Readings of a `network` run with clipping or weight penalties that the prose quotes (<ClippingValue>): what
 * <ClippingLab> draws — the global gradient norm before and after clipping, how often clipping acted, the weights'
 * norms and the penalty's share of the gradient — next to the loss and accuracy that `readNetwork` reads.
 */
import type { NetworkReport } from './network.config';
import { readNetwork } from './network-readings';
import { readingWindow } from './reading-window';

/** Readings of one step, averaged over a window of steps. */
export const CLIPPING_STEP_READINGS = [
  'loss',
  'accuracy',
  'norm-before',
  'norm-after',
  'weight-norm',
  'penalty-share',
] as const;
/** Readings of the run up to a step: the largest norm before clipping, how many steps were clipped, the last one. */
export const CLIPPING_RUN_READINGS = ['max-norm', 'clipped-steps', 'last-clipped'] as const;
/** The readings that may name a layer (without one: the sum of the layers' norms, the mean of their shares). */
export const CLIPPING_LAYER_READINGS = ['weight-norm', 'penalty-share'] as const;

export type ClippingReading = (typeof CLIPPING_STEP_READINGS)[number] | (typeof CLIPPING_RUN_READINGS)[number];

/** Clipping acted at this step: the gradient that was applied is shorter than the one computed. */
export const wasClipped = (r: NetworkReport) => r.clipNormAfter < r.clipNormBefore;

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

export function readClipping(
  reports: readonly NetworkReport[],
  reading: ClippingReading,
  options: { at?: number; window?: number; layer?: number } = {},
): number {
  const { at, window } = readingWindow(reports.length, options);
  const layer = options.layer;
  if (layer !== undefined) {
    const depth = reports[0]!.weightNorms.length;
    if (!(CLIPPING_LAYER_READINGS as readonly string[]).includes(reading))
      throw new RangeError(`"${reading}" reads the whole network, not layer ${layer}`);
    if (!Number.isInteger(layer) || layer < 1 || layer > depth)
      throw new RangeError(`layer ${layer} is outside 1…${depth}`);
  }
  const upTo = reports.slice(0, at);
  const slice = reports.slice(at - window, at);
  const geometric = (xs: number[]) =>
    xs.length === 1 ? xs[0]! : Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
  switch (reading) {
    case 'loss':
    case 'accuracy':
      return readNetwork(reports, reading, { at, window });
    case 'norm-before':
      return geometric(slice.map((r) => r.clipNormBefore));
    case 'norm-after':
      return geometric(slice.map((r) => r.clipNormAfter));
    case 'weight-norm':
      return geometric(slice.map((r) => (layer ? r.weightNorms[layer - 1]! : sum(r.weightNorms))));
    case 'penalty-share':
      // Shares can be 0 (no penalty): averaged arithmetically.
      return (
        sum(slice.map((r) => (layer ? r.penaltyShare[layer - 1]! : sum(r.penaltyShare) / r.penaltyShare.length))) /
        slice.length
      );
    case 'max-norm':
      return Math.max(...upTo.map((r) => r.clipNormBefore));
    case 'clipped-steps':
      return upTo.filter(wasClipped).length;
    case 'last-clipped':
      return upTo.filter(wasClipped).at(-1)?.step ?? 0;
  }
}
