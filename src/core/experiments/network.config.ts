/**
 * The configuration and report of the `network` experiment — the deep network with the remedies (batch
 * normalisation, residual shortcuts, optimizers, L1/L2 penalties, gradient clipping) — with no tfjs import, so
 * that pages, prop schemas and URL parsing can use them without loading TensorFlow.js.
 */
import { z } from 'zod';
import { activationRecord } from '../activation-records';
import { INIT_SCHEMES, TRAINABLE_ACTIVATIONS, type TrainableActivation } from '../catalog';
import { MAX_DEPTH } from './mlp.config';

export { DATASET_SIZE } from './mlp.config';

export const OPTIMIZER_KINDS = ['sgd', 'momentum', 'adam'] as const;
export const CLIP_MODES = ['none', 'value', 'norm'] as const;

export const networkConfigObject = z
  .object({
    /** Weight layers, the linear output layer included. */
    depth: z.number().int().min(1).max(MAX_DEPTH).default(20),
    width: z.number().int().min(2).max(64).default(32),
    activation: z.enum(TRAINABLE_ACTIVATIONS).default('sigmoid'),
    /** Negative-side slope of Leaky ReLU. */
    leakyAlpha: z.number().min(0).max(1).default(0.01),
    /** ELU's saturation value −α. */
    eluAlpha: z.number().positive().max(5).default(1),
    init: z.enum(INIT_SCHEMES).default('xavier-normal'),
    /** σ of `normal`, half-width of `uniform`; the named schemes ignore it. */
    initScale: z.number().positive().max(10).default(1),
    batchNorm: z.boolean().default(false),
    /** Decay of batch normalisation's running mean and variance. */
    bnMomentum: z.number().min(0).max(0.999).default(0.9),
    residual: z.boolean().default(false),
    /** Hidden layers per residual block (He et al. 2016's basic block has 2). */
    blockLayers: z.number().int().min(1).max(4).default(2),
    optimizer: z.enum(OPTIMIZER_KINDS).default('sgd'),
    /** μ of the momentum optimizer. */
    momentum: z.number().min(0).max(0.999).default(0.9),
    /** Adam's β₁, β₂ and ε (Kingma & Ba 2015's defaults). */
    beta1: z.number().min(0).max(0.999).default(0.9),
    beta2: z.number().min(0).max(0.99999).default(0.999),
    adamEpsilon: z.number().positive().max(1).default(1e-8),
    learningRate: z.number().positive().max(10).default(0.1),
    /** α₁ of the penalty α₁·Σ‖W_l‖₁. */
    l1: z.number().min(0).max(1).default(0),
    /** α₂ of the penalty α₂·Σ‖W_l‖_F². */
    l2: z.number().min(0).max(1).default(0),
    clip: z.enum(CLIP_MODES).default('none'),
    /** c: the bound on each element (`value`) or on the global gradient norm (`norm`). */
    clipThreshold: z.number().positive().max(1e3).default(1),
    batchSize: z.number().int().min(1).max(256).default(64),
    /** Compute the activation histograms every k-th step (1: every step); the other reports carry none. */
    histogramEvery: z.number().int().min(1).max(1000).default(1),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(1),
  })
  .strict();

export const networkConfigSchema = networkConfigObject.superRefine((c, ctx) => {
  if (c.batchNorm && c.batchSize < 2) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['batchSize'],
      message: 'batch normalisation needs at least 2 examples per batch (the variance of one example is 0)',
    });
  }
});

export type NetworkConfig = z.output<typeof networkConfigSchema>;

/** The keys `Session.set` accepts while running. */
export const NETWORK_LIVE_KEYS = ['learningRate', 'l1', 'l2', 'clipThreshold'] as const;

export const HISTOGRAM_BINS = 24;

export interface HistogramBins {
  /** Left edge of the first bin; smaller values are counted in the first bin. */
  lo: number;
  /** Right edge of the last bin; larger values are counted in the last bin. */
  hi: number;
  count: number;
}

/**
 * The fixed bins of the activation histograms, over the range the activation's record gives (its range where it is
 * bounded, otherwise from the smallest value it takes to 4). Values outside fall into the edge bins.
 */
export function histogramBins(
  activation: TrainableActivation,
  params: { leakyAlpha?: number; eluAlpha?: number } = {},
): HistogramBins {
  return { ...activationRecord(activation).trainable!.histogram(params), count: HISTOGRAM_BINS };
}

/** The edges lo, lo + w, …, hi of the histogram bins (count + 1 numbers). */
export function histogramEdges(bins: HistogramBins): number[] {
  return Array.from({ length: bins.count + 1 }, (_, i) => bins.lo + ((bins.hi - bins.lo) * i) / bins.count);
}

export interface NetworkReport {
  step: number;
  /** Mean cross-entropy on this step's minibatch, before the update (the data part of the loss). */
  loss: number;
  /** α₁·Σ‖W_l‖₁ + α₂·Σ‖W_l‖_F² before the update (0 without penalties). */
  penalty: number;
  /** Fraction of this minibatch classified correctly, before the update (training-mode forward pass). */
  accuracy: number;
  /** ‖∂(loss + penalty)/∂W_l‖_F for l = 1 … depth (input side first), before clipping. */
  gradNorms: number[];
  /** ‖∂penalty/∂W_l‖_F for l = 1 … depth (zeros without penalties). */
  penaltyGradNorms: number[];
  /** ‖∂P/∂W_l‖ / (‖∂D/∂W_l‖ + ‖∂P/∂W_l‖) for l = 1 … depth: how much of the gradient the penalty makes (0 without). */
  penaltyShare: number[];
  /** ‖W_l‖_F for l = 1 … depth, before the update. */
  weightNorms: number[];
  /** Per hidden layer (1 … depth − 1): standard deviation of the activation's input (after batch normalisation). */
  preStd: number[];
  /** Per hidden layer: mean and standard deviation of the activation's output over the batch and the units. */
  actMean: number[];
  actStd: number[];
  /** Per hidden layer: standard deviation of what the layer passes on (differs from actStd after a residual sum). */
  outStd: number[];
  /**
   * Per hidden layer: the fraction of units whose input is ≤ 0 for every example of the batch. For ReLU these
   * output 0 and pass no gradient: dead units. Leaky ReLU and ELU units there still pass a gradient (α, αeˣ).
   */
  deadFraction: number[];
  /**
   * Per hidden layer: the fraction of the activation's outputs (batch × units) in each bin of
   * `histogramBins(config.activation)`. Empty on the steps skipped by `histogramEvery`.
   */
  histograms: number[][];
  /**
   * Per hidden layer, before the update: the largest difference between any unit's incoming weights and bias and the
   * first unit's (`unitSpread`, src/core/symmetry.ts). 0 means every unit of the layer computes the same function.
   */
  unitSpread: number[];
  /** Global gradient norm over every trainable variable before and after clipping (equal without clipping). */
  clipNormBefore: number;
  clipNormAfter: number;
}
