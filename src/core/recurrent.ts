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
import { dense, denseGrad } from './dense';
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
   * One forward and one backward pass through time from the per-step input projections, written out instead of
   * recorded on tfjs's tape (see `backpropThroughTime`). Call inside tf.tidy.
   */
  backpropThroughTime(
    inputs: readonly tf.Tensor2D[],
    dLogitsOf: (logits: tf.Tensor2D) => tf.Tensor2D,
    observe?: GateObserver,
  ): ThroughTime;
  /** x W_x + b for inputs x of (T·batch) × inputDim: one matrix product for the whole sequence. */
  project(x: tf.Tensor2D): tf.Tensor2D;
  /**
   * ∂L/∂W_x and ∂L/∂b from x and the gradient of its projection, (T·batch) × gates·hidden: the gradient of `project`
   * as dense.ts writes it, so the same numbers as a tape through `forward`.
   */
  projectionGrads(x: tf.Tensor2D, dProjection: tf.Tensor2D): [dWx: tf.Tensor2D, db: tf.Tensor1D];
  dispose(): void;
}

/** What `backpropThroughTime` returns: the logits, and the gradients of everything the loss depends on. */
export interface ThroughTime {
  logits: tf.Tensor2D;
  dWh: tf.Tensor2D;
  dWy: tf.Tensor2D;
  dby: tf.Tensor1D;
  /** ∂L/∂(x_t W_x + b), per step: projectionGrads turns them into ∂L/∂W_x and ∂L/∂b. */
  dInputs: tf.Tensor2D[];
  /** ∂L/∂h_t and (LSTM) ∂L/∂c_t, per step: what the zero probes of `forward` measure. */
  dH: tf.Tensor2D[];
  dC: tf.Tensor2D[];
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

