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
import { huberLoss, meanSquaredError } from '../losses';
import { createRng } from '../random';
import type { Experiment, Session, StepOutcome } from '../experiment';
import { OUTLIERS_DATASET_SIZE, outliersConfigSchema, type OutliersConfig, type OutliersReport } from './outliers.config';
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
  let learningRate = config.learningRate;
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
    const numbers = tf.tidy(() => {
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
          const z = tf.add(tf.add(tf.matMul(a, layer.W), layer.b), zeros[l]!) as tf.Tensor2D;
          a = l === last ? z : (model.activation.apply(z) as tf.Tensor2D);
        });
        return config.loss === 'huber' ? huberLoss(a, y, huberDelta) : meanSquaredError(a, y);
      };
      const { value, grads: deltas } = tf.valueAndGrads(loss)(probes);
      const gW = layers.map((_, l) => tf.matMul(inputs[l]!, deltas[l]!, true, false));
      const gb = layers.map((_, l) => tf.sum(deltas[l]!, 0));
      const exampleSq = tf.addN(
        layers.map((_, l) => tf.mul(tf.add(tf.sum(tf.square(inputs[l]!), 1), 1), tf.sum(tf.square(deltas[l]!), 1))),
      );
      const weightSq = tf.stack(gW.map((g) => tf.sum(tf.square(g))));
      const globalSq = tf.add(tf.sum(weightSq), tf.sum(tf.stack(gb.map((g) => tf.sum(tf.square(g))))));
      // One read-back per step: loss, global norm, per-layer norms, then each example's share.
      const packed = tf.concat([tf.stack([value, tf.sqrt(globalSq)]), tf.sqrt(weightSq), tf.sqrt(exampleSq)]).dataSync();
      if (packed.every(Number.isFinite)) {
        const lr = tf.scalar(learningRate);
        layers.forEach((layer, l) => {
          layer.W.assign(tf.sub(layer.W, tf.mul(gW[l]!, lr)));
          layer.b.assign(tf.sub(layer.b, tf.mul(gb[l]!, lr)));
        });
      }
      tf.dispose(inputs);
      return Array.from(packed);
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
    set(key, value) {
      if (key === 'learningRate') learningRate = outliersConfigSchema.shape.learningRate.parse(value);
      else if (key === 'huberDelta') huberDelta = outliersConfigSchema.shape.huberDelta.parse(value);
      else throw new Error(`outliers: "${key}" cannot change while running`);
    },
    dispose: () => model.dispose(),
  };
}

export const outliersExperiment: Experiment<typeof outliersConfigSchema, OutliersReport> = {
  id: 'outliers',
  schema: outliersConfigSchema,
  liveKeys: ['learningRate', 'huberDelta'],
  create: createOutliersSession,
};
