/**
 * The props of <ActivationValue>: f(x) or f′(x) of one activation at one point, from the activation table the
 * <ActivationExplorer> draws (src/core/activation-scalars.ts), so that a number in the prose and the curve the
 * reader moves along are the same function.
 */
import { z } from 'zod';
import { ACTIVATION_IDS } from '../../core/catalog';

export const activationValuePropsSchema = z
  .object({
    activation: z.enum(ACTIVATION_IDS),
    /** f: the function's value; df: its derivative. */
    value: z.enum(['f', 'df']),
    /** The point x. */
    at: z.number().min(-50).max(50),
    /** Negative-side slope of Leaky ReLU. */
    leakyAlpha: z.number().min(0).max(1).default(0.01),
    /** ELU's saturation value −α. */
    eluAlpha: z.number().positive().max(5).default(1),
    /** Significant digits. */
    digits: z.number().int().min(1).max(6).default(2),
    /** The claim the sentence makes about the number, checked at build time. */
    atLeast: z.number().optional(),
    atMost: z.number().optional(),
  })
  .strict();

export type ActivationValueProps = z.output<typeof activationValuePropsSchema>;
