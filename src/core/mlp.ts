/**
 * A fully connected network: `depth` weight layers, the first depth − 1 of `width` units followed by the
 * activation, the last one linear (it produces the logits). Layer l computes z_l = a_{l−1} W_l + b_l and
 * a_l = f(z_l); the backward pass multiplies, layer after layer, by W_lᵀ and diag(f′(z_l)) — the product the
 * course is about.
 */
import * as tf from './tf';
import { getActivation, type Activation, type ActivationId, type ActivationParams } from './activations';
import { dense } from './dense';
import { sampleWeights, type InitSpec } from './init';
import type { Rng } from './random';

export interface MlpShape {
  inputDim: number;
  outputDim: number;
  /** Number of weight layers, output layer included (depth 1 is logistic regression). */
  depth: number;
  width: number;
  activation: ActivationId;
  activationParams?: ActivationParams;
  init: InitSpec;
}

export interface DenseLayer {
  W: tf.Variable;
  b: tf.Variable;
  fanIn: number;
  fanOut: number;
}

/** What a forward pass can record for each hidden layer (pre-activation z and activation a). */
export type LayerProbe = (layer: number, z: tf.Tensor2D, a: tf.Tensor2D) => void;

export interface Mlp {
  shape: MlpShape;
  activation: Activation;
  layers: DenseLayer[];
  trainable: tf.Variable[];
  forward(x: tf.Tensor2D, probe?: LayerProbe): tf.Tensor2D;
  dispose(): void;
}

let nextModelId = 0;

/** Build an MLP; its weights come from `rng`, biases start at zero. */
export function createMlp(shape: MlpShape, rng: Rng): Mlp {
  const activation = getActivation(shape.activation, shape.activationParams);
  // Variable names must be unique across the tfjs engine: one Worker hosts several models at once.
  const tag = `mlp${nextModelId++}`;
  const layers: DenseLayer[] = [];
  for (let l = 0; l < shape.depth; l++) {
    const fanIn = l === 0 ? shape.inputDim : shape.width;
    const fanOut = l === shape.depth - 1 ? shape.outputDim : shape.width;
    const w = sampleWeights(shape.init, fanIn, fanOut, rng);
    // tf.variable keeps its own reference to the data; tidy frees the temporary it was made from.
    layers.push({
      W: tf.tidy(() => tf.variable(tf.tensor2d(w, [fanIn, fanOut]), true, `${tag}/W${l + 1}`)),
      b: tf.tidy(() => tf.variable(tf.zeros([fanOut]), true, `${tag}/b${l + 1}`)),
      fanIn,
      fanOut,
    });
  }

  const forward = (x: tf.Tensor2D, probe?: LayerProbe): tf.Tensor2D => {
    let a: tf.Tensor2D = x;
    layers.forEach((layer, l) => {
      const z = dense(a, layer.W as tf.Tensor2D, layer.b as tf.Tensor1D);
      if (l === layers.length - 1) {
        a = z;
      } else {
        a = activation.apply(z) as tf.Tensor2D;
        probe?.(l, z, a);
      }
    });
    return a;
  };

  return {
    shape,
    activation,
    layers,
    trainable: layers.flatMap((layer) => [layer.W, layer.b]),
    forward,
    dispose: () => layers.forEach((layer) => tf.dispose([layer.W, layer.b])),
  };
}
