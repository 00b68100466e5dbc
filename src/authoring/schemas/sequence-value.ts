/**
 * The props of <SequenceValue>: a number quoted in the LSTM chapter, read from the same seeded build-time run of
 * the `sequence` experiment that an <RnnLstmLab> with the same settings and `steps` draws — how much of the
 * gradient reaches the first time step, the loss, the accuracy, the LSTM's forget gate, the gradient's norm.
 */
import { z } from 'zod';
import { sequenceConfigSchema, type SequenceConfig } from '../../core/experiments/sequence.config';
import { SEQUENCE_READINGS } from '../../core/experiments/sequence-readings';
import { MAX_STATIC_STEPS } from './gradient-trace';
import { checkReadingSteps, readingProps } from './lab-value';
import { rnnLstmConfig, rnnLstmPropsSchema, type RnnLstmConfig } from './rnn-lstm-lab';

export const SEQUENCE_VALUES = [...SEQUENCE_READINGS, 'diverged-at'] as const;
export type SequenceValueKind = (typeof SEQUENCE_VALUES)[number];

/** The lab's settings with the lab's own defaults (an RNN at T = 20), so that both read one run. */
export const sequenceValuePropsSchema = rnnLstmConfig
  .extend({
    /**
     * reach: ‖∂L/∂h_1‖ / ‖∂L/∂h_T‖; per-step: its (T−1)-th root; loss; accuracy (a percentage); forget-gate: the
     * LSTM's mean forget gate; norm-before: the global gradient norm before clipping; diverged-at: the step at which
     * the run stopped being finite.
     */
    value: z.enum(SEQUENCE_VALUES),
    /** Training steps of the build-time run: the same as the figure's (the lab's default is 100). */
    steps: rnnLstmPropsSchema.shape.steps,
    ...readingProps(MAX_STATIC_STEPS),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.value === 'forget-gate' && p.cell !== 'lstm')
      ctx.addIssue({ code: 'custom', path: ['value'], message: '"forget-gate" is read from an LSTM: add cell="lstm"' });
    checkReadingSteps(p, ctx, {
      last: p.steps,
      timeless: p.value === 'diverged-at',
    });
  });

export type SequenceValueProps = z.output<typeof sequenceValuePropsSchema>;

/** The experiment's config of a lab lane or of a value's settings, parsed as <RnnLstmLab> parses its lanes. */
export function sequenceConfigOf(settings: z.input<typeof rnnLstmConfig> | RnnLstmConfig): SequenceConfig {
  return sequenceConfigSchema.parse(rnnLstmConfig.parse(settings));
}
