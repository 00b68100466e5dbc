/**
 * Recurrent networks unrolled through time with ordinary tf ops, so that tfjs's reverse sweep is
 * backpropagation through time: the same weights are applied at every step, and the gradient that reaches
 * step t has passed through every later step's Jacobian.
 *
 * Vanilla RNN (Elman 1990): h_t = tanh(x_t W_x + h_{t−1} W_h + b). Its Jacobian ∂h_t/∂h_{t−1} is
 * diag(1 − h_t²) W_hᵀ, so the gradient reaching step t from the end is multiplied by T − t such factors and
 * shrinks or grows geometrically (Hochreiter 1991; Bengio, Simard & Frasconi 1994).
 *
 * LSTM (Hochreiter & Schmidhuber 1997, with the forget gate of Gers, Schmidhuber & Cummins 2000):
 *   i, f, o = σ(x_t W_x + h_{t−1} W_h + b)   (input, forget, output gates),  g = tanh(…) (candidate),
 *   c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t,          h_t = o_t ⊙ tanh(c_t).
 * The cell update is additive, so along the cell path ∂c_t/∂c_{t−1} = diag(f_t): the gradient is scaled by the
 * forget gates alone, and where they stay near 1 it survives many steps (the "constant error carousel").
 * Jozefowicz, Zaremba & Sutskever 2015 recommend initialising the forget-gate bias to 1 so that f starts near
 * σ(1) ≈ 0.73 rather than σ(0) = 0.5; here it is a parameter.
 */
import * as tf from './tf';
import { dense } from './dense';
import { sampleWeights, type InitSpec } from './init';
import type { Rng } from './random';

export type CellKind = 'rnn' | 'lstm';

/**
 * The LSTM's four pre-activation blocks, in this order along the last axis of W_x, W_h and b: the three σ gates
 * side by side, so that one σ op (and one σ′ in the backward pass) serves all three.
 */
export const LSTM_GATES = ['input', 'forget', 'output', 'candidate'] as const;

export interface RecurrentShape {
  cell: CellKind;
  inputDim: number;
  hiddenSize: number;
  /** Classes of the readout, which sees only the last hidden state h_T. */
  outputDim: number;
  init: InitSpec;
  /** Initial value of the forget gate's bias (LSTM only). */
  forgetBias: number;
}

/**
 * Zero tensors added to the states, T × batch × hidden each. They change nothing in the forward pass; their
 * gradients are ∂L/∂h_t and ∂L/∂c_t (see `forward`).
 */
export interface StateProbes {
  h?: tf.Tensor3D;
  /** LSTM only. */
  c?: tf.Tensor3D;
}

/** Called with each step's forget gate f_t (batch × hidden), LSTM only. */
export type GateObserver = (t: number, forget: tf.Tensor2D) => void;

export interface RecurrentNet {
  shape: RecurrentShape;
  /** Input weights, inputDim × gates·hidden. */
  Wx: tf.Variable;
  /** Recurrent weights, hidden × gates·hidden. */
  Wh: tf.Variable;
  /** Gate biases, gates·hidden. */
  b: tf.Variable;
  /** Readout, hidden × outputDim, and its bias. */
  Wy: tf.Variable;
  by: tf.Variable;
  trainable: tf.Variable[];
  /** Logits (batch × outputDim) from time-major inputs xs (T × batch × inputDim). */
  forward(xs: tf.Tensor3D, probes?: StateProbes, observe?: GateObserver): tf.Tensor2D;
  /**
   * The same, from every step's input projection x_t W_x + b (batch × gates·hidden each, as `project` computes them)
   * and per-step probes: what a training step calls when it takes the projections' gradients itself (see
   * `projectionGrads`).
   */
  forwardSteps(inputs: readonly tf.Tensor2D[], probes?: StepProbes, observe?: GateObserver): tf.Tensor2D;
  /** x W_x + b for inputs x of (T·batch) × inputDim: one matrix product for the whole sequence. */
  project(x: tf.Tensor2D): tf.Tensor2D;
  /**
   * ∂L/∂W_x and ∂L/∂b from x and the gradient of its projection, (T·batch) × gates·hidden: the gradient of `project`
   * as dense.ts writes it, so the same numbers as a tape through `forward`.
   */
  projectionGrads(x: tf.Tensor2D, dProjection: tf.Tensor2D): [dWx: tf.Tensor2D, db: tf.Tensor1D];
  dispose(): void;
}

