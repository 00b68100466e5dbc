/**
 * The props of <PretrainingLab>: the `pretraining` experiment's whole configuration. Its default is the one the
 * unit tests hold: three sigmoid hidden layers, 200 autoencoder steps for each, then 2,000 fine-tuning steps in
 * which the pre-trained network leaves the coin flip and the randomly initialised one does not (at depth 5 and
 * more neither does, within 4,000 steps). A build-time run therefore takes 3 × 200 + 2,000 steps, and `steps`
 * counts both phases.
 */
import type { z } from 'zod';
import { pretrainingConfigSchema } from '../../core/experiments/pretraining.config';
import { labPropsOf } from './lab-props';

export const pretrainingLabConfig = pretrainingConfigSchema;
export const pretrainingLabPropsSchema = labPropsOf(pretrainingLabConfig, {
  steps: 2600,
  maxStaticSteps: 6000,
  maxSteps: 6000,
});
export type PretrainingLabConfig = z.output<typeof pretrainingLabConfig>;
