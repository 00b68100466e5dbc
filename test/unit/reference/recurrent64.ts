/**
 * An independent float64 forward pass of the core's RNN and LSTM (src/core/recurrent.ts), written as plain
 * loops over scalars, used only by tests: central differences of this function check the gradients tfjs
 * computes through time in float32.
 */
export interface Recurrent64 {
  cell: 'rnn' | 'lstm';
  inputDim: number;
  hiddenSize: number;
  outputDim: number;
  Wx: Float64Array; // inputDim × gates·hidden, row-major, gate blocks [input, forget, output, candidate]
  Wh: Float64Array; // hidden × gates·hidden
  b: Float64Array;
  Wy: Float64Array; // hidden × outputDim
  by: Float64Array;
}

/** Perturbations added to h_t or c_t (t 0-based, row-major batch × hidden), to differentiate with respect to a state. */
export interface StateNudge {
  state: 'h' | 'c';
  t: number;
  delta: Float64Array;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Logits, batch × outputDim, of time-major inputs x (T × batch × inputDim). */
export function forwardRecurrent64(
  net: Recurrent64,
  x: Float64Array,
  T: number,
  B: number,
  nudge?: StateNudge,
): Float64Array {
  const { inputDim: I, hiddenSize: H, outputDim: K } = net;
  const G = net.cell === 'lstm' ? 4 : 1;
  const logits = new Float64Array(B * K);
  for (let r = 0; r < B; r++) {
    let h = new Float64Array(H);
    let c = new Float64Array(H);
    for (let t = 0; t < T; t++) {
      const z = new Float64Array(G * H);
      for (let j = 0; j < G * H; j++) {
        let s = net.b[j]!;
        for (let i = 0; i < I; i++) s += x[(t * B + r) * I + i]! * net.Wx[i * G * H + j]!;
        for (let i = 0; i < H; i++) s += h[i]! * net.Wh[i * G * H + j]!;
        z[j] = s;
      }
      const hNext = new Float64Array(H);
      const cNext = new Float64Array(H);
      for (let j = 0; j < H; j++) {
        if (net.cell === 'rnn') {
          hNext[j] = Math.tanh(z[j]!);
        } else {
          const i = sigmoid(z[j]!);
          const f = sigmoid(z[H + j]!);
          const o = sigmoid(z[2 * H + j]!);
          const g = Math.tanh(z[3 * H + j]!);
          cNext[j] = f * c[j]! + i * g;
          if (nudge?.state === 'c' && nudge.t === t) cNext[j] = cNext[j]! + nudge.delta[r * H + j]!;
          hNext[j] = o * Math.tanh(cNext[j]!);
        }
        if (nudge?.state === 'h' && nudge.t === t) hNext[j] = hNext[j]! + nudge.delta[r * H + j]!;
      }
      h = hNext;
      c = cNext;
    }
    for (let k = 0; k < K; k++) {
      let s = net.by[k]!;
      for (let j = 0; j < H; j++) s += h[j]! * net.Wy[j * K + k]!;
      logits[r * K + k] = s;
    }
  }
  return logits;
}

/** Mean over rows of −log softmax(z)[label], by log-sum-exp with the maximum subtracted. */
export function softmaxCrossEntropy64(z: Float64Array, labels: Int32Array, K: number): number {
  let s = 0;
  for (let r = 0; r < labels.length; r++) {
    let m = -Infinity;
    for (let k = 0; k < K; k++) m = Math.max(m, z[r * K + k]!);
    let e = 0;
    for (let k = 0; k < K; k++) e += Math.exp(z[r * K + k]! - m);
    s += m + Math.log(e) - z[r * K + labels[r]!]!;
  }
  return s / labels.length;
}
