/**
 * The configuration and report of the deep-network experiment, with no tfjs import, so that pages, prop
 * schemas and URL parsing can use them without loading TensorFlow.js.
 */
import { z } from 'zod';
import { INIT_SCHEMES, TRAINABLE_ACTIVATIONS } from '../catalog';

export const MAX_DEPTH = 64;

export const mlpConfigSchema = z
  .object({
    /** Weight layers, the linear output layer included. */
    depth: z.number().int().min(1).max(MAX_DEPTH).default(20),
    width: z.number().int().min(2).max(64).default(32),
    activation: z.enum(TRAINABLE_ACTIVATIONS).default('sigmoid'),
    init: z.enum(INIT_SCHEMES).default('xavier-normal'),
    /** σ of `normal`, half-width of `uniform`; the named schemes ignore it. */
    initScale: z.number().positive().max(10).default(1),
    learningRate: z.number().positive().max(10).default(0.1),
    batchSize: z.number().int().min(1).max(256).default(64),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(1),
  })
  .strict();

export type MlpConfig = z.output<typeof mlpConfigSchema>;

export interface MlpReport {
  step: number;
  /** Mean cross-entropy on this step's minibatch, before the update. */
  loss: number;
  /** Fraction of this minibatch classified correctly, before the update. */
  accuracy: number;
  /** ‖∂L/∂W_l‖_F for l = 1 … depth (input side first). */
  gradNorms: number[];
}

/** Size of the seeded circle data set the network learns. */
export const DATASET_SIZE = 512;
