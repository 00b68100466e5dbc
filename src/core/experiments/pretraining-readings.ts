/**
 * Readings of a `pretraining` run that the prose quotes (<PretrainingValue>): the same function computes the
 * number printed in a chapter and the number its unit test holds.
 */
import type { PretrainingArm, PretrainingReport } from './pretraining.config';
import { readingWindow } from './reading-window';

/** Readings of one arm at a fine-tuning step: its loss, its accuracy, one layer's gradient norm, ‖∂L/∂W_1‖/‖∂L/∂W_L‖. */
export const PRETRAINING_ARM_READINGS = ['loss', 'accuracy', 'gradient', 'ratio'] as const;
/** The reconstruction error of one hidden layer at a step of its own pre-training. */
export const PRETRAINING_LAYER_READINGS = ['reconstruction'] as const;
export const PRETRAINING_ARMS = ['pretrained', 'random'] as const;

export type PretrainingArmReading = (typeof PRETRAINING_ARM_READINGS)[number];
export type PretrainingReading = PretrainingArmReading | (typeof PRETRAINING_LAYER_READINGS)[number];
export type PretrainingArmName = (typeof PRETRAINING_ARMS)[number];

type Pretrain = Extract<PretrainingReport, { phase: 'pretrain' }>;
type Finetune = Extract<PretrainingReport, { phase: 'finetune' }>;

const geometric = (xs: number[]) =>
  xs.length === 1 ? xs[0]! : Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
const arithmetic = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/**
 * `reconstruction` of hidden `layer` at step `at` of that layer's pre-training (default: its last), or an arm's
 * reading at fine-tuning step `at` (default: the last), averaged over `window` steps ending there — loss and
 * accuracy arithmetically, gradients and errors geometrically, since they span orders of magnitude.
 */
export function readPretraining(
  reports: readonly PretrainingReport[],
  reading: PretrainingReading,
  options: { arm?: PretrainingArmName; layer?: number; at?: number; window?: number } = {},
): number {
  if (reading === 'reconstruction') {
    const layer = options.layer;
    const steps = reports.filter((r): r is Pretrain => r.phase === 'pretrain' && r.layer === layer);
    if (!steps.length) throw new RangeError(`hidden layer ${layer} was not pre-trained in this run`);
    const { at, window } = readingWindow(steps.length, options, `layer ${layer}'s pre-training`);
    return geometric(steps.slice(at - window, at).map((r) => r.loss));
  }
  const fine = reports.filter((r): r is Finetune => r.phase === 'finetune');
  if (!options.arm) throw new RangeError(`"${reading}" reads one network: give the arm`);
  const { at, window } = readingWindow(fine.length, options, 'the fine-tuning');
  const arms = fine
    .slice(at - window, at)
    .map((r): PretrainingArm => (options.arm === 'pretrained' ? r.pretrained : r.randomInit));
  switch (reading) {
    case 'loss':
      return arithmetic(arms.map((a) => a.loss));
    case 'accuracy':
      return arithmetic(arms.map((a) => a.accuracy));
    case 'ratio':
      return geometric(arms.map((a) => a.gradNorms[0]! / a.gradNorms.at(-1)!));
    case 'gradient': {
      const layer = options.layer ?? 0;
      const depth = arms[0]!.gradNorms.length;
      if (!Number.isInteger(layer) || layer < 1 || layer > depth)
        throw new RangeError(`layer ${layer} is outside 1…${depth}`);
      return geometric(arms.map((a) => a.gradNorms[layer - 1]!));
    }
  }
}
