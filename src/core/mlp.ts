/**
 * A fully connected network: `depth` weight layers, the first depth − 1 of `width` units followed by the
 * activation, the last one linear (it produces the logits). Layer l computes z_l = a_{l−1} W_l + b_l and
 * a_l = f(z_l); the backward pass multiplies, layer after layer, by W_lᵀ and diag(f′(z_l)) — the product the
 * course is about.
 */
import * as tf from './tf';
import { getActivation, type Activation, type ActivationId, type ActivationParams } from './activations';
import { dense, denseGrad } from './dense';
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

/**
 * What `backprop` runs through: a stack of dense layers with biases and one activation — an `Mlp`, or a `Network`
 * without batch normalisation or shortcuts. Its trainable variables are W_1, b_1, W_2, b_2, … in this order.
 */
export interface PlainStack {
  activation: Activation;
  layers: readonly { W: tf.Variable; b: tf.Variable }[];
}

/**
 * What one pass of `backprop` returns: the loss, the logits, ∂L/∂θ for W_1, b_1, W_2, b_2, … in this order, and the
 * forward pass itself: `pre[l]` = z_l and `inputs[l]` = a_{l−1} (x for the first layer), so a hidden layer l's
 * activation is `inputs[l + 1]`.
 */
export interface Backprop {
  loss: tf.Scalar;
  logits: tf.Tensor2D;
  grads: tf.Tensor[];
  pre: tf.Tensor2D[];
  inputs: tf.Tensor2D[];
}

/**
 * One forward and one backward pass through `model`, written out instead of recorded on tfjs's autodiff tape:
 *
 *   forward   z_l = a_{l−1} W_l + b_l,  a_l = f(z_l)  (the last layer linear: its z is the logits)
 *   backward  δ_L = ∂L/∂z_L;  ∂L/∂W_l = a_{l−1}ᵀ δ_l,  ∂L/∂b_l = Σ_rows δ_l,  δ_{l−1} = (δ_l W_lᵀ) ⊙ f′(z_{l−1})
 *
 * The same ops as the tape runs (dense.ts's gradient, the activation's own tfjs gradient via Activation.vjp, the
 * loss's written-out gradient), in the same order, so the numbers are the tape's bit for bit — a test holds it. What
 * it saves is the tape's bookkeeping: the copy of every tensor a gradient needs (three per layer), the tape nodes and
 * the search through them, about a third of a step on the wasm backend. `lossOf` gives the loss's value and its
 * gradient in the logits for an upstream gradient dy (a scalar 1 here, as at the top of the tape). Call inside
 * tf.tidy; everything it returns is tidy's to free.
 */
export function backprop(
  model: PlainStack,
  x: tf.Tensor2D,
  lossOf: (logits: tf.Tensor2D) => { value: tf.Scalar; grad(dy: tf.Tensor): tf.Tensor },
): Backprop {
  const { layers, activation } = model;
  const last = layers.length - 1;
  // inputs[l] = a_{l−1} (x for the first layer), pre[l] = z_l: what the backward pass needs, kept by the caller's tidy.
  const inputs: tf.Tensor2D[] = [];
  const pre: tf.Tensor2D[] = [];
  let a = x;
  layers.forEach((layer, l) => {
    inputs.push(a);
    const z = tf.add<tf.Tensor2D>(tf.matMul(a, layer.W as tf.Tensor2D), layer.b);
    pre.push(z);
    a = l === last ? z : (activation.apply(z) as tf.Tensor2D);
  });
  const logits = a;
  const loss = lossOf(logits);
  const grads = new Array<tf.Tensor>(2 * layers.length);
  let delta = loss.grad(tf.scalar(1)) as tf.Tensor2D;
  for (let l = last; l >= 0; l--) {
    const layer = layers[l]!;
    grads[2 * l] = denseGrad.weight(inputs[l]!, delta);
    grads[2 * l + 1] = denseGrad.bias(delta);
    if (l > 0) {
      const upstream = denseGrad.input(layer.W as tf.Tensor2D, delta);
      delta = activation.vjp(pre[l - 1]!, inputs[l]!, upstream) as tf.Tensor2D;
    }
  }
  return { loss: loss.value, logits, grads, pre, inputs };
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
