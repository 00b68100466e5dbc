/**
 * The recurrent experiment behind the LSTM chapter and the "deep in time" view of vanishing gradients: an RNN
 * or an LSTM learns to recall, after T steps, the symbol it saw first (sequence-tasks.ts), and every step reports
 * how much of the loss's gradient reaches each time step, ‖∂L/∂h_t‖ for t = 1 … T — the recurrent analogue of
 * the per-layer norms of the `mlp` experiment, with time steps in the place of layers.
 */
import * as tf from '../tf';
import { createRecurrentNet, softmaxCrossEntropy, type RecurrentNet } from '../recurrent';
import { createOptimizer, type OptimizerSpec } from '../optimizers';
import { clipGradients, type ClipSpec } from '../clipping';
import { createRng, type Rng } from '../random';
import { recallBatch, recallInputDim, type RecallTaskSpec } from '../sequence-tasks';
import type { Experiment, Session, StepOutcome } from '../experiment';
import {
  RECALL_CLASSES,
  RECALL_DISTRACTORS,
  sequenceConfigSchema,
  type SequenceConfig,
  type SequenceReport,
} from './sequence.config';

export { sequenceConfigSchema, type SequenceConfig, type SequenceReport } from './sequence.config';

export interface SequenceSetup {
  task: RecallTaskSpec;
  net: RecurrentNet;
  /** The stream the training batches are drawn from, one fresh batch per step. */
  dataRng: Rng;
}

/**
 * The network and data stream a session of this config starts from. Separate streams, so that changing the
 * cell, the size or the initialisation does not change the sequences: an RNN and an LSTM of the same seed see
 * exactly the same batches. Exported so that tests can rebuild a session's starting point.
 */
export function sequenceSetup(config: SequenceConfig): SequenceSetup {
  const rng = createRng(config.seed);
  const dataRng = rng.fork();
  const weightRng = rng.fork();
  const task = { length: config.length, classes: RECALL_CLASSES, distractors: RECALL_DISTRACTORS };
  const net = createRecurrentNet(
    {
      cell: config.cell,
      inputDim: recallInputDim(task),
      hiddenSize: config.hiddenSize,
      outputDim: task.classes,
      init: { scheme: config.init, scale: config.initScale },
      forgetBias: config.forgetBias,
    },
    weightRng,
  );
  return { task, net, dataRng };
}

/**
 * Frobenius norms of g over `axes`, with each slice first divided by its largest |element|. Far back through a
 * vanishing RNN the elements of ∂L/∂h_t reach 1e-20 and below; their float32 squares (1e-40) would underflow and
 * report 0 instead of the true, tiny norm. Scaling keeps the squares near 1; a zero slice gives 0.
 */
function scaledNorm(g: tf.Tensor, axes: number[]): tf.Tensor {
  const m = tf.max(tf.abs(g), axes, true);
  const safe = tf.where(tf.greater(m, 0), m, tf.onesLike(m));
  return tf.mul(tf.sqrt(tf.sum(tf.square(tf.div(g, safe)), axes)), tf.squeeze(m, axes));
}

function optimizerSpec(config: SequenceConfig): OptimizerSpec {
  const learningRate = config.learningRate;
  switch (config.optimizer) {
    case 'sgd':
      return { kind: 'sgd', learningRate };
    case 'momentum':
      return { kind: 'momentum', learningRate, momentum: config.momentum };
    case 'adam':
      return { kind: 'adam', learningRate };
  }
}

