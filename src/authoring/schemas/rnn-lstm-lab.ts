/**
 * The props of <RnnLstmLab>: the `sequence` experiment's network and task, with the defaults of its story — a
 * plain RNN on the recall task at T = 20, which stays at chance while ‖∂L/∂h_t‖ fades towards the first steps;
 * compared with an LSTM (`compare={{ cell: 'lstm' }}`), which learns within 100 steps. The optimiser (Adam) and
 * the clipping of the global norm at 1 stay the experiment's own: this lab is about the cell, <ClippingLab> about
 * clipping.
 */
import type { z } from 'zod';
import { sequenceConfigSchema } from '../../core/experiments/sequence.config';
import { labPropsOf, withDefaults } from './lab-props';

export const rnnLstmConfig = withDefaults(
  sequenceConfigSchema.pick({
    cell: true,
    length: true,
    hiddenSize: true,
    init: true,
    initScale: true,
    forgetBias: true,
    learningRate: true,
    batchSize: true,
    seed: true,
  }),
  { cell: 'rnn' },
);
export const rnnLstmPropsSchema = labPropsOf(rnnLstmConfig, { steps: 100 });
export type RnnLstmConfig = z.output<typeof rnnLstmConfig>;
