/**
 * The props of <OutlierValue>: a number quoted in the prose, read from the same seeded build-time run of the
 * `outliers` experiment that an <OutlierLab> with the same settings and `steps` draws — or from the very data it
 * learns from. The settings default to the lab's (5 % of the inputs 30 times too large, the mean squared error).
 */
import { z } from 'zod';
import {
  OUTLIER_DATA_READINGS,
  OUTLIER_RUN_READINGS,
  OUTLIER_STEP_READINGS,
} from '../../core/experiments/outliers-readings';
import { outlierLabConfig } from './outlier-lab';
import { checkReadingSteps, readingProps } from './lab-value';
import { MAX_STATIC_STEPS } from './gradient-trace';

export const OUTLIER_VALUES = [
  ...OUTLIER_STEP_READINGS,
  ...OUTLIER_RUN_READINGS,
  ...OUTLIER_DATA_READINGS,
  'diverged-at',
] as const;

export const outlierValuePropsSchema = outlierLabConfig
  .extend({
    /**
     * loss, gradient (‖∂L/∂θ‖), pull (the largest example's share of the gradient over the median one's): at one
     * step; max-gradient, peak-at (its step), median-gradient, max-pull: over steps 1 … at; largest-input: the
     * largest |x| the network receives; clean-range: the width of the interval its clean inputs occupy;
     * diverged-at: the step at which the run stopped being finite.
     */
    value: z.enum(OUTLIER_VALUES),
    /** Training steps of the build-time run: the same as the figure's (<OutlierLab>: 300), so that both read one run. */
    steps: z.number().int().min(1).max(MAX_STATIC_STEPS).default(300),
    ...readingProps(MAX_STATIC_STEPS),
  })
  .strict()
  .superRefine((p, ctx) =>
    checkReadingSteps(p, ctx, {
      last: p.steps,
      stepwise: (OUTLIER_STEP_READINGS as readonly string[]).includes(p.value),
      timeless: p.value === 'diverged-at' || (OUTLIER_DATA_READINGS as readonly string[]).includes(p.value),
    }),
  );

export type OutlierValueProps = z.output<typeof outlierValuePropsSchema>;