export function createSequenceSession(config: SequenceConfig): Session<SequenceReport> {
  const { task, net, dataRng } = sequenceSetup(config);
  const lstm = config.cell === 'lstm';
  const T = config.length;
  const H = config.hiddenSize;
  const B = config.batchSize;
  const optimizer = createOptimizer(optimizerSpec(config));
  let clipThreshold = config.clipThreshold;
  const clipSpec = (): ClipSpec => (config.clip === 'none' ? { mode: 'none' } : { mode: config.clip, threshold: clipThreshold });
  const groups = net.trainable.length;
  let steps = 0;
  let divergence: StepOutcome<SequenceReport> | null = null;

  const step = (): StepOutcome<SequenceReport> => {
    if (divergence) return divergence;
    const batch = recallBatch(task, B, dataRng);
    const stepNo = steps + 1;
    const numbers = tf.tidy(() => {
      const x = tf.tensor3d(batch.x, [T, B, batch.inputDim]);
      const y = tf.tensor2d(batch.y, [B, batch.classes]);
      // Zero probes whose gradients are ∂L/∂h_t and ∂L/∂c_t (see createRecurrentNet's forward): the state
      // gradients come out of the same reverse sweep as the weight gradients, for T additions per state.
      const probes = lstm
        ? { h: tf.zeros([T, B, H]) as tf.Tensor3D, c: tf.zeros([T, B, H]) as tf.Tensor3D }
        : { h: tf.zeros([T, B, H]) as tf.Tensor3D };
      // Scalars computed inside the differentiated function, kept past its internal tidy and freed below.
      const kept: { accuracy?: tf.Scalar; forgetMean?: tf.Scalar } = {};
      const { value, grads } = tf.valueAndGrads(() => {
        const forget: tf.Tensor2D[] = [];
        const logits = net.forward(x, probes, lstm ? (_t, f) => forget.push(f) : undefined);
        kept.accuracy = tf.keep(tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(y, 1)), 'float32')) as tf.Scalar);
        if (lstm) kept.forgetMean = tf.keep(tf.mean(tf.stack(forget)) as tf.Scalar);
        return softmaxCrossEntropy(logits, y);
      })([...net.trainable, ...Object.values(probes)]);
      const paramGrads = grads.slice(0, groups);
      const clipped = clipGradients(Object.fromEntries(net.trainable.map((v, i) => [v.name, paramGrads[i]!])), clipSpec());
      // ‖∂L/∂h_t‖_F over the batch for each t: the squared entries summed over sequences and units.
      const perStep = (g: tf.Tensor) => scaledNorm(g, [1, 2]);
      const whole = (g: tf.Tensor) => scaledNorm(g, g.shape.map((_, i) => i));
      const scalars = [value, kept.accuracy!, ...paramGrads.map(whole), clipped.normBefore, clipped.normAfter];
      if (kept.forgetMean) scalars.push(kept.forgetMean);
      // One read-back per step: the scalars, then ‖∂L/∂h_t‖ for t = 1 … T, then ‖∂L/∂c_t‖ (LSTM).
      const packed = tf.concat([tf.stack(scalars), ...grads.slice(groups).map(perStep)]).dataSync();
      if (packed.every(Number.isFinite)) optimizer.apply(clipped.grads, net.trainable);
      tf.dispose(Object.values(kept));
      return Array.from(packed);
    });
    const [loss, accuracy] = numbers as [number, number];
    let k = 2;
    const gradNorms = numbers.slice(k, (k += groups));
    const normBefore = numbers[k++]!;
    const normAfter = numbers[k++]!;
    const forgetGateMean = lstm ? numbers[k++]! : undefined;
    const hiddenGradNorms = numbers.slice(k, (k += T));
    const cellGradNorms = numbers.slice(k, (k += lstm ? T : 0));
    if (!numbers.every(Number.isFinite)) {
      divergence = {
        ok: false,
        divergence: { step: stepNo, quantity: Number.isFinite(loss) ? 'gradient' : 'loss' },
      };
      return divergence;
    }
    steps = stepNo;
    const report: SequenceReport = { step: stepNo, loss, accuracy, gradNorms, normBefore, normAfter, hiddenGradNorms, cellGradNorms };
    if (forgetGateMean !== undefined) report.forgetGateMean = forgetGateMean;
    return { ok: true, report };
  };

  return {
    get steps() {
      return steps;
    },
    step,
    set(key, value) {
      switch (key) {
        case 'learningRate':
          optimizer.setLearningRate(sequenceConfigSchema.shape.learningRate.parse(value));
          break;
        case 'clipThreshold':
          clipThreshold = sequenceConfigSchema.shape.clipThreshold.parse(value);
          break;
        default:
          throw new Error(`sequence: "${key}" cannot change while running`);
      }
    },
    dispose: () => {
      optimizer.dispose();
      net.dispose();
    },
  };
}

export const sequenceExperiment: Experiment<typeof sequenceConfigSchema, SequenceReport> = {
  id: 'sequence',
  schema: sequenceConfigSchema,
  liveKeys: ['learningRate', 'clipThreshold'],
  create: createSequenceSession,
};
