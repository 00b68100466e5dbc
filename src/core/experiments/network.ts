/**
 * The `network` experiment: the deep network of the `mlp` experiment with the remedies the course discusses —
 * batch normalisation, residual shortcuts, momentum and Adam, L1/L2 penalties, gradient clipping — on the same
 * seeded circle task. Each step reports the data loss and the penalty, per-layer gradient and weight norms, the
 * penalty's share of each layer's gradient, per-layer activation statistics and histograms, dead units, and the
 * global gradient norm before and after clipping, in one read-back.
 *
 * With batch normalisation, shortcuts, penalties and clipping off and plain SGD, it computes exactly what the `mlp`
 * experiment computes (same random streams, same ops), so figures built on `mlp` can move onto it.
 */
import * as tf from '../tf';
import { createNetwork, type LayerTrace, type Network } from '../network';
import { binaryCrossEntropyWithLogits } from '../losses';
import { weightPenalty, weightPenaltyGradient } from '../penalties';
import { clipGradients, globalNorm, type ClipSpec } from '../clipping';
import { createOptimizer, type OptimizerSpec } from '../optimizers';
import { hiddenLayerStats, SUMMARY_ROWS } from '../layer-stats';
import { frobeniusNorms } from '../tensor-norms';
import { repairSmallNorms } from '../norms';
import { createRng } from '../random';
import { circleTask, sampleBatch } from '../tasks';
import type { Experiment, Session, StepOutcome } from '../experiment';
import {
  DATASET_SIZE,
  histogramBins,
  NETWORK_LIVE_KEYS,
  networkConfigObject,
  networkConfigSchema,
  type NetworkConfig,
  type NetworkReport,
} from './network.config';

export {
  histogramBins,
  histogramEdges,
  networkConfigSchema,
  type NetworkConfig,
  type NetworkReport,
} from './network.config';

export interface NetworkSession extends Session<NetworkReport> {
  /** The model itself, for tests and inspection; callers must not dispose it. */
  readonly network: Network;
}

export function optimizerSpec(config: NetworkConfig, learningRate = config.learningRate): OptimizerSpec {
  switch (config.optimizer) {
    case 'sgd':
      return { kind: 'sgd', learningRate };
    case 'momentum':
      return { kind: 'momentum', learningRate, momentum: config.momentum };
    case 'adam':
      return { kind: 'adam', learningRate, beta1: config.beta1, beta2: config.beta2, epsilon: config.adamEpsilon };
  }
}

