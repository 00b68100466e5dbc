/**
 * Outliers in the input: a small regression network learns y = 1.5·x + 0.5 + noise from inputs x ∈ [−1, 1],
 * except that a fraction of the recorded inputs are k times what they should be (a sensor glitch; the targets
 * were computed from the true x). Each step reports the gradient norm, globally and per layer, and each example's
 * share of it, so that the spike an outlier causes is visible, together with the two usual cures: the Huber loss,
 * and standardised inputs.
 *
 * Why the spike is about k²: for a network whose output scales with its input (ReLU, no saturation), an
 * outlier's prediction and hence its residual grow like k, and so do the activations its weight gradients are
 * multiplied by (∂ℓ/∂W_l = a_{l−1}ᵀ δ_l). The MSE passes the whole residual back; Huber caps it at δ, leaving the
 * factor k of the activations; standardising shrinks the input itself.
 */
import * as tf from '../tf';
import { createMlp } from '../mlp';
import { dense } from '../dense';
import { huberLoss, meanSquaredError } from '../losses';
import { normFromSquares, readBack, sumOfSquares } from '../norms';
import { createOptimizer } from '../optimizers';
import { createRng } from '../random';
import type { Experiment, Session, StepOutcome } from '../experiment';
import { fitView } from '../boundary';
import {
  OUTLIERS_DATASET_SIZE,
  outliersConfigSchema,
  type OutliersConfig,
  type OutliersReport,
} from './outliers.config';
import { outlierRegressionTask, standardizeInputs } from './outliers.data';

export { outliersConfigSchema, type OutliersConfig, type OutliersReport } from './outliers.config';
export { outlierRegressionTask, standardizeInputs, TEACHER, type OutlierDataset } from './outliers.data';

