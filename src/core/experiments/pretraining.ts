/**
 * Greedy layer-wise pre-training, then fine-tuning — the remedy that first made deep sigmoid networks trainable.
 * Hinton, Osindero & Teh 2006 pre-trained each layer as a restricted Boltzmann machine (contrastive divergence);
 * Bengio, Lamblin, Popovici & Larochelle 2007 showed that an autoencoder per layer works about as well, and that
 * is what runs here, because its gradient is the ordinary backpropagated one the course is about.
 *
 * Hidden layer l (input side first) is trained to reconstruct its input a_{l−1} from its code
 * h_l = f(a_{l−1} W_l + b_l) for `pretrainSteps` steps, with the layers below frozen; then the next layer on top.
 * Then the whole network, output layer included, is fine-tuned on the labels by SGD. A second copy of the same
 * network — same initial weights, same fine-tuning batches, no pre-training — is trained in lockstep, so every
 * fine-tuning report holds both arms and the difference is the pre-training alone.
 */
import * as tf from '../tf';
import type { Activation } from '../activations';
import { createMlp } from '../mlp';
import { dense } from '../dense';
import { float64Norm, readBack } from '../norms';
import { createOptimizer } from '../optimizers';
import { createRng } from '../random';
import { circleTask, sampleBatch } from '../tasks';
import type { Experiment, Session, StepOutcome } from '../experiment';
import { sgdStep } from './mlp';
import {
  PRETRAINING_DATASET_SIZE,
  pretrainingConfigSchema,
  type PretrainingArm,
  type PretrainingConfig,
  type PretrainingReport,
} from './pretraining.config';

export {
  pretrainingConfigSchema,
  type PretrainingArm,
  type PretrainingConfig,
  type PretrainingReport,
} from './pretraining.config';

/**
 * The reconstruction error of one layer used as an autoencoder with tied weights, as the fraction of its input's
 * variance left unexplained over the batch:
 *
 *   h = f(a W + b),   r = (h − h̄) Wᵀ + ā,   loss = ‖r − a‖² / ‖a − ā‖²     (bars: means over the batch)
 *
 * Tied weights (the decoder is Wᵀ). An RBM uses one matrix both ways, so the tied autoencoder is its closest
 * deterministic counterpart (Bengio et al. 2007 §2–3; Vincent et al. 2008 tie them too). And an untied decoder
 * leaves the encoder's scale free — a large decoder can undo any shrinking — so nothing would move W_l away
 * from its random scale, which is what fine-tuning needs changed; with Wᵀ the code must carry the input at the
 * scale the encoder itself sets. The gradient in W has two terms, the encoder's and the decoder's; the tests
 * check their sum against finite differences.
 *
 * The decoder is linear and the error squared (a Gaussian likelihood): the first layer's inputs are in
 * [−1, 1]², not probabilities, so the cross-entropy Bengio et al. use for inputs in [0, 1] would not fit it.
 * Its bias is not learned but set to its least-squares optimum for the batch, ā − h̄Wᵀ, which is the centring
 * above. A learned bias makes training fragile: sigmoid codes sit near ½, so h̄Wᵀ is a large constant that a
 * learned bias must cancel, and that direction's curvature (about width/4) forces a tiny learning rate.
 * Dividing by the input's variance makes the error scale-free: each sigmoid layer shrinks its input's spread,
 * and without it the deeper layers' errors (and gradients) would be too small to learn from at one learning
 * rate. The number reported is then comparable across layers: 1 is "nothing reconstructed", 0 is perfect.
 */
export function reconstructionLoss(
  input: tf.Tensor2D,
  W: tf.Tensor2D,
  b: tf.Tensor1D,
  activation: Activation,
): tf.Scalar {
  return tf.tidy(() => {
    const centred = tf.sub(input, tf.mean(input, 0));
    const h = activation.apply(dense(input, W, b)) as tf.Tensor2D;
    // The decoder multiplies by Wᵀ: transposed explicitly, so that the product and its gradient run as plain
    // matrix products (dense.ts); the transpose's own gradient transposes the decoder's term back onto W.
    const r = dense(tf.sub(h, tf.mean(h, 0)), tf.transpose(W));
    // A layer whose inputs have no spread left (units saturated to the same value for every example) has
    // nothing to reconstruct: the tiny floor makes that a loss of 0 rather than 0/0.
    return tf.div(tf.sum(tf.square(tf.sub(r, centred))), tf.add(tf.sum(tf.square(centred)), 1e-30));
  }) as tf.Scalar;
}