  const project = (x: tf.Tensor2D) => dense(x, Wx as tf.Tensor2D, b as tf.Tensor1D);

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
    const inputs = tf.unstack(tf.reshape(project(tf.reshape(xs, [T * B, I])), [T, B, G * H])) as tf.Tensor2D[];
    const hProbe = probes?.h ? (tf.unstack(probes.h) as tf.Tensor2D[]) : null;
    const cProbe = probes?.c ? (tf.unstack(probes.c) as tf.Tensor2D[]) : null;
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
        if (cProbe) cNext = tf.add(cNext, cProbe[t]!);
        hNext = tf.mul(o, tf.tanh(cNext));
        c = cNext;
        observe?.(t, f);
      }
      h = hProbe ? tf.add<tf.Tensor2D>(hNext, hProbe[t]!) : hNext;
    }
    return dense(h!, Wy as tf.Tensor2D, by as tf.Tensor1D);
  };

  /**
   * Backpropagation through time written out: the forward pass of `forward` (without the probes, whose values are
   * zero), then the reverse sweep with exactly the ops tfjs's tape runs for it — each op's own gradient (Mul: dy times
   * the other factor; Tanh: (1 − y²)·dy; Sigmoid: dy·y·(1 − y); Split: the concatenation, zeros for an unused part;
   * dense.ts's for the products), and ∂L/∂W_h summed over the steps in the tape's order, last step first. So every
   * number is the tape's bit for bit (a test holds it), without its copy of every operand it saves (about 400 per step
   * of a 20-step LSTM) and its casts.
   */
  const backpropThroughTime = (
    inputs: readonly tf.Tensor2D[],
    dLogitsOf: (logits: tf.Tensor2D) => tf.Tensor2D,
    observe?: GateObserver,
  ): ThroughTime => {
    const T = inputs.length;
    const W = Wh as tf.Tensor2D;
    interface Step {
      hPrev: tf.Tensor2D | null;
      /** RNN: h_t. LSTM: the gates' σ, i, f, o, g = tanh(z_g), c_{t−1} and tanh(c_t). */
      h?: tf.Tensor2D;
      s?: tf.Tensor2D;
      i?: tf.Tensor2D;
      f?: tf.Tensor2D;
      o?: tf.Tensor2D;
      g?: tf.Tensor2D;
      cPrev?: tf.Tensor2D | null;
      tc?: tf.Tensor2D;
    }
    const saved: Step[] = [];
    let h: tf.Tensor2D | null = null;
    let c: tf.Tensor2D | null = null;
    for (let t = 0; t < T; t++) {
      const z: tf.Tensor2D = h ? tf.add(inputs[t]!, tf.matMul(h, W)) : inputs[t]!;
      if (cell === 'rnn') {
        const hNext = tf.tanh(z);
        saved.push({ hPrev: h, h: hNext });
        h = hNext;
      } else {
        const [zs, zg] = tf.split(z, [3 * H, H], 1) as [tf.Tensor2D, tf.Tensor2D];
        const s = tf.sigmoid(zs);
        const [i, f, o] = tf.split(s, 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        const g = tf.tanh(zg);
        const ig: tf.Tensor2D = tf.mul(i, g);
        const cNext: tf.Tensor2D = c ? tf.add(tf.mul(f, c), ig) : ig;
        const tc = tf.tanh(cNext);
        saved.push({ hPrev: h, s, i, f, o, g, cPrev: c, tc });
        h = tf.mul<tf.Tensor2D>(o, tc);
        c = cNext;
        observe?.(t, f);
      }
    }
    const logits = tf.add<tf.Tensor2D>(tf.matMul(h!, Wy as tf.Tensor2D), by);
    const dLogits = dLogitsOf(logits);
    const dWy = denseGrad.weight(h!, dLogits);
    const dby = denseGrad.bias(dLogits);
    let dh = denseGrad.input(Wy as tf.Tensor2D, dLogits);
    let dcNext: tf.Tensor2D | null = null;
    let dWh: tf.Tensor2D | null = null;
    const dInputs = new Array<tf.Tensor2D>(T);
    const dH = new Array<tf.Tensor2D>(T);
    const dC: tf.Tensor2D[] = cell === 'lstm' ? new Array<tf.Tensor2D>(T) : [];
    for (let t = T - 1; t >= 0; t--) {
      const st = saved[t]!;
      dH[t] = dh;
      let dz: tf.Tensor2D;
      if (cell === 'rnn') {
        dz = tf.mul<tf.Tensor2D>(tf.sub(1, tf.square(st.h!)), dh);
      } else {
        const dO = tf.mul(dh, st.tc!);
        const dTc = tf.mul(dh, st.o!);
        const fromTanh = tf.mul<tf.Tensor2D>(tf.sub(1, tf.square(st.tc!)), dTc);
        const dc: tf.Tensor2D = dcNext ? tf.add<tf.Tensor2D>(dcNext, fromTanh) : fromTanh;
        dC[t] = dc;
        let dF: tf.Tensor2D;
        if (st.cPrev) {
          dF = tf.mul(dc, st.cPrev);
          dcNext = tf.mul<tf.Tensor2D>(dc, st.f!);
        } else {
          // Step 1 has no f_1 ⊙ c_0 term: the tape gives the unused gate a zero gradient.
          dF = tf.zerosLike(st.f!);
          dcNext = null;
        }
        const dI = tf.mul(dc, st.g!);
        const dG = tf.mul(dc, st.i!);
        const dZg = tf.mul<tf.Tensor2D>(tf.sub(1, tf.square(st.g!)), dG);
        const dS = tf.concat([dI, dF, dO], 1);
        const dZs = tf.mul(dS, tf.mul(st.s!, tf.sub(1, st.s!)));
        dz = tf.concat<tf.Tensor2D>([dZs as tf.Tensor2D, dZg], 1);
      }
      dInputs[t] = dz;
      if (st.hPrev) {
        dh = denseGrad.input(W, dz);
        const gWh = denseGrad.weight(st.hPrev, dz);
        dWh = dWh ? tf.add<tf.Tensor2D>(dWh, gWh) : gWh;
      }
    }
    return { logits, dWh: dWh ?? (tf.zerosLike(W) as tf.Tensor2D), dWy, dby, dInputs, dH, dC };
  };

  // dense.ts's gradient of x W_x + b, for a projection computed off the tape.
  const projectionGrads = (x: tf.Tensor2D, dz: tf.Tensor2D): [tf.Tensor2D, tf.Tensor1D] => [
    denseGrad.weight(x, dz),
    denseGrad.bias(dz),
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
    backpropThroughTime,
    project,
    projectionGrads,
    dispose: () => tf.dispose(trainable),
  };
}

/** Mean cross-entropy of logits z (batch × K) against one-hot targets y: mean over rows of −Σ_k y_k log softmax(z)_k. */
export function softmaxCrossEntropy(z: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(y, tf.logSoftmax(z)), 1)))) as tf.Scalar;
}
