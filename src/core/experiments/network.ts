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
import {
  binaryAccuracy,
  binaryCrossEntropyGrad,
  binaryCrossEntropyValue,
  binaryCrossEntropyWithLogits,
} from '../losses';
import { backprop, type PlainStack } from '../mlp';
import { penaltySplit, weightPenalty } from '../penalties';
import { clipGradients, type ClipSpec } from '../clipping';
import { createOptimizer, type OptimizerSpec } from '../optimizers';
import { hiddenLayerStats, SUMMARY_ROWS } from '../layer-stats';
import { float64Norm, normFromSquares, readBack, sumOfSquares } from '../norms';
import { createRng } from '../random';
import { unitSpread } from '../symmetry';
import { circleTask, sampleBatch } from '../tasks';
import { boundaryView } from '../boundary';
import { divergenceOf, type Experiment, type Session, type StepOutcome } from '../experiment';
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

export interface NetworkSessionOptions {
  /** Take every step on tfjs's autodiff tape, as a network with batch normalisation does (for the tests that hold
   * the written-out pass to the tape's numbers). */
  tape?: boolean;
}

export function createNetworkSession(input: NetworkConfig, options: NetworkSessionOptions = {}): NetworkSession {
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

  const clipSpec = (): ClipSpec =>
    config.clip === 'none' ? { mode: 'none' } : { mode: config.clip, threshold: live.clipThreshold };

  /**
   * A network without batch normalisation or shortcuts is the `mlp` experiment's stack: without penalties its step
   * takes mlp.ts's backward pass written out — the tape's ops and numbers bit for bit, without the tape's copies,
   * nodes and search, which cost about a third of a step (and, in Chromium, a steady stream of deoptimisations).
   */
  const plain: PlainStack | null =
    !options.tape && model.layers.every((layer) => layer.b && !layer.bn && !layer.block)
      ? { activation: model.activation, layers: model.layers.map((layer) => ({ W: layer.W, b: layer.b! })) }
      : null;
  const plainPass = (
    x: tf.Tensor2D,
    y: tf.Tensor2D,
    traces: LayerTrace[],
    onLogits: (z: tf.Tensor2D) => void,
  ): { value: tf.Scalar; grads: tf.NamedTensorMap } => {
    const pass = backprop(plain!, x, (z) => ({
      value: binaryCrossEntropyValue(z, y),
      grad: (dy) => binaryCrossEntropyGrad(z, y, dy),
    }));
    onLogits(pass.logits);
    for (let l = 0; l < hidden; l++) {
      const act = pass.inputs[l + 1]!;
      traces.push({ pre: pass.pre[l]!, act, out: act });
    }
    return { value: pass.loss, grads: Object.fromEntries(model.trainable.map((v, i) => [v.name, pass.grads[i]!])) };
  };

  const step = (): StepOutcome<NetworkReport> => {
    if (divergence) return divergence;
    const batch = sampleBatch(data, config.batchSize, batchRng);
    const stepNo = steps + 1;
    const withHistograms = (stepNo - 1) % config.histogramEvery === 0;
    const { l1, l2 } = live;
    const penalised = l1 > 0 || l2 > 0;
    const clipping = config.clip !== 'none';

    const numbers = tf.tidyNumbers(() => {
      const x = tf.tensor2d(batch.x, [batch.size, data.inputDim]);
      const y = tf.tensor2d(batch.y, [batch.size, data.outputDim]);
      // On the tape, variableGrads runs its function in a tidy of its own: what the report needs from the forward
      // pass is kept and freed by hand below.
      const kept: tf.Tensor[] = [];
      const keep = <T extends tf.Tensor>(t: T): T => {
        kept.push(tf.keep(t));
        return t;
      };
      const traces: LayerTrace[] = [];
      let logits: tf.Tensor2D | null = null;
      let dataLoss: tf.Scalar | null = null;
      let penalty: tf.Scalar | null = null;
      const onTape = () =>
        tf.variableGrads(() => {
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
      const { value, grads } = plain && !penalised ? plainPass(x, y, traces, (z) => (logits = z)) : onTape();

      const clipped = clipping ? clipGradients(grads, clipSpec()) : null;
      const stats = hiddenLayerStats(traces, withHistograms ? bins : null);
      // One read-back per step. The norms are computed from it in float64 (norms.ts), which also keeps the deep
      // layers' tiny gradient norms from underflowing.
      const head = [
        dataLoss ?? value,
        penalty ?? tf.scalar(0),
        ...(clipped ? [clipped.normBefore, clipped.normAfter] : []),
      ];
      const vars = model.trainable;
      const [scalars, z, summary, ...rest] = readBack([
        tf.stack(head),
        logits!,
        stats.summary,
        ...vars.map((v) => grads[v.name]!),
        ...vars,
        ...(stats.histograms ? [stats.histograms] : []),
      ]);
      const read = { grads: rest.slice(0, vars.length), params: rest.slice(vars.length, 2 * vars.length) };
      const gW = model.weights.map((W) => read.grads[vars.indexOf(W)]!);
      const weightValues = model.weights.map((W) => read.params[vars.indexOf(W)]!);
      const [loss, penaltyValue] = [scalars![0]!, scalars![1]!];
      // Without clipping the update uses the gradients as they are, and their global norm comes from the read-back.
      const unclipped = clipped ? NaN : normFromSquares(read.grads.reduce((sum, g) => sum + sumOfSquares(g), 0));
      const [normBefore, normAfter] = clipped ? [scalars![2]!, scalars![3]!] : [unclipped, unclipped];
      const gradNorms = gW.map((g) => float64Norm(g));
      if (
        Number.isFinite(loss) &&
        Number.isFinite(penaltyValue) &&
        gradNorms.every(Number.isFinite) &&
        (!clipping || Number.isFinite(normBefore))
      ) {
        // The update reads the clipped gradients, which were not read back, or the gradients, which were.
        if (clipped) optimizer.apply(clipped.grads, vars);
        else optimizer.apply(grads, vars, read);
        traces.forEach((t, l) => {
          if (t.batchMean && t.batchVar)
            model.updateRunningStats(l, t.batchMean as tf.Tensor1D, t.batchVar as tf.Tensor1D, batch.size);
        });
      }
      tf.dispose(kept);
      const rows = Array.from(summary!);
      const histograms = rest[2 * vars.length];
      return {
        loss,
        penalty: penaltyValue,
        accuracy: binaryAccuracy(z!, batch.y),
        clipNormBefore: normBefore,
        clipNormAfter: normAfter,
        gradNorms,
        ...penaltySplit(gW, weightValues, { l1, l2 }),
        weightNorms: weightValues.map((w) => float64Norm(w)),
        // The hidden layers' units (the output layer has one); read from the values read back above, no extra kernel.
        unitSpread: model.layers.slice(0, hidden).map((layer, l) => {
          const b = layer.b ? read.params[vars.indexOf(layer.b)]! : null;
          return unitSpread(weightValues[l]!, layer.fanIn, layer.fanOut, b);
        }),
        summary: Object.fromEntries(
          SUMMARY_ROWS.map((row, r) => [row, rows.slice(r * hidden, (r + 1) * hidden)]),
        ) as Record<(typeof SUMMARY_ROWS)[number], number[]>,
        histograms: histograms
          ? Array.from({ length: hidden }, (_, l) =>
              Array.from(histograms.subarray(l * bins.count, (l + 1) * bins.count)),
            )
          : [],
      };
    });

    const {
      loss,
      penalty,
      accuracy,
      clipNormBefore,
      clipNormAfter,
      gradNorms,
      penaltyGradNorms,
      penaltyShare,
      weightNorms,
      unitSpread: spreads,
      summary,
      histograms,
    } = numbers;
    if (
      !Number.isFinite(loss) ||
      !Number.isFinite(penalty) ||
      !gradNorms.every(Number.isFinite) ||
      (clipping && !Number.isFinite(clipNormBefore))
    ) {
      divergence = {
        ok: false,
        divergence: divergenceOf(stepNo, Number.isFinite(loss) && Number.isFinite(penalty), gradNorms),
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
        unitSpread: spreads,
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
    // Inference mode: batch normalisation with its running statistics, as the trained network would be used.
    view: () => boundaryView((x) => model.forward(x, { training: false }), data, steps),
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