export function createPretrainingSession(config: PretrainingConfig): Session<PretrainingReport> {
  const rng = createRng(config.seed);
  // Separate streams: the data, the initial weights (drawn once, for both arms), the pre-training batches and the
  // fine-tuning batches. Changing the pre-training length then leaves the fine-tuning batches as they were.
  const dataRng = rng.fork();
  const weightSeed = rng.fork().int(2 ** 31);
  const pretrainRng = rng.fork();
  const batchRng = rng.fork();
  const data = circleTask(dataRng, PRETRAINING_DATASET_SIZE);
  const shape = {
    inputDim: data.inputDim,
    outputDim: data.outputDim,
    depth: config.depth,
    width: config.width,
    activation: config.activation,
    init: { scheme: config.init, scale: config.initScale },
  };
  const pretrained = createMlp(shape, createRng(weightSeed));
  const randomInit = createMlp(shape, createRng(weightSeed));
  const activation = pretrained.activation;
  // Every layer but the output one is pre-trained.
  const pretrainTotal = (config.depth - 1) * config.pretrainSteps;

  const pretrainOptimizer = createOptimizer({ kind: 'sgd', learningRate: config.pretrainLearningRate });
  // Plain SGD keeps no state, so the two arms can share one.
  const finetuneOptimizer = createOptimizer({ kind: 'sgd', learningRate: config.learningRate });
  let steps = 0;
  let divergence: StepOutcome<PretrainingReport> | null = null;

  const diverge = (step: number, lossFinite: boolean): StepOutcome<PretrainingReport> => {
    divergence = { ok: false, divergence: { step, quantity: lossFinite ? 'gradient' : 'loss' } };
    return divergence;
  };

  const pretrainStep = (stepNo: number): StepOutcome<PretrainingReport> => {
    const l = Math.floor(steps / config.pretrainSteps);
    const layer = pretrained.layers[l]!;
    const batch = sampleBatch(data, config.batchSize, pretrainRng);
    const [loss, gradNorm] = tf.tidyNumbers(() => {
      // The layers below are frozen: their codes are inputs here, outside the gradient tape.
      let a = tf.tensor2d(batch.x, [batch.size, data.inputDim]);
      for (const below of pretrained.layers.slice(0, l))
        a = activation.apply(dense(a, below.W as tf.Tensor2D, below.b as tf.Tensor1D)) as tf.Tensor2D;
      const input = a;
      const { value, grads } = tf.variableGrads(
        () => reconstructionLoss(input, layer.W as tf.Tensor2D, layer.b as tf.Tensor1D, activation),
        [layer.W, layer.b],
      );
      const vars = [layer.W, layer.b];
      const [loss, ...rest] = readBack([value, ...vars.map((v) => grads[v.name]!), ...vars]);
      const read = { grads: rest.slice(0, 2), params: rest.slice(2) };
      const numbers: [number, number] = [loss![0]!, float64Norm(read.grads[0]!)];
      if (numbers.every(Number.isFinite)) pretrainOptimizer.apply(grads, vars, read);
      return numbers;
    });
    if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) return diverge(stepNo, Number.isFinite(loss));
    steps = stepNo;
    return { ok: true, report: { step: stepNo, phase: 'pretrain', layer: l + 1, loss, gradNorm } };
  };

  const finetuneStep = (stepNo: number): StepOutcome<PretrainingReport> => {
    const batch = sampleBatch(data, config.batchSize, batchRng);
    const [a, b] = tf.tidyNumbers(() => {
      const x = tf.tensor2d(batch.x, [batch.size, data.inputDim]);
      const y = tf.tensor2d(batch.y, [batch.size, data.outputDim]);
      // Each arm takes the `mlp` experiment's step, and updates itself when its numbers are finite.
      return [pretrained, randomInit].map((model) => sgdStep(model, x, y, batch.y, finetuneOptimizer));
    }) as [PretrainingArm, PretrainingArm];
    const finite = (arm: PretrainingArm) =>
      Number.isFinite(arm.loss) && Number.isFinite(arm.accuracy) && arm.gradNorms.every(Number.isFinite);
    if (!finite(a) || !finite(b)) return diverge(stepNo, Number.isFinite(a.loss) && Number.isFinite(b.loss));
    steps = stepNo;
    return {
      ok: true,
      report: { step: stepNo, phase: 'finetune', finetuneStep: stepNo - pretrainTotal, pretrained: a, randomInit: b },
    };
  };

  return {
    get steps() {
      return steps;
    },
    step() {
      if (divergence) return divergence;
      return steps < pretrainTotal ? pretrainStep(steps + 1) : finetuneStep(steps + 1);
    },
    set(key, value) {
      if (key !== 'learningRate') throw new Error(`pretraining: "${key}" cannot change while running`);
      finetuneOptimizer.setLearningRate(pretrainingConfigSchema.shape.learningRate.parse(value));
    },
    dispose() {
      pretrainOptimizer.dispose();
      finetuneOptimizer.dispose();
      pretrained.dispose();
      randomInit.dispose();
    },
  };
}

export const pretrainingExperiment: Experiment<typeof pretrainingConfigSchema, PretrainingReport> = {
  id: 'pretraining',
  schema: pretrainingConfigSchema,
  liveKeys: ['learningRate'],
  create: createPretrainingSession,
};
