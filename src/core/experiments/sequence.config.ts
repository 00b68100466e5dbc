/**
 * The configuration and report of the recurrent experiment, with no tfjs import (the `import type`s below are
 * erased), so that pages, prop schemas and URL parsing can use them without loading TensorFlow.js.
 */
import { z } from 'zod';
import { INIT_SCHEMES } from '../catalog';
import type { CellKind } from '../recurrent';
import type { OptimizerKind } from '../optimizers';
import type { ClipMode } from '../clipping';

export const CELL_KINDS = ['rnn', 'lstm'] as const satisfies readonly CellKind[];
export const SEQUENCE_OPTIMIZERS = ['sgd', 'momentum', 'adam'] as const satisfies readonly OptimizerKind[];
export const SEQUENCE_CLIP_MODES = ['none', 'value', 'norm'] as const satisfies readonly ClipMode[];

/** Longest sequence offered: the RNN-versus-LSTM contrast is plain well before this. */
export const MAX_SEQUENCE_LENGTH = 200;

/** The recall task's alphabet: K cue symbols (chance accuracy 1/K, chance loss ln K) and separate distractors. */
export const RECALL_CLASSES = 4;
export const RECALL_DISTRACTORS = 4;

/** The parameter groups whose gradient norms a report lists, in this order. */
export const SEQUENCE_PARAM_GROUPS = ['Wx', 'Wh', 'b', 'Wy', 'by'] as const;

export const sequenceConfigSchema = z
  .object({
    cell: z.enum(CELL_KINDS).default('lstm'),
    /** Sequence length T: the cue comes at t = 1 and must be recalled after t = T. */
    length: z.number().int().min(2).max(MAX_SEQUENCE_LENGTH).default(20),
    hiddenSize: z.number().int().min(2).max(64).default(16),
    init: z.enum(INIT_SCHEMES).default('xavier-uniform'),
    /** σ of `normal`, half-width of `uniform`; the named schemes ignore it. */
    initScale: z.number().positive().max(10).default(1),
    /** Initial forget-gate bias of the LSTM (Jozefowicz et al. 2015 recommend 1); the RNN ignores it. */
    forgetBias: z.number().min(-5).max(10).default(1),
    optimizer: z.enum(SEQUENCE_OPTIMIZERS).default('adam'),
    /** μ of the momentum optimizer; the others ignore it. */
    momentum: z.number().min(0).max(0.999).default(0.9),
    learningRate: z.number().positive().max(10).default(0.01),
    clip: z.enum(SEQUENCE_CLIP_MODES).default('norm'),
    /** c of the clipping: the global-norm bound, or the per-element bound; ignored when clip is 'none'. */
    clipThreshold: z.number().positive().max(1000).default(1),
    batchSize: z.number().int().min(1).max(256).default(32),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(1),
  })
  .strict();

export type SequenceConfig = z.output<typeof sequenceConfigSchema>;

export interface SequenceReport {
  step: number;
  /** Mean cross-entropy on this step's batch of fresh sequences, before the update (chance: ln K). */
  loss: number;
  /** Fraction of this batch whose cue was recalled, before the update (chance: 1/K). */
  accuracy: number;
  /** ‖∂L/∂θ‖_F for each of SEQUENCE_PARAM_GROUPS, before clipping. */
  gradNorms: number[];
  /** Global gradient norm over every parameter before and after clipping (Pascanu et al. 2013). */
  normBefore: number;
  normAfter: number;
  /**
   * ‖∂L/∂h_t‖_F over the batch for t = 1 … T: how much of the loss's gradient reaches step t. The loss is read
   * after step T, so the entry for t carries T − t factors of the recurrent Jacobian.
   */
  hiddenGradNorms: number[];
  /** ‖∂L/∂c_t‖_F for t = 1 … T, along the LSTM's cell state; empty for the RNN. */
  cellGradNorms: number[];
  /** Mean forget-gate value over steps, sequences and units (LSTM only): how much of c_{t−1} each step keeps. */
  forgetGateMean?: number;
}
