/**
 * The configuration and report of the pre-training experiment, with no tfjs import, so that pages, prop schemas
 * and URL parsing can use them without loading TensorFlow.js.
 */
import { z } from 'zod';
import { INIT_SCHEMES } from '../catalog';

/** The two saturating activations of the era pre-training was invented for; ReLU nets seldom needed it. */
export const PRETRAINING_ACTIVATIONS = ['sigmoid', 'tanh'] as const;

export const pretrainingConfigSchema = z
  .object({
    /**
     * Weight layers, the linear output layer included; the depth − 1 hidden layers are pre-trained. The default,
     * three hidden layers, is the depth Bengio et al. 2007 studied, and where pre-training clearly helps here.
     */
    depth: z.number().int().min(2).max(24).default(4),
    width: z.number().int().min(2).max(64).default(32),
    activation: z.enum(PRETRAINING_ACTIVATIONS).default('sigmoid'),
    init: z.enum(INIT_SCHEMES).default('xavier-normal'),
    /** σ of `normal`, half-width of `uniform`; the named schemes ignore it. */
    initScale: z.number().positive().max(10).default(1),
    /** Autoencoder steps for each hidden layer, one layer after the other. */
    pretrainSteps: z.number().int().min(0).max(2000).default(200),
    pretrainLearningRate: z.number().positive().max(10).default(0.5),
    /** Supervised SGD learning rate of both arms during fine-tuning. */
    learningRate: z.number().positive().max(10).default(2),
    /** At least 2: the reconstruction error is relative to the batch's own spread. */
    batchSize: z.number().int().min(2).max(256).default(64),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(1),
  })
  .strict();

export type PretrainingConfig = z.output<typeof pretrainingConfigSchema>;

/** One arm's numbers at a fine-tuning step, before its update. */
export interface PretrainingArm {
  /** Mean cross-entropy on the step's minibatch. */
  loss: number;
  /** Fraction of the minibatch classified correctly. */
  accuracy: number;
  /** ‖∂L/∂W_l‖_F for l = 1 … depth (input side first). */
  gradNorms: number[];
}

export type PretrainingReport =
  | {
      /** Steps of the session so far, pre-training included (1-based). */
      step: number;
      phase: 'pretrain';
      /** The hidden layer being trained as an autoencoder (1-based, input side first). */
      layer: number;
      /** ‖r − a_{l−1}‖² / ‖a_{l−1} − ā_{l−1}‖² over the batch: the fraction of the layer's input not reconstructed. */
      loss: number;
      /** ‖∂loss/∂W_l‖_F of the layer being trained (the tied decoder's share included). */
      gradNorm: number;
    }
  | {
      step: number;
      phase: 'finetune';
      /** Fine-tuning steps so far (1-based); both arms have seen exactly these batches. */
      finetuneStep: number;
      /** The network that was pre-trained. */
      pretrained: PretrainingArm;
      /** The same network from the same initial weights, not pre-trained. */
      randomInit: PretrainingArm;
    };

/** Size of the seeded circle data set: the labels are used only in fine-tuning, the inputs in both phases. */
export const PRETRAINING_DATASET_SIZE = 512;