/** Per-step zero tensors added to the states (batch × hidden each): their gradients are ∂L/∂h_t and ∂L/∂c_t. */
export interface StepProbes {
  h?: readonly tf.Tensor2D[];
  /** LSTM only. */
  c?: readonly tf.Tensor2D[];
}

export const gateCount = (cell: CellKind): number => (cell === 'lstm' ? 4 : 1);

/**
 * A fanIn × gates·hidden matrix whose every gate block is drawn as its own fanIn × hidden layer, so that an
 * LSTM gate starts with the same statistics as the RNN's single block and the two cells can be compared.
 */
function sampleGateBlocks(init: InitSpec, fanIn: number, hidden: number, gates: number, rng: Rng): Float32Array {
  const cols = gates * hidden;
  const out = new Float32Array(fanIn * cols);
  for (let g = 0; g < gates; g++) {
    const block = sampleWeights(init, fanIn, hidden, rng);
    for (let i = 0; i < fanIn; i++) out.set(block.subarray(i * hidden, (i + 1) * hidden), i * cols + g * hidden);
  }
  return out;
}

let nextNetId = 0;

/**
 * Build a recurrent net. `rng` is forked once per weight matrix, so the readout W_y of an RNN and of an LSTM
 * built from the same generator are identical, and changing the cell does not change the readout.
 */
