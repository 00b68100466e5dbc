/**
 * A fully connected network with the remedies the course compares, switched on per network:
 *
 * - every hidden layer is dense → optional batch normalisation → activation;
 * - batch normalisation (Ioffe & Szegedy 2015, Algorithm 1 and 2): in training mode each unit's pre-activation is
 *   normalised with the minibatch mean μ_B and (biased) variance σ²_B, ẑ = (z − μ_B)/√(σ²_B + ε), then scaled and
 *   shifted by learnable γ and β; the gradient flows through μ_B and σ²_B too. Inference uses running averages of
 *   μ_B and of the unbiased m/(m − 1)·σ²_B kept with a momentum. The dense bias is dropped, as in the paper: the
 *   mean subtraction cancels it;
 * - residual blocks with identity shortcuts, x_{l+1} = x_l + F(x_l) (He et al. 2016, "Deep residual learning";
 *   the identity form without an activation after the sum, as in He et al. 2016, "Identity mappings in deep
 *   residual networks"). The branch F is made of the plain network's own layers, grouped `blockLayers` at a
 *   time, so that a plain and a residual network of the same shape and seed have the same weights and differ only
 *   by the shortcuts. Backpropagation through a block multiplies by I + ∂F/∂x instead of ∂F/∂x: the identity
 *   term carries the gradient past the branch.
 *
 * The first weight layer (input → width) cannot have a shortcut (the sizes differ) and the last one is the linear
 * output layer, so the shortcuts group the hidden layers 2 … depth − 1.
 *
 * With batch normalisation and residual blocks both off this is the same function, with the same weights drawn in
 * the same order from the same generator and the same tfjs ops, as `createMlp` (src/core/mlp.ts).
 */
import * as tf from './tf';
import { getActivation, type Activation, type ActivationId, type ActivationParams } from './activations';
import { dense } from './dense';
import { sampleWeights, type InitSpec } from './init';
import type { Rng } from './random';

export interface BatchNormOptions {
  /** Running averages decay: r ← momentum·r + (1 − momentum)·batch value. */
  momentum?: number;
  /** Added to the variance before the square root. */
  epsilon?: number;
}

export const BATCH_NORM_DEFAULTS = { momentum: 0.9, epsilon: 1e-5 } as const;

export interface NetworkShape {
  inputDim: number;
  outputDim: number;
  /** Number of weight layers, output layer included. */
  depth: number;
  width: number;
  activation: ActivationId;
  activationParams?: ActivationParams;
  init: InitSpec;
  /** Batch normalisation on every hidden layer; `true` for the defaults. */
  batchNorm?: boolean | BatchNormOptions;
  /** Identity shortcuts around blocks of hidden layers. */
  residual?: boolean;
  /** Hidden layers per residual block (He et al. 2016 use 2); a last block may be shorter. */
  blockLayers?: number;
}

export interface BatchNormParams {
  gamma: tf.Variable;
  beta: tf.Variable;
  runningMean: tf.Variable;
  runningVar: tf.Variable;
}

export interface NetworkLayer {
  W: tf.Variable;
  /** Absent on batch-normalised layers. */
  b: tf.Variable | null;
  bn: BatchNormParams | null;
  fanIn: number;
  fanOut: number;
  /** For a hidden layer inside a residual block: its place in the block, and the block's size. */
  block: { position: number; size: number } | null;
}

/** What a forward pass shows of hidden layer `layer` (0-based weight-layer index). */
export interface LayerTrace {
  /** The activation's input: z = aW + b, or γẑ + β with batch normalisation. */
  pre: tf.Tensor2D;
  /** The activation's output f(pre). */
  act: tf.Tensor2D;
  /** What the layer passes on: `act`, or x + act at the end of a residual block. */
  out: tf.Tensor2D;
  /** The minibatch statistics of z (training mode with batch normalisation only). */
  batchMean?: tf.Tensor1D;
  batchVar?: tf.Tensor1D;
}

export type NetworkProbe = (layer: number, trace: LayerTrace) => void;

export interface ForwardOptions {
  /** Batch statistics (true) or running statistics (false) in the batch-normalised layers. Default true. */
  training?: boolean;
  probe?: NetworkProbe;
}

export interface Network {
  shape: NetworkShape;
  activation: Activation;
  layers: NetworkLayer[];
  /** Every variable the optimizer updates (W, b, γ, β), input side first. */
  trainable: tf.Variable[];
  /** The weight matrices W_1 … W_depth (what L1/L2 penalise, and whose gradient norms the course plots). */
  weights: tf.Variable[];
  forward(x: tf.Tensor2D, options?: ForwardOptions): tf.Tensor2D;
  /** Move layer `layer`'s running statistics towards a minibatch's (μ_B, σ²_B) of `batchSize` examples. */
  updateRunningStats(layer: number, batchMean: tf.Tensor1D, batchVar: tf.Tensor1D, batchSize: number): void;
  dispose(): void;
}

let nextModelId = 0;

/** The residual block layout: hidden layers 1 … depth − 2 (0-based) in blocks of `size`, the last block shorter. */
function blockOf(l: number, depth: number, size: number): { position: number; size: number } | null {
  const first = 1;
  const last = depth - 2;
  if (l < first || l > last) return null;
  const position = (l - first) % size;
  const start = l - position;
  return { position, size: Math.min(size, last - start + 1) };
}

