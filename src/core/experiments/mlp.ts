/**
 * The deep-network experiment behind <GradientTrace>: an MLP of chosen depth, width, activation and
 * initialisation learns the seeded circle task by plain SGD, and each step reports the loss and the norm of
 * ∂L/∂W_l for every layer l — the numbers Nielsen plots as each layer's "speed of learning".
 */
import * as tf from '../tf';
import { backprop, createMlp, type Mlp } from '../mlp';
import { binaryAccuracy, binaryCrossEntropyGrad, binaryCrossEntropyValue } from '../losses';
import { createRng } from '../random';
import { circleTask, sampleBatch } from '../tasks';
import { boundaryView } from '../boundary';
import { float64Norm, readBack } from '../norms';
import { createOptimizer, type Optimizer } from '../optimizers';
import { divergenceOf, type Experiment, type Session, type StepOutcome } from '../experiment';
import { DATASET_SIZE, mlpConfigSchema, type MlpConfig, type MlpReport } from './mlp.config';

export { mlpConfigSchema, type MlpConfig, type MlpReport } from './mlp.config';

/**
 * One training step of `model` on a batch (x, y), labels also given as numbers: the loss and its gradients (the
 * backward pass written out, src/core/mlp.ts), then one read-back of the loss, the logits (for the accuracy), the
 * gradients (for their norms and the update) and the parameters (for the update). The update is skipped when the
 * loss or a norm is not finite; the caller reports the divergence. Call inside tf.tidy.
 */
export function sgdStep(model: Mlp, x: tf.Tensor2D, y: tf.Tensor2D, labels: ArrayLike<number>, optimizer: Optimizer) {
  const pass = backprop(model, x, (z) => ({
    value: binaryCrossEntropyValue(z, y),
    grad: (dy) => binaryCrossEntropyGrad(z, y, dy),
  }));
  const vars = model.trainable;
  const [loss, z, ...rest] = readBack([pass.loss, pass.logits, ...pass.grads, ...vars]);
  const read = { grads: rest.slice(0, vars.length), params: rest.slice(vars.length) };
  const step = {
    loss: loss![0]!,
    accuracy: binaryAccuracy(z!, labels),
    gradNorms: model.layers.map((layer) => float64Norm(read.grads[vars.indexOf(layer.W)]!)),
  };
  if (Number.isFinite(step.loss) && step.gradNorms.every(Number.isFinite)) {
    optimizer.apply(Object.fromEntries(vars.map((v, i) => [v.name, pass.grads[i]!])), vars, read);
  }
  return step;
}

export function createMlpSession(config: MlpConfig): Session<MlpReport> {
  const rng = createRng(config.seed);
  // Separate streams, so that changing the architecture does not change the data or the batch order.
  const dataRng = rng.fork();
  const weightRng = rng.fork();
  const batchRng = rng.fork();
  const data = circleTask(dataRng, DATASET_SIZE);
  const model = createMlp(
    {
      inputDim: data.inputDim,
      outputDim: data.outputDim,
      depth: config.depth,
      width: config.width,
      activation: config.activation,
      init: { scheme: config.init, scale: config.initScale },
    },
    weightRng,
  );
  const optimizer = createOptimizer({ kind: 'sgd', learningRate: config.learningRate });
  let steps = 0;
  let divergence: StepOutcome<MlpReport> | null = null;

  const step = (): StepOutcome<MlpReport> => {
    if (divergence) return divergence;
    const batch = sampleBatch(data, config.batchSize, batchRng);
    const stepNo = steps + 1;
    const { loss, accuracy, gradNorms } = tf.tidyNumbers(() => {
      const x = tf.tensor2d(batch.x, [batch.size, data.inputDim]);
      const y = tf.tensor2d(batch.y, [batch.size, data.outputDim]);
      return sgdStep(model, x, y, batch.y, optimizer);
    });
    if (!Number.isFinite(loss) || !gradNorms.every(Number.isFinite)) {
      divergence = { ok: false, divergence: divergenceOf(stepNo, Number.isFinite(loss), gradNorms) };
      return divergence;
    }
    steps = stepNo;
    return { ok: true, report: { step: stepNo, loss, accuracy, gradNorms } };
  };

  return {
    get steps() {
      return steps;
    },
    step,
    view: () => boundaryView((x) => model.forward(x), data, steps),
    set(key, value) {
      if (key !== 'learningRate') throw new Error(`mlp: "${key}" cannot change while running`);
      optimizer.setLearningRate(mlpConfigSchema.shape.learningRate.parse(value));
    },
    dispose: () => {
      optimizer.dispose();
      model.dispose();
    },
  };
}

export const mlpExperiment: Experiment<typeof mlpConfigSchema, MlpReport> = {
  id: 'mlp',
  schema: mlpConfigSchema,
  liveKeys: ['learningRate'],
  create: createMlpSession,
};
