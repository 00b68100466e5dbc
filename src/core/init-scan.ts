/**
 * The "weights initialised too large (or too small)" scan: for each initialisation in a list, one forward and one
 * backward pass of a freshly initialised network on the same seeded batch, reporting how the forward signal's
 * spread and the weight gradients' norms change with depth. With Var(W) = σ² and n inputs per layer, each layer
 * multiplies the backpropagated gradient's squared norm by about χ = n·σ²·E[f′(z)²] (Schoenholz et al. 2017,
 * "Deep information propagation"); for ReLU χ = n·σ²/2, which He et al. 2015 set to 1. Above 1 the gradient grows
 * geometrically towards the input, below 1 it shrinks.
 *
 * Every case draws its weights from the same random stream, so with `normal` schemes the cases differ only by the
 * scale σ — the same normal draws, multiplied by different σ.
 */
import * as tf from './tf';
import type { ActivationId, ActivationParams } from './activations';
import type { InitScheme } from './catalog';
import { binaryCrossEntropyWithLogits } from './losses';
import { createNetwork } from './network';
import { float64Norm, readBack } from './norms';
import { createRng } from './random';
import { circleTask, sampleBatch } from './tasks';
import { DATASET_SIZE } from './experiments/network.config';

export interface InitScanCase {
  scheme: InitScheme;
  /** σ of `normal`, half-width of `uniform`; ignored by the named schemes. */
  scale?: number;
}

export interface InitScanOptions {
  activation: ActivationId;
  activationParams?: ActivationParams;
  /** Weight layers, the output layer included. */
  depth: number;
  width: number;
  /** A number σ stands for `{ scheme: 'normal', scale: σ }`. */
  cases: readonly (InitScanCase | number)[];
  batchSize?: number;
  seed?: number;
  batchNorm?: boolean;
  residual?: boolean;
}

export interface InitScanResult {
  scheme: InitScheme;
  scale: number;
  /** Per hidden layer (1 … depth − 1): standard deviation of the layer's output over the batch and the units. */
  forwardStd: number[];
  /** Per hidden layer: standard deviation of the activation's input z. */
  preStd: number[];
  /** ‖∂L/∂W_l‖_F for l = 1 … depth, input side first. */
  gradNorms: number[];
  /** The cross-entropy of the batch at initialisation. */
  loss: number;
  /** False when some number above overflowed (the scan still returns it). */
  finite: boolean;
}

export function initScan(options: InitScanOptions): InitScanResult[] {
  const seed = options.seed ?? 1;
  const batchSize = options.batchSize ?? 64;
  return options.cases.map((c) => {
    const spec: InitScanCase = typeof c === 'number' ? { scheme: 'normal', scale: c } : c;
    // The experiments' stream layout (data, weights, batches), so a scan and a run of the same seed start alike.
    const rng = createRng(seed);
    const data = circleTask(rng.fork(), DATASET_SIZE);
    const weightRng = rng.fork();
    const batch = sampleBatch(data, batchSize, rng.fork());
    const net = createNetwork(
      {
        inputDim: data.inputDim,
        outputDim: data.outputDim,
        depth: options.depth,
        width: options.width,
        activation: options.activation,
        activationParams: options.activationParams ?? {},
        init: { scheme: spec.scheme, scale: spec.scale ?? 1 },
        batchNorm: options.batchNorm ?? false,
        residual: options.residual ?? false,
      },
      weightRng,
    );
    try {
      const numbers = tf.tidyNumbers(() => {
        const x = tf.tensor2d(batch.x, [batch.size, data.inputDim]);
        const y = tf.tensor2d(batch.y, [batch.size, data.outputDim]);
        const stds: tf.Tensor[] = [];
        const { value, grads } = tf.variableGrads(
          () =>
            binaryCrossEntropyWithLogits(
              net.forward(x, {
                training: true,
                probe: (_, t) => {
                  stds.push(tf.keep(tf.sqrt(tf.moments(t.out).variance)), tf.keep(tf.sqrt(tf.moments(t.pre).variance)));
                },
              }),
              y,
            ),
          net.trainable,
        );
        // One read-back; the norms are computed from it in float64 (norms.ts).
        const [head, ...gW] = readBack([tf.stack([value, ...stds]), ...net.weights.map((W) => grads[W.name]!)]);
        tf.dispose(stds);
        return { loss: head![0]!, gradNorms: gW.map((g) => float64Norm(g)), stds: Array.from(head!.subarray(1)) };
      });
      const forwardStd = numbers.stds.filter((_, i) => i % 2 === 0);
      const preStd = numbers.stds.filter((_, i) => i % 2 === 1);
      const all = [numbers.loss, ...numbers.gradNorms, ...numbers.stds];
      return {
        scheme: spec.scheme,
        scale: spec.scale ?? 1,
        forwardStd,
        preStd,
        gradNorms: numbers.gradNorms,
        loss: numbers.loss,
        finite: all.every(Number.isFinite),
      };
    } finally {
      net.dispose();
    }
  });
}