/** Build the network; weights come from `rng` (input side first, as in createMlp), biases and β start at 0, γ at 1. */
export function createNetwork(shape: NetworkShape, rng: Rng): Network {
  const activation = getActivation(shape.activation, shape.activationParams);
  const bnOptions = shape.batchNorm
    ? { ...BATCH_NORM_DEFAULTS, ...(shape.batchNorm === true ? {} : shape.batchNorm) }
    : null;
  const blockLayers = shape.blockLayers ?? 2;
  if (!Number.isInteger(blockLayers) || blockLayers < 1)
    throw new Error(`network: blockLayers must be an integer ≥ 1, got ${blockLayers}`);
  // Variable names must be unique across the tfjs engine: one Worker hosts several models at once.
  const tag = `net${nextModelId++}`;
  const layers: NetworkLayer[] = [];
  for (let l = 0; l < shape.depth; l++) {
    const fanIn = l === 0 ? shape.inputDim : shape.width;
    const isOutput = l === shape.depth - 1;
    const fanOut = isOutput ? shape.outputDim : shape.width;
    const w = sampleWeights(shape.init, fanIn, fanOut, rng);
    const normalised = bnOptions !== null && !isOutput;
    const variable = (init: () => tf.Tensor, name: string, trainable = true) =>
      tf.tidy(() => tf.variable(init(), trainable, `${tag}/${name}${l + 1}`));
    layers.push({
      W: variable(() => tf.tensor2d(w, [fanIn, fanOut]), 'W'),
      b: normalised ? null : variable(() => tf.zeros([fanOut]), 'b'),
      bn: normalised
        ? {
            gamma: variable(() => tf.ones([fanOut]), 'gamma'),
            beta: variable(() => tf.zeros([fanOut]), 'beta'),
            runningMean: variable(() => tf.zeros([fanOut]), 'mean', false),
            runningVar: variable(() => tf.ones([fanOut]), 'var', false),
          }
        : null,
      fanIn,
      fanOut,
      block: shape.residual ? blockOf(l, shape.depth, blockLayers) : null,
    });
  }

  const forward = (x: tf.Tensor2D, options: ForwardOptions = {}): tf.Tensor2D => {
    const training = options.training ?? true;
    let a: tf.Tensor2D = x;
    let blockInput: tf.Tensor2D = x;
    layers.forEach((layer, l) => {
      const z = dense(a, layer.W as tf.Tensor2D, layer.b as tf.Tensor1D | null);
      if (l === layers.length - 1) {
        a = z;
        return;
      }
      let pre = z;
      let batchMean: tf.Tensor1D | undefined;
      let batchVar: tf.Tensor1D | undefined;
      if (layer.bn) {
        let centred: tf.Tensor2D;
        let variance: tf.Tensor;
        if (training) {
          batchMean = tf.mean(z, 0) as tf.Tensor1D;
          centred = tf.sub(z, batchMean);
          batchVar = tf.mean(tf.square(centred), 0) as tf.Tensor1D;
          variance = batchVar;
        } else {
          centred = tf.sub(z, layer.bn.runningMean);
          variance = layer.bn.runningVar;
        }
        const zHat = tf.mul(centred, tf.rsqrt(tf.add(variance, bnOptions!.epsilon)));
        pre = tf.add(tf.mul(zHat, layer.bn.gamma), layer.bn.beta) as tf.Tensor2D;
      }
      const act = activation.apply(pre) as tf.Tensor2D;
      let out = act;
      if (layer.block) {
        if (layer.block.position === 0) blockInput = a;
        if (layer.block.position === layer.block.size - 1) out = tf.add(blockInput, act) as tf.Tensor2D;
      }
      const trace: LayerTrace = { pre, act, out };
      if (batchMean && batchVar) {
        trace.batchMean = batchMean;
        trace.batchVar = batchVar;
      }
      options.probe?.(l, trace);
      a = out;
    });
    return a;
  };

  const updateRunningStats = (l: number, batchMean: tf.Tensor1D, batchVar: tf.Tensor1D, batchSize: number) => {
    const bn = layers[l]?.bn;
    if (!bn || !bnOptions) throw new Error(`network: layer ${l + 1} has no batch normalisation`);
    const m = bnOptions.momentum;
    // Ioffe & Szegedy 2015, Algorithm 2: the inference variance is the unbiased m/(m − 1)·σ²_B.
    const unbias = batchSize > 1 ? batchSize / (batchSize - 1) : 1;
    tf.tidy(() => {
      bn.runningMean.assign(tf.add(tf.mul(bn.runningMean, m), tf.mul(batchMean, 1 - m)));
      bn.runningVar.assign(tf.add(tf.mul(bn.runningVar, m), tf.mul(batchVar, (1 - m) * unbias)));
    });
  };

  const trainable = layers.flatMap((layer) => [
    layer.W,
    ...(layer.b ? [layer.b] : []),
    ...(layer.bn ? [layer.bn.gamma, layer.bn.beta] : []),
  ]);

  return {
    shape,
    activation,
    layers,
    trainable,
    weights: layers.map((layer) => layer.W),
    forward,
    updateRunningStats,
    dispose: () =>
      layers.forEach((layer) =>
        tf.dispose([
          layer.W,
          ...(layer.b ? [layer.b] : []),
          ...(layer.bn ? [layer.bn.gamma, layer.bn.beta, layer.bn.runningMean, layer.bn.runningVar] : []),
        ]),
      ),
  };
}
