/**
 * The deep-network experiment behind <GradientTrace>: an MLP of chosen depth, width, activation and
 * initialisation learns the seeded circle task by plain SGD, and each step reports the loss and the norm of
 * ∂L/∂W_l for every layer l — the numbers Nielsen plots as each layer's "speed of learning".
 */
import * as tf from '../tf';
import { createMlp } from '../mlp';
import { binaryCrossEntropyWithLogits } from '../losses';
import { createRng } from '../random';
import { circleTask, sampleBatch } from '../tasks';
import { repairSmallNorms } from '../norms';
import type { Experiment, Session, StepOutcome } from '../experiment';
import { DATASET_SIZE, mlpConfigSchema, type MlpConfig, type MlpReport } from './mlp.config';

export { mlpConfigSchema, type MlpConfig, type MlpReport } from './mlp.config';

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
  let learningRate = config.learningRate;
  let steps = 0;
  let divergence: StepOutcome<MlpReport> | null = null;
  const weights = model.layers.map((layer) => layer.W);

  const step = (): StepOutcome<MlpReport> => {
    if (divergence) return divergence;
    const batch = sampleBatch(data, config.batchSize, batchRng);
    const stepNo = steps + 1;
    const numbers = tf.tidy(() => {
      const x = tf.tensor2d(batch.x, [batch.size, data.inputDim]);
      const y = tf.tensor2d(batch.y, [batch.size, data.outputDim]);
      let logits: tf.Tensor2D | null = null;
      const { value, grads } = tf.variableGrads(() => {
        logits = tf.keep(model.forward(x));
        return binaryCrossEntropyWithLogits(logits, y);
      }, model.trainable);
      const correct = tf.mean(tf.cast(tf.equal(tf.cast(tf.greater(logits!, 0), 'float32'), y), 'float32'));
      const norms = weights.map((W) => tf.norm(grads[W.name]!));
      // One read-back per step: loss, accuracy, then the per-layer norms.
      const packed = tf.stack([value, correct, ...norms]).dataSync();
      const finite = packed.every(Number.isFinite);
      const gradNorms = repairSmallNorms(Array.from(packed.subarray(2)), (l) => grads[weights[l]!.name]!.dataSync());
      if (finite) {
        for (const v of model.trainable) v.assign(tf.sub(v, tf.mul(grads[v.name]!, learningRate)));
      }
      tf.dispose(logits!);
      return [packed[0]!, packed[1]!, ...gradNorms];
    });
    const [loss, accuracy, ...gradNorms] = numbers as [number, number, ...number[]];
    if (!Number.isFinite(loss) || !gradNorms.every(Number.isFinite)) {
      divergence = {
        ok: false,
        divergence: { step: stepNo, quantity: Number.isFinite(loss) ? 'gradient' : 'loss' },
      };
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
    set(key, value) {
      if (key !== 'learningRate') throw new Error(`mlp: "${key}" cannot change while running`);
      learningRate = mlpConfigSchema.shape.learningRate.parse(value);
    },
    dispose: () => model.dispose(),
  };
}

export const mlpExperiment: Experiment<typeof mlpConfigSchema, MlpReport> = {
  id: 'mlp',
  schema: mlpConfigSchema,
  liveKeys: ['learningRate'],
  create: createMlpSession,
};
