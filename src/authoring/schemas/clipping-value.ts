/**
 * The props of <ClippingValue>: a number quoted in the prose, read from the same seeded build-time run of the
 * `network` experiment that a <ClippingLab> with the same settings and `steps` draws. The settings default to the
 * lab's (an 8-layer ReLU network at σ = 0.5, its gradient's global norm clipped at 1, no penalty).
 */
import { z } from 'zod';
import {
  CLIPPING_LAYER_READINGS,
  CLIPPING_RUN_READINGS,
  CLIPPING_STEP_READINGS,
} from '../../core/experiments/clipping-readings';
import { clippingConfig } from './remedy-labs';
import { checkReadingSteps, readingProps } from './lab-value';
import { MAX_STATIC_STEPS } from './gradient-trace';

export const CLIPPING_VALUES = [...CLIPPING_STEP_READINGS, ...CLIPPING_RUN_READINGS, 'diverged-at'] as const;

export const clippingValuePropsSchema = clippingConfig
  .omit({ histogramEvery: true })
  .extend({
    /**
     * loss, accuracy (a percentage), norm-before, norm-after (the global gradient norm before and after clipping),
     * weight-norm (Σ_l ‖W_l‖, or one layer's), penalty-share (the penalty's share of the gradient, a percentage: the
     * mean over the layers or one layer's): at one step; max-norm, clipped-steps, last-clipped: over steps 1 … at; diverged-at:
     * the step at which the run stopped being finite.
     */
    value: z.enum(CLIPPING_VALUES),
    /** The layer of weight-norm and penalty-share (1 … depth); without it, all layers. */
    layer: z.number().int().min(1).max(64).optional(),
    /** Training steps of the build-time run: the same as the figure's (<ClippingLab>: 200), so that both read one run. */
    steps: z.number().int().min(1).max(MAX_STATIC_STEPS).default(200),
    ...readingProps(MAX_STATIC_STEPS),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.layer !== undefined && !(CLIPPING_LAYER_READINGS as readonly string[]).includes(p.value))
      ctx.addIssue({
        code: 'custom',
        path: ['layer'],
        message: `is ${p.layer}, but "${p.value}" reads the whole network`,
      });
    else if (p.layer !== undefined && p.layer > p.depth)
      ctx.addIssue({
        code: 'custom',
        path: ['layer'],
        message: `is ${p.layer}, but a depth-${p.depth} network has weight layers 1 to ${p.depth}`,
      });
    if (p.batchNorm && p.batchSize < 2)
      ctx.addIssue({
        code: 'custom',
        path: ['batchSize'],
        message: 'must be at least 2 with batchNorm (the variance of one example is 0)',
      });
    checkReadingSteps(p, ctx, {
      last: p.steps,
      stepwise: (CLIPPING_STEP_READINGS as readonly string[]).includes(p.value),
      timeless: p.value === 'diverged-at',
    });
  });

export type ClippingValueProps = z.output<typeof clippingValuePropsSchema>;
