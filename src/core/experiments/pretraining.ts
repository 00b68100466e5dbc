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
import { createMlp, type Mlp } from '../mlp';
import { binaryCrossEntropyWithLogits } from '../losses';
import { createRng } from '../random';
import { circleTask, sampleBatch } from '../tasks';
import type { Experiment, Session, StepOutcome } from '../experiment';
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
export function reconstructionLoss(input: tf.Tensor2D, W: tf.Tensor2D, b: tf.Tensor1D, activation: Activation): tf.Scalar {
  return tf.tidy(() => {
    const centred = tf.sub(input, tf.mean(input, 0));
    const h = activation.apply(tf.add(tf.matMul(input, W), b));
    const r = tf.matMul(tf.sub(h, tf.mean(h, 0)), W, false, true);
    // A layer whose inputs have no spread left (units saturated to the same value for every example) has
    // nothing to reconstruct: the tiny floor makes that a loss of 0 rather than 0/0.
    return tf.div(tf.sum(tf.square(tf.sub(r, centred))), tf.add(tf.sum(tf.square(centred)), 1e-30));
  }) as tf.Scalar;
}

/** Loss, accuracy and per-layer ‖∂L/∂W_l‖ of one arm, as tensors, and its gradients for the update. */
function supervised(model: Mlp, x: tf.Tensor2D, y: tf.Tensor2D) {
  let logits: tf.Tensor2D | null = null;
  const { value, grads } = tf.variableGrads(() => {
    logits = tf.keep(model.forward(x));
    return binaryCrossEntropyWithLogits(logits, y);
  }, model.trainable);
  const correct = tf.mean(tf.cast(tf.equal(tf.cast(tf.greater(logits!, 0), 'float32'), y), 'float32'));
  // Squared norms stacked and rooted once: two kernels per layer instead of tf.norm's five.
  const norms = tf.sqrt(tf.stack(model.layers.map((layer) => tf.sum(tf.square(grads[layer.W.name]!)))));
  tf.dispose(logits!);
  return { head: [value, correct], norms, grads };
}

function sgd(variables: tf.Variable[], grads: tf.NamedTensorMap, learningRate: number) {
  const lr = tf.scalar(learningRate);
  for (const v of variables) v.assign(tf.sub(v, tf.mul(grads[v.name]!, lr)));
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

  let learningRate = config.learningRate;
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
    const [loss, gradNorm] = tf.tidy(() => {
      // The layers below are frozen: their codes are inputs here, outside the gradient tape.
      let a = tf.tensor2d(batch.x, [batch.size, data.inputDim]);
      for (const below of pretrained.layers.slice(0, l)) a = activation.apply(tf.add(tf.matMul(a, below.W), below.b)) as tf.Tensor2D;
      const input = a;
      const { value, grads } = tf.variableGrads(
        () => reconstructionLoss(input, layer.W as tf.Tensor2D, layer.b as tf.Tensor1D, activation),
        [layer.W, layer.b],
      );
      const packed = tf.stack([value, tf.norm(grads[layer.W.name]!)]).dataSync();
      if (packed.every(Number.isFinite)) sgd([layer.W, layer.b], grads, config.pretrainLearningRate);
      return Array.from(packed);
    }) as [number, number];
    if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) return diverge(stepNo, Number.isFinite(loss));
    steps = stepNo;
    return { ok: true, report: { step: stepNo, phase: 'pretrain', layer: l + 1, loss, gradNorm } };
  };

  const finetuneStep = (stepNo: number): StepOutcome<PretrainingReport> => {
    const batch = sampleBatch(data, config.batchSize, batchRng);
    const depth = config.depth;
    const numbers = tf.tidy(() => {
      const x = tf.tensor2d(batch.x, [batch.size, data.inputDim]);
      const y = tf.tensor2d(batch.y, [batch.size, data.outputDim]);
      const p = supervised(pretrained, x, y);
      const r = supervised(randomInit, x, y);
      // One read-back per step: [loss, accuracy] of each arm, then each arm's per-layer norms.
      const packed = tf.concat([tf.stack([...p.head, ...r.head]), p.norms, r.norms]).dataSync();
      if (packed.every(Number.isFinite)) {
        sgd(pretrained.trainable, p.grads, learningRate);
        sgd(randomInit.trainable, r.grads, learningRate);
      }
      return Array.from(packed);
    });
    const arm = (at: number, norms: number): PretrainingArm => ({
      loss: numbers[at]!,
      accuracy: numbers[at + 1]!,
      gradNorms: numbers.slice(norms, norms + depth),
    });
    const a = arm(0, 4);
    const b = arm(2, 4 + depth);
    if (!numbers.every(Number.isFinite)) return diverge(stepNo, Number.isFinite(a.loss) && Number.isFinite(b.loss));
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
      learningRate = pretrainingConfigSchema.shape.learningRate.parse(value);
    },
    dispose() {
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
