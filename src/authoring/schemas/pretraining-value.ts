/**
 * The props of <PretrainingValue>: a number quoted in the prose, read from the same seeded build-time run of the
 * `pretraining` experiment that a <PretrainingLab> with the same settings and `steps` draws: a hidden layer's
 * reconstruction error during its pre-training, or one network's loss, accuracy or gradients during fine-tuning.
 */
import { z } from 'zod';
import { PRETRAINING_ARMS } from '../../core/experiments/pretraining-readings';
import { pretrainingLabConfig } from './pretraining-lab';
import { checkReadingSteps, readingProps } from './lab-value';

/** As <PretrainingLab>: `steps` counts both phases. */
const MAX_STEPS = 6000;

export const PRETRAINING_VALUES = ['loss', 'accuracy', 'gradient', 'ratio', 'reconstruction'] as const;

export const pretrainingValuePropsSchema = pretrainingLabConfig
  .extend({
    /**
     * loss, accuracy, gradient (‖∂L/∂W_l‖ of `layer`), ratio (‖∂L/∂W_1‖ / ‖∂L/∂W_L‖): of one `arm` at fine-tuning
     * step `at`; reconstruction: the share of hidden `layer`'s input it cannot reconstruct, at step `at` of its own
     * pre-training.
     */
    value: z.enum(PRETRAINING_VALUES),
    /** Which network: the pre-trained one, or the same one from its random initial weights. */
    arm: z.enum(PRETRAINING_ARMS).optional(),
    /** The layer of gradient (1 … depth) and reconstruction (hidden layers 1 … depth − 1). */
    layer: z.number().int().min(1).max(24).optional(),
    /** Steps of the build-time run, pre-training included: the same as the figure's (<PretrainingLab>: 2600). */
    steps: z.number().int().min(1).max(MAX_STEPS).default(2600),
    ...readingProps(MAX_STEPS),
  })
  .strict()
  .superRefine((p, ctx) => {
    const reconstruction = p.value === 'reconstruction';
    if (reconstruction && p.arm !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['arm'],
        message: `is "${p.arm}", but only the pre-trained network has a pre-training`,
      });
    if (!reconstruction && p.arm === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['arm'],
        message: `is missing: "${p.value}" reads one network, "pretrained" or "random"`,
      });
    const needsLayer = reconstruction || p.value === 'gradient';
    const top = reconstruction ? p.depth - 1 : p.depth;
    if (needsLayer && p.layer === undefined)
      ctx.addIssue({ code: 'custom', path: ['layer'], message: `is missing: "${p.value}" reads one layer` });
    else if (!needsLayer && p.layer !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['layer'],
        message: `is ${p.layer}, but "${p.value}" reads the whole network`,
      });
    else if (p.layer !== undefined && p.layer > top)
      ctx.addIssue({
        code: 'custom',
        path: ['layer'],
        message: reconstruction
          ? `is ${p.layer}, but a depth-${p.depth} network has hidden layers 1 to ${top}`
          : `is ${p.layer}, but a depth-${p.depth} network has weight layers 1 to ${top}`,
      });
    const pretraining = (p.depth - 1) * p.pretrainSteps;
    if (!reconstruction && p.steps <= pretraining) {
      ctx.addIssue({
        code: 'custom',
        path: ['steps'],
        message: `is ${p.steps}, but pre-training takes the first ${pretraining}: fine-tuning has not started`,
      });
      return;
    }
    checkReadingSteps(p, ctx, {
      last: reconstruction ? p.pretrainSteps : p.steps - pretraining,
      lastName: reconstruction
        ? `the layer's last pre-training step (pretrainSteps = ${p.pretrainSteps})`
        : `the last fine-tuning step (${p.steps - pretraining} = steps − pre-training)`,
    });
  });

export type PretrainingValueProps = z.output<typeof pretrainingValuePropsSchema>;
