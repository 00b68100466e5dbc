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
import { readBack, sumOfSquares } from '../norms';
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
 * ‖values[from, to)‖ in float64 (norms.ts), +∞ beyond float32's range: the largest-element-scaled float32 norm this
 * replaced overflowed there, and only there, so a run diverges at the step it did.
 */
function norm(values: ArrayLike<number>, from?: number, to?: number): number {
  const n = Math.sqrt(sumOfSquares(values, from, to));
  return Math.fround(n) === Infinity ? Infinity : n;
}

/** The fraction of rows whose largest logit is at the target's one-hot position (first maximum on ties, as tf.argMax). */
function recallAccuracy(logits: ArrayLike<number>, targets: ArrayLike<number>, classes: number): number {
  const rows = targets.length / classes;
  let correct = 0;
  for (let r = 0; r < rows; r++) {
    let best = 0;
    let target = 0;
    for (let k = 1; k < classes; k++) {
      if (logits[r * classes + k]! > logits[r * classes + best]!) best = k;
      if (targets[r * classes + k]! > targets[r * classes + target]!) target = k;
    }
    if (best === target) correct++;
  }
  return correct / rows;
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
  const B = config.batchSize;
  const optimizer = createOptimizer(optimizerSpec(config));
  let clipThreshold = config.clipThreshold;
  const clipSpec = (): ClipSpec =>
    config.clip === 'none' ? { mode: 'none' } : { mode: config.clip, threshold: clipThreshold };
  const groups = net.trainable.length;
  let steps = 0;
  let divergence: StepOutcome<SequenceReport> | null = null;

  const step = (): StepOutcome<SequenceReport> => {
    if (divergence) return divergence;
    const batch = recallBatch(task, B, dataRng);
    const stepNo = steps + 1;
    const numbers = tf.tidyNumbers(() => {
      const I = batch.inputDim;
      const x = tf.tensor2d(batch.x, [T * B, I]);
      const y = tf.tensor2d(batch.y, [B, batch.classes]);
      // The input projection x_t W_x + b of every step in one product, read back once and handed to the recurrence as
      // T tensors of its own: on the wasm backend, tf.unstack would copy the whole projection once per step (tfjs's
      // Slice reads all of its input), T² copies in all. The backward pass returns those T tensors' gradients, and
      // projectionGrads turns them into W_x's and b's, as dense.ts's gradient would.
      const width = net.b.size;
      const [projected] = readBack([net.project(x)]);
      const inputs = Array.from({ length: T }, (_, t) =>
        tf.tensor2d(projected!.subarray(t * B * width, (t + 1) * B * width), [B, width]),
      );
      // One pass forward and back through time, written out (recurrent.ts): the tape's numbers without its copies.
      // Its ∂L/∂h_t and ∂L/∂c_t are what zero probes added to the states measure (see createRecurrentNet's forward).
      const forget: tf.Tensor2D[] = [];
      const pass = net.backpropThroughTime(
        inputs,
        (logits) => tf.grad((z) => softmaxCrossEntropy(z as tf.Tensor2D, y))(logits) as tf.Tensor2D,
        lstm ? (_t, f) => forget.push(f) : undefined,
      );
      const value = softmaxCrossEntropy(pass.logits, y);
      const forgetMean = lstm ? (tf.mean(tf.stack(forget)) as tf.Scalar) : null;
      const [dWx, db] = net.projectionGrads(x, tf.reshape(tf.stack(pass.dInputs), [T * B, width]));
      // In the order of net.trainable (Wx, Wh, b, Wy, by), then ∂L/∂h_t for every t, then ∂L/∂c_t.
      const grads = [dWx, pass.dWh, db, pass.dWy, pass.dby, ...pass.dH, ...pass.dC];
      const paramGrads = grads.slice(0, groups);
      const clipped = clipGradients(
        Object.fromEntries(net.trainable.map((v, i) => [v.name, paramGrads[i]!])),
        clipSpec(),
      );
      // One read-back per step; the norms are computed from it in float64 (norms.ts), which keeps the tiny
      // ‖∂L/∂h_t‖ far back through a vanishing RNN (elements of 1e-20 and below) from underflowing.
      const scalars = [value, clipped.normBefore, clipped.normAfter, ...(forgetMean ? [forgetMean] : [])];
      const [head, logits, ...rest] = readBack([tf.stack(scalars), pass.logits, ...grads]);
      const [loss, normBefore, normAfter] = [head![0]!, head![1]!, head![2]!];
      // ‖∂L/∂h_t‖_F over the batch for each t (then ‖∂L/∂c_t‖ for the LSTM): the squared entries summed over
      // sequences and units.
      const perStep = rest.slice(groups).map((g) => norm(g));
      const numbers = [
        loss,
        recallAccuracy(logits!, batch.y, batch.classes),
        ...rest.slice(0, groups).map((g) => norm(g)),
        normBefore,
        normAfter,
        ...(lstm ? [head![3]!] : []),
        ...perStep,
      ];
      if (numbers.every(Number.isFinite)) optimizer.apply(clipped.grads, net.trainable);
      return numbers;
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
    const report: SequenceReport = {
      step: stepNo,
      loss,
      accuracy,
      gradNorms,
      normBefore,
      normAfter,
      hiddenGradNorms,
      cellGradNorms,
    };
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
