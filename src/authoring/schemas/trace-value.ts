/**
 * The props of <TraceValue>: a number quoted in the prose, computed from the same build-time run that a
 * <GradientTrace> with the same settings draws — so the sentence and the figure cannot disagree.
 */
import { z } from 'zod';
import { gradientTracePropsSchema, MAX_STATIC_STEPS } from './gradient-trace';
import { checkReadingSteps, readingProps } from './lab-value';
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
    ...readingProps(MAX_STATIC_STEPS),
  })
  .strict()
  .superRefine((p, ctx) =>
    checkReadingSteps(p, ctx, {
      last: p.steps,
    }),
  );