export function createRecurrentNet(shape: RecurrentShape, rng: Rng): RecurrentNet {
  const { cell, inputDim: I, hiddenSize: H, outputDim: K, init } = shape;
  const G = gateCount(cell);
  const xRng = rng.fork();
  const hRng = rng.fork();
  const yRng = rng.fork();
  // Variable names must be unique across the tfjs engine: one Worker hosts several models at once.
  const tag = `${cell}${nextNetId++}`;
  const bias = new Float32Array(G * H);
  if (cell === 'lstm') bias.fill(shape.forgetBias, H, 2 * H);
  const variable = (values: Float32Array, dims: number[], name: string) =>
    tf.tidy(() => tf.variable(tf.tensor(values, dims), true, `${tag}/${name}`));
  const Wx = variable(sampleGateBlocks(init, I, H, G, xRng), [I, G * H], 'Wx');
  const Wh = variable(sampleGateBlocks(init, H, H, G, hRng), [H, G * H], 'Wh');
  const b = variable(bias, [G * H], 'b');
  const Wy = variable(sampleWeights(init, H, K, yRng), [H, K], 'Wy');
  const by = variable(new Float32Array(K), [K], 'by');

  /**
   * ∂L/∂h_t by probing: the forward pass uses h̃_t = h_t + p_t with p_t = 0 wherever h_t is used later (the next
   * step, or the readout at t = T). The values are unchanged, and since h_t reaches the loss only through h̃_t,
   * ∂L/∂p_t = ∂L/∂h_t, the total derivative over every path from step t to the loss — computed by the same
   * reverse sweep that gives the weight gradients, at the cost of one addition per step. Likewise c̃_t = c_t + q_t
   * (taken before h_t = o_t ⊙ tanh(c̃_t), so that path is included) gives ∂L/∂c_t.
   */
  const project = (x: tf.Tensor2D) => dense(x, Wx as tf.Tensor2D, b as tf.Tensor1D);

  const forwardSteps = (inputs: readonly tf.Tensor2D[], probes?: StepProbes, observe?: GateObserver): tf.Tensor2D => {
    const T = inputs.length;
    // h_0 = c_0 = 0, so step 1 has no recurrent term (and no f_1 ⊙ c_0 term: its gradient would be 0 anyway).
    let h: tf.Tensor2D | null = null;
    let c: tf.Tensor2D | null = null;
    for (let t = 0; t < T; t++) {
      const z: tf.Tensor2D = h ? tf.add(inputs[t]!, dense(h, Wh as tf.Tensor2D)) : inputs[t]!;
      let hNext: tf.Tensor2D;
      if (cell === 'rnn') {
        hNext = tf.tanh(z);
      } else {
        // Per-op overhead, not arithmetic, dominates at these sizes: fewer, wider ops make the step faster.
        const [zs, zg] = tf.split(z, [3 * H, H], 1) as [tf.Tensor2D, tf.Tensor2D];
        const [i, f, o] = tf.split(tf.sigmoid(zs), 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        const ig: tf.Tensor2D = tf.mul(i, tf.tanh(zg));
        let cNext: tf.Tensor2D = c ? tf.add(tf.mul(f, c), ig) : ig;
        if (probes?.c) cNext = tf.add(cNext, probes.c[t]!);
        hNext = tf.mul(o, tf.tanh(cNext));
        c = cNext;
        observe?.(t, f);
      }
      h = probes?.h ? tf.add<tf.Tensor2D>(hNext, probes.h[t]!) : hNext;
    }
    return dense(h!, Wy as tf.Tensor2D, by as tf.Tensor1D);
  };

  /**
   * ∂L/∂h_t by probing: the forward pass uses h̃_t = h_t + p_t with p_t = 0 wherever h_t is used later (the next
   * step, or the readout at t = T). The values are unchanged, and since h_t reaches the loss only through h̃_t,
   * ∂L/∂p_t = ∂L/∂h_t, the total derivative over every path from step t to the loss — computed by the same
   * reverse sweep that gives the weight gradients, at the cost of one addition per step. Likewise c̃_t = c_t + q_t
   * (taken before h_t = o_t ⊙ tanh(c̃_t), so that path is included) gives ∂L/∂c_t.
   */
  const forward = (xs: tf.Tensor3D, probes?: StateProbes, observe?: GateObserver): tf.Tensor2D => {
    const [T, B] = xs.shape;
    // Every step's input projection x_t W_x + b in one matrix product instead of T small ones.
    const proj = tf.reshape(project(tf.reshape(xs, [T * B, I])), [T, B, G * H]);
    const steps = (p?: tf.Tensor3D) => (p ? (tf.unstack(p) as tf.Tensor2D[]) : undefined);
    return forwardSteps(
      tf.unstack(proj) as tf.Tensor2D[],
      { ...(probes?.h ? { h: steps(probes.h)! } : {}), ...(probes?.c ? { c: steps(probes.c)! } : {}) },
      observe,
    );
  };

  // dense.ts's gradient of a W + b, written out for the projection (the tape never saw it: see forwardSteps).
  const projectionGrads = (x: tf.Tensor2D, dz: tf.Tensor2D): [tf.Tensor2D, tf.Tensor1D] => [
    tf.matMul(tf.transpose(x), dz),
    tf.sum(dz, 0),
  ];

  const trainable = [Wx, Wh, b, Wy, by];
  return {
    shape,
    Wx,
    Wh,
    b,
    Wy,
    by,
    trainable,
    forward,
    forwardSteps,
    project,
    projectionGrads,
    dispose: () => tf.dispose(trainable),
  };
}

/** Mean cross-entropy of logits z (batch × K) against one-hot targets y: mean over rows of −Σ_k y_k log softmax(z)_k. */
export function softmaxCrossEntropy(z: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(y, tf.logSoftmax(z)), 1)))) as tf.Scalar;
}
