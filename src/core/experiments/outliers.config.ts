/**
 * The configuration and report of the input-outlier experiment, with no tfjs import, so that pages, prop schemas
 * and URL parsing can use them without loading TensorFlow.js.
 */
import { z } from 'zod';
import { INIT_SCHEMES, TRAINABLE_ACTIVATIONS } from '../catalog';

export const OUTLIER_LOSSES = ['mse', 'huber'] as const;
export type OutlierLoss = (typeof OUTLIER_LOSSES)[number];

export const outliersConfigSchema = z
  .object({
    /** Fraction of the training inputs that are outliers (exactly round(fraction · n) of them). */
    outlierFraction: z.number().min(0).max(0.5).default(0.05),
    /** k: an outlier's input is k times what it should have been. */
    outlierScale: z.number().min(1).max(1000).default(10),
    loss: z.enum(OUTLIER_LOSSES).default('mse'),
    /** Huber's δ: residuals beyond it pull with a constant force (ignored by `mse`). */
    huberDelta: z.number().positive().max(100).default(1),
    /** Replace the inputs by z-scores with the training set's mean and standard deviation. */
    standardize: z.boolean().default(false),
    /** Weight layers of the regression network, the linear output layer included. */
    depth: z.number().int().min(1).max(8).default(3),
    width: z.number().int().min(2).max(64).default(16),
    activation: z.enum(TRAINABLE_ACTIVATIONS).default('relu'),
    init: z.enum(INIT_SCHEMES).default('he-normal'),
    /** σ of `normal`, half-width of `uniform`; the named schemes ignore it. */
    initScale: z.number().positive().max(10).default(1),
    learningRate: z.number().positive().max(10).default(0.01),
    batchSize: z.number().int().min(1).max(256).default(32),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(1),
  })
  .strict();

export type OutliersConfig = z.output<typeof outliersConfigSchema>;

export interface OutliersReport {
  step: number;
  /** The batch's mean loss (MSE or Huber, as configured), before the update. */
  loss: number;
  /** ‖∂L/∂θ‖ over every weight and bias. */
  gradNorm: number;
  /** ‖∂L/∂W_l‖_F for l = 1 … depth (input side first). */
  gradNorms: number[];
  /**
   * The largest ‖(1/n)·∂ℓ_i/∂θ‖ over the batch: one example's share of the batch gradient, which sums to it.
   * Next to gradNorm it shows when a single example makes the step.
   */
  maxExampleGradNorm: number;
  /** The median of the same shares: what a typical example contributes. */
  medianExampleGradNorm: number;
  /** How many of the batch's examples are outliers. */
  outliersInBatch: number;
}

/** Size of the seeded regression data set. */
export const OUTLIERS_DATASET_SIZE = 256;
