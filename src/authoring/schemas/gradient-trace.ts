/** The props an author may set on <GradientTrace>: the experiment's own config, plus how the page shows it. */
import { z } from 'zod';
import { mlpConfigSchema } from '../../core/experiments/mlp.config';
import { compareProp, islandProps } from './island';

export const MAX_STATIC_STEPS = 2000;

export const gradientTracePropsSchema = mlpConfigSchema
  .extend({
    /** Training steps of the build-time run that the static figure shows. */
    steps: z.number().int().min(1).max(MAX_STATIC_STEPS).default(200),
    /** Where a live run stops by itself. */
    maxSteps: z.number().int().min(1).max(20000).default(2000),
    compare: compareProp(mlpConfigSchema),
    ...islandProps,
  })
  .strict();

export type GradientTraceProps = z.output<typeof gradientTracePropsSchema>;