export function createNetworkSession(input: NetworkConfig): NetworkSession {
  const config = networkConfigSchema.parse(input);
  const rng = createRng(config.seed);
  // The same three streams, forked in the same order, as the `mlp` experiment: same data, weights and batches.
  const dataRng = rng.fork();
  const weightRng = rng.fork();
  const batchRng = rng.fork();
  const data = circleTask(dataRng, DATASET_SIZE);
  const model = createNetwork(
    {
      inputDim: data.inputDim,
      outputDim: data.outputDim,
      depth: config.depth,
      width: config.width,
      activation: config.activation,
      activationParams: { leakyAlpha: config.leakyAlpha, eluAlpha: config.eluAlpha },
      init: { scheme: config.init, scale: config.initScale },
      batchNorm: config.batchNorm ? { momentum: config.bnMomentum } : false,
      residual: config.residual,
      blockLayers: config.blockLayers,
    },
    weightRng,
  );
  const optimizer = createOptimizer(optimizerSpec(config));
  const bins = histogramBins(config.activation, config);
  const depth = config.depth;
  const hidden = depth - 1;
  let live = { l1: config.l1, l2: config.l2, clipThreshold: config.clipThreshold };
  let steps = 0;
  let divergence: StepOutcome<NetworkReport> | null = null;

  const clipSpec = (): ClipSpec => (config.clip === 'none' ? { mode: 'none' } : { mode: config.clip, threshold: live.clipThreshold });

  const step = (): StepOutcome<NetworkReport> => {
    if (divergence) return divergence;
    const batch = sampleBatch(data, config.batchSize, batchRng);
    const stepNo = steps + 1;
    const withHistograms = (stepNo - 1) % config.histogramEvery === 0;
    const { l1, l2 } = live;
    const penalised = l1 > 0 || l2 > 0;
    const clipping = config.clip !== 'none';

    const numbers = tf.tidy(() => {
      const x = tf.tensor2d(batch.x, [batch.size, data.inputDim]);
      const y = tf.tensor2d(batch.y, [batch.size, data.outputDim]);
      // variableGrads runs its function in a tidy of its own: what the report needs from the forward pass is kept
      // and freed by hand below.
      const kept: tf.Tensor[] = [];
      const keep = <T extends tf.Tensor>(t: T): T => {
        kept.push(tf.keep(t));
        return t;
      };
      const traces: LayerTrace[] = [];
      let logits: tf.Tensor2D | null = null;
      let dataLoss: tf.Scalar | null = null;
      let penalty: tf.Scalar | null = null;
      const { value, grads } = tf.variableGrads(() => {
        logits = keep(
          model.forward(x, {
            training: true,
            probe: (_, t) => {
              const trace: LayerTrace = { pre: keep(t.pre), act: keep(t.act), out: keep(t.out) };
              if (t.batchMean && t.batchVar) {
                trace.batchMean = keep(t.batchMean);
                trace.batchVar = keep(t.batchVar);
              }
              traces.push(trace);
            },
          }),
        );
        const d = binaryCrossEntropyWithLogits(logits, y);
        // Without penalties the loss is the data loss itself, exactly as in the `mlp` experiment.
        if (!penalised) return d;
        dataLoss = keep(d);
        penalty = keep(weightPenalty(model.weights, { l1, l2 }));
        return tf.add(d, penalty);
      }, model.trainable);

      const correct = tf.mean(tf.cast(tf.equal(tf.cast(tf.greater(logits!, 0), 'float32'), y), 'float32'));
      // tf.norm per layer, exactly as the `mlp` experiment computes its gradient norms; the other norms are batched.
      const gradNorms = tf.stack(model.weights.map((W) => tf.norm(grads[W.name]!)));
      let penaltyGradNorms: tf.Tensor = tf.zeros([depth]);
      let penaltyShare: tf.Tensor = tf.zeros([depth]);
      if (penalised) {
        const pg = model.weights.map((W) => weightPenaltyGradient(W, { l1, l2 }));
        penaltyGradNorms = frobeniusNorms(pg);
        const dataGradNorms = frobeniusNorms(model.weights.map((W, l) => tf.sub(grads[W.name]!, pg[l]!)));
        penaltyShare = tf.divNoNan(penaltyGradNorms, tf.add(dataGradNorms, penaltyGradNorms));
      }
      const weightNorms = frobeniusNorms(model.weights);
      let clipped: ReturnType<typeof clipGradients>;
      if (clipping) {
        clipped = clipGradients(grads, clipSpec());
      } else {
        // Nothing to clip: the update uses the gradients as they are, and the global norm costs a few kernels.
        const norm = globalNorm(model.trainable.map((v) => grads[v.name]!));
        clipped = { grads, normBefore: norm, normAfter: norm };
      }
      const stats = hiddenLayerStats(traces, withHistograms ? bins : null);
      const head = tf.stack([dataLoss ?? value, penalty ?? tf.scalar(0), correct, clipped.normBefore, clipped.normAfter]);
      // One read-back per step.
      const packed = tf
        .concat([head, gradNorms, penaltyGradNorms, penaltyShare, weightNorms, tf.reshape(stats.summary, [-1]), ...(stats.histograms ? [tf.reshape(stats.histograms, [-1])] : [])])
        .dataSync();
      const finite =
        Number.isFinite(packed[0]) &&
        Number.isFinite(packed[1]) &&
        packed.subarray(5, 5 + depth).every(Number.isFinite) &&
        (!clipping || Number.isFinite(packed[3]));
      if (finite) {
        optimizer.apply(clipped.grads, model.trainable);
        traces.forEach((t, l) => {
          if (t.batchMean && t.batchVar) model.updateRunningStats(l, t.batchMean as tf.Tensor1D, t.batchVar as tf.Tensor1D, batch.size);
        });
      }
      tf.dispose(kept);
      const numbers = Array.from(packed);
      // As in the `mlp` experiment: float32 norms of gradients around 1e-20 underflow, so recompute those in float64.
      const repaired = repairSmallNorms(numbers.slice(5, 5 + depth), (l) => grads[model.weights[l]!.name]!.dataSync());
      numbers.splice(5, depth, ...repaired);
      return numbers;
    });

    const [loss, penalty, accuracy, clipNormBefore, clipNormAfter] = numbers as [number, number, number, number, number];
    let at = 5;
    const take = (n: number) => numbers.slice(at, (at += n));
    const gradNorms = take(depth);
    const penaltyGradNorms = take(depth);
    const penaltyShare = take(depth);
    const weightNorms = take(depth);
    const summary = Object.fromEntries(SUMMARY_ROWS.map((row) => [row, take(hidden)])) as Record<(typeof SUMMARY_ROWS)[number], number[]>;
    const histograms = withHistograms ? Array.from({ length: hidden }, () => take(bins.count)) : [];

    if (!Number.isFinite(loss) || !Number.isFinite(penalty) || !gradNorms.every(Number.isFinite) || (clipping && !Number.isFinite(clipNormBefore))) {
      divergence = {
        ok: false,
        divergence: { step: stepNo, quantity: Number.isFinite(loss) && Number.isFinite(penalty) ? 'gradient' : 'loss' },
      };
      return divergence;
    }
    steps = stepNo;
    return {
      ok: true,
      report: {
        step: stepNo,
        loss,
        penalty,
        accuracy,
        gradNorms,
        penaltyGradNorms,
        penaltyShare,
        weightNorms,
        ...summary,
        histograms,
        clipNormBefore,
        clipNormAfter,
      },
    };
  };

  return {
    network: model,
    get steps() {
      return steps;
    },
    step,
    set(key, value) {
      switch (key) {
        case 'learningRate':
          optimizer.setLearningRate(networkConfigObject.shape.learningRate.parse(value));
          return;
        case 'l1':
        case 'l2':
        case 'clipThreshold':
          live = { ...live, [key]: networkConfigObject.shape[key].parse(value) };
          return;
        default:
          throw new Error(`network: "${key}" cannot change while running`);
      }
    },
    dispose: () => {
      optimizer.dispose();
      model.dispose();
    },
  };
}

export const networkExperiment: Experiment<typeof networkConfigSchema, NetworkReport> = {
  id: 'network',
  schema: networkConfigSchema,
  liveKeys: NETWORK_LIVE_KEYS,
  create: createNetworkSession,
};
