/**
 * The props of <TraceValue>: a number quoted in the prose, computed from the same build-time run that a
 * <GradientTrace> with the same settings draws — so the sentence and the figure cannot disagree.
 */
import { z } from 'zod';
import { gradientTracePropsSchema } from './gradient-trace';
import type { MlpReading } from '../../core/experiments/mlp-readings';

export const TRACE_VALUES = [
  'ratio',
  'per-layer',
  'loss',
  'accuracy',
  'first-layer',
  'last-layer',
] as const satisfies readonly MlpReading[];

export const traceValuePropsSchema = gradientTracePropsSchema
  .omit({ maxSteps: true, compare: true, id: true })
  .extend({
    /** ratio: ‖∂L/∂W_1‖ / ‖∂L/∂W_L‖; per-layer: its (L−1)-th root; first-layer / last-layer: those norms; loss; accuracy (a percentage). */
    value: z.enum(TRACE_VALUES),
    /** Which step to read (1 … steps); defaults to the last one. */
    at: z.number().int().min(1).max(2000).optional(),
    /** Average over this many steps ending at `at` (minibatch values are noisy). */
    window: z.number().int().min(1).max(500).default(1),
    /** Significant digits. */
    digits: z.number().int().min(1).max(6).default(2),
    /**
     * The claim the sentence around the number makes, checked at build time: if the run stops agreeing with the
     * prose (someone changes the core, the seed or a setting), the build fails at this line.
     */
    atLeast: z.number().optional(),
    atMost: z.number().optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.at !== undefined && p.at > p.steps)
      ctx.addIssue({
        code: 'custom',
        path: ['at'],
        message: `is ${p.at}, after the run's last step (steps = ${p.steps})`,
      });
    if (p.window > (p.at ?? p.steps))
      ctx.addIssue({ code: 'custom', path: ['window'], message: `is ${p.window}, longer than the steps before "at"` });
  });