export function createOutliersSession(config: OutliersConfig): Session<OutliersReport> {
  const rng = createRng(config.seed);
  const dataRng = rng.fork();
  const weightRng = rng.fork();
  const batchRng = rng.fork();
  const raw = outlierRegressionTask(dataRng, OUTLIERS_DATASET_SIZE, config.outlierFraction, config.outlierScale);
  const data = config.standardize ? standardizeInputs(raw) : raw;
  const model = createMlp(
    {
      inputDim: 1,
      outputDim: 1,
      depth: config.depth,
      width: config.width,
      activation: config.activation,
      init: { scheme: config.init, scale: config.initScale },
    },
    weightRng,
  );
  const layers = model.layers;
  const last = layers.length - 1;
  const vars = model.trainable;
  const optimizer = createOptimizer({ kind: 'sgd', learningRate: config.learningRate });
  let huberDelta = config.huberDelta;
  let steps = 0;
  let divergence: StepOutcome<OutliersReport> | null = null;

  const step = (): StepOutcome<OutliersReport> => {
    if (divergence) return divergence;
    const n = config.batchSize;
    const bx = new Float32Array(n);
    const by = new Float32Array(n);
    let outliersInBatch = 0;
    for (let r = 0; r < n; r++) {
      const i = batchRng.int(data.n);
      bx[r] = data.x[i]!;
      by[r] = data.y[i]!;
      outliersInBatch += data.outlier[i]!;
    }
    const stepNo = steps + 1;
    const numbers = tf.tidyNumbers(() => {
      const x = tf.tensor2d(bx, [n, 1]);
      const y = tf.tensor2d(by, [n, 1]);
      // Per-example gradients in one backward pass (Goodfellow 2015, "Efficient per-example gradient
      // computations"): differentiate with respect to a zero added to each pre-activation, which gives
      // δ_l = ∂L/∂z_l for every example separately. Then ∂L/∂W_l = a_{l−1}ᵀ δ_l and ∂L/∂b_l = Σ_i δ_l,i, and
      // example i's share of the gradient has ‖·‖² = Σ_l (‖a_{l−1,i}‖² + 1)·‖δ_l,i‖², an outer product's norm.
      const inputs: tf.Tensor2D[] = [];
      const probes = layers.map((layer) => tf.zeros([n, layer.fanOut]));
      const loss = (...zeros: tf.Tensor[]) => {
        let a: tf.Tensor2D = x;
        layers.forEach((layer, l) => {
          inputs.push(tf.keep(a));
          const z = tf.add<tf.Tensor2D>(dense(a, layer.W as tf.Tensor2D, layer.b as tf.Tensor1D), zeros[l]!);
          a = l === last ? z : (model.activation.apply(z) as tf.Tensor2D);
        });
        return config.loss === 'huber' ? huberLoss(a, y, huberDelta) : meanSquaredError(a, y);
      };
      const { value, grads: deltas } = tf.valueAndGrads(loss)(probes);
      // aᵀ δ with the transpose explicit, so that the product runs as a plain one (see dense.ts).
      const grads = Object.fromEntries(
        layers.flatMap((layer, l) => [
          [layer.W.name, tf.matMul(tf.transpose(inputs[l]!), deltas[l]!)],
          [layer.b.name, tf.sum(deltas[l]!, 0)],
        ]),
      );
      // One read-back per step: the loss, each layer's input and δ (for each example's share), the gradients and
      // the parameters (for the norms and the update). The norms are then computed in float64 (norms.ts).
      const [lossValue, ...rest] = readBack([value, ...inputs, ...deltas, ...vars.map((v) => grads[v.name]!), ...vars]);
      const depth = layers.length;
      const read = {
        grads: rest.slice(2 * depth, 2 * depth + vars.length),
        params: rest.slice(2 * depth + vars.length),
      };
      const layerSq = layers.map((layer) => sumOfSquares(read.grads[vars.indexOf(layer.W)]!));
      const globalSq = read.grads.reduce((sum, g) => sum + sumOfSquares(g), 0);
      const exampleSq = new Float64Array(n);
      layers.forEach((layer, l) => {
        const [a, d] = [rest[l]!, rest[depth + l]!];
        for (let i = 0; i < n; i++) {
          const aSq = sumOfSquares(a, i * layer.fanIn, (i + 1) * layer.fanIn);
          exampleSq[i] = exampleSq[i]! + (aSq + 1) * sumOfSquares(d, i * layer.fanOut, (i + 1) * layer.fanOut);
        }
      });
      const numbers = [
        lossValue![0]!,
        normFromSquares(globalSq),
        ...layerSq.map(normFromSquares),
        ...Array.from(exampleSq, normFromSquares),
      ];
      if (numbers.every(Number.isFinite)) optimizer.apply(grads, vars, read);
      tf.dispose(inputs);
      return numbers;
    });
    const loss = numbers[0]!;
    const gradNorm = numbers[1]!;
    const gradNorms = numbers.slice(2, 2 + layers.length);
    const shares = numbers.slice(2 + layers.length).sort((a, b) => a - b);
    if (!numbers.every(Number.isFinite)) {
      divergence = { ok: false, divergence: { step: stepNo, quantity: Number.isFinite(loss) ? 'gradient' : 'loss' } };
      return divergence;
    }
    steps = stepNo;
    const mid = n >> 1;
    return {
      ok: true,
      report: {
        step: stepNo,
        loss,
        gradNorm,
        gradNorms,
        maxExampleGradNorm: shares[n - 1]!,
        medianExampleGradNorm: n % 2 ? shares[mid]! : (shares[mid - 1]! + shares[mid]!) / 2,
        outliersInBatch,
      },
    };
  };

  return {
    get steps() {
      return steps;
    },
    step,
    view: () => fitView((x) => model.forward(x), data.x, steps),
    set(key, value) {
      if (key === 'learningRate') optimizer.setLearningRate(outliersConfigSchema.shape.learningRate.parse(value));
      else if (key === 'huberDelta') huberDelta = outliersConfigSchema.shape.huberDelta.parse(value);
      else throw new Error(`outliers: "${key}" cannot change while running`);
    },
    dispose: () => {
      optimizer.dispose();
      model.dispose();
    },
  };
}

export const outliersExperiment: Experiment<typeof outliersConfigSchema, OutliersReport> = {
  id: 'outliers',
  schema: outliersConfigSchema,
  liveKeys: ['learningRate', 'huberDelta'],
  create: createOutliersSession,
};
