/**
 * Backpropagation through time, as tfjs computes it (float32 autodiff through the unrolled cells), against
 * central finite differences of an independent float64 forward pass (reference/recurrent64.ts). Bound: relative
 * error ‖g − g_fd‖ / ‖g_fd‖ < 1e-3 for every parameter tensor and for the probed state gradients ∂L/∂h_t, ∂L/∂c_t.
 * Measured (seed 23): at most 8.9e-7 over the parameters (RNN bias), at most 2.4e-7 over the state gradients —
 * three orders of magnitude of margin. Scaling the reference's forget-gate pre-activation by 1.001 already fails it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/backend';
import * as tf from '../../src/core/tf';
import { createRecurrentNet, softmaxCrossEntropy, type CellKind, type RecurrentNet } from '../../src/core/recurrent';
import { createRng } from '../../src/core/random';
import { recallBatch, recallInputDim, type SequenceBatch } from '../../src/core/sequence-tasks';
import { forwardRecurrent64, softmaxCrossEntropy64, type Recurrent64, type StateNudge } from './reference/recurrent64';
import { gradientError, relativeError } from './support/finite-differences';

beforeAll(async () => {
  expect(await initBackend()).toBe('wasm');
});

const EPS = 1e-6;
const T = 5;
const B = 4;
const H = 5;
const TASK = { length: T, classes: 3, distractors: 3 };

/** ‖a − b‖ / ‖b‖. */
function setup(cell: CellKind) {
  const rng = createRng(23);
  const net = createRecurrentNet(
    // Normal σ = 0.6 gives pre-activations of order 1, where tanh and σ are curved: a check at the origin,
    // where both are nearly linear, would miss an error in a derivative's nonlinear part.
    {
      cell,
      inputDim: recallInputDim(TASK),
      hiddenSize: H,
      outputDim: TASK.classes,
      init: { scheme: 'normal', scale: 0.6 },
      forgetBias: 1,
    },
    rng.fork(),
  );
  const brng = rng.fork();
  // Random biases on top of the initial ones (the forget bias included), so that no unit starts in a symmetric spot.
  tf.tidy(() => {
    net.b.assign(tf.add(net.b, tf.tensor1d(Array.from({ length: net.b.size }, () => 0.3 * brng.normal()))));
    net.by.assign(tf.tensor1d(Array.from({ length: net.by.size }, () => 0.3 * brng.normal())));
  });
  const batch = recallBatch(TASK, B, rng.fork());
  const net64: Recurrent64 = {
    cell,
    inputDim: recallInputDim(TASK),
    hiddenSize: H,
    outputDim: TASK.classes,
    Wx: Float64Array.from(net.Wx.dataSync()),
    Wh: Float64Array.from(net.Wh.dataSync()),
    b: Float64Array.from(net.b.dataSync()),
    Wy: Float64Array.from(net.Wy.dataSync()),
    by: Float64Array.from(net.by.dataSync()),
  };
  const x64 = Float64Array.from(batch.x);
  const loss64 = (nudge?: StateNudge) =>
    softmaxCrossEntropy64(forwardRecurrent64(net64, x64, T, B, nudge), batch.labels, TASK.classes);
  return { net, net64, batch, loss64 };
}

/** Loss, parameter gradients and probe gradients from one tfjs backward pass. */
function autodiff(net: RecurrentNet, batch: SequenceBatch) {
  return tf.tidy(() => {
    const x = tf.tensor3d(batch.x, [T, B, batch.inputDim]);
    const y = tf.tensor2d(batch.y, [B, batch.classes]);
    const ph = tf.zeros([T, B, H]) as tf.Tensor3D;
    const pc = tf.zeros([T, B, H]) as tf.Tensor3D;
    const probes = net.shape.cell === 'lstm' ? { h: ph, c: pc } : { h: ph };
    const args = [...net.trainable, ...Object.values(probes)];
    const { value, grads } = tf.valueAndGrads(() => softmaxCrossEntropy(net.forward(x, probes), y))(args);
    return {
      loss: value.dataSync()[0]!,
      params: grads.slice(0, 5).map((g) => g.dataSync()),
      h: grads[5]!.dataSync(),
      c: grads[6]?.dataSync(),
    };
  });
}

describe.each<CellKind>(['rnn', 'lstm'])('%s: gradients through time agree with finite differences', (cell) => {
  it('for every parameter tensor (T = 5)', () => {
    const start = tf.memory().numTensors;
    const { net, net64, batch, loss64 } = setup(cell);
    const ad = autodiff(net, batch);
    // The two forward passes compute the same function.
    expect(Math.abs(ad.loss - loss64())).toBeLessThan(1e-5);
    (['Wx', 'Wh', 'b', 'Wy', 'by'] as const).forEach((name, p) => {
      const rel = gradientError(net64[name], ad.params[p]!, loss64, EPS);
      expect(rel, `${cell} ${name}: relative error ${rel.toExponential(2)}`).toBeLessThan(1e-3);
    });
    net.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('for the probed state gradients ∂L/∂h_t (and ∂L/∂c_t) at t = 1, 3, 5', () => {
    const { net, batch, loss64 } = setup(cell);
    const ad = autodiff(net, batch);
    const states = cell === 'lstm' ? (['h', 'c'] as const) : (['h'] as const);
    for (const state of states) {
      for (const t of [0, 2, 4]) {
        const delta = new Float64Array(B * H);
        const fd = new Float64Array(B * H);
        for (let i = 0; i < delta.length; i++) {
          delta[i] = EPS;
          const up = loss64({ state, t, delta });
          delta[i] = -EPS;
          const down = loss64({ state, t, delta });
          delta[i] = 0;
          fd[i] = (up - down) / (2 * EPS);
        }
        const got = (state === 'h' ? ad.h : ad.c!).subarray(t * B * H, (t + 1) * B * H);
        const rel = relativeError(got, fd);
        expect(rel, `${cell} ∂L/∂${state}_${t + 1}: relative error ${rel.toExponential(2)}`).toBeLessThan(1e-3);
      }
    }
    net.dispose();
  });
});

describe.each<CellKind>(['rnn', 'lstm'])('%s: the written-out backward pass through time', (cell) => {
  // backpropThroughTime must give the tape's numbers exactly — the finite differences above check the tape, this
  // checks that the sequence experiment's fast path is that same computation.
  it('equals the tape bit for bit: parameters, ∂L/∂h_t and ∂L/∂c_t', () => {
    const start = tf.memory().numTensors;
    const { net, batch } = setup(cell);
    const ad = autodiff(net, batch);
    const written = tf.tidy(() => {
      const I = batch.inputDim;
      const x = tf.tensor2d(batch.x, [T * B, I]);
      const y = tf.tensor2d(batch.y, [B, batch.classes]);
      const width = net.b.size;
      const inputs = tf.unstack(tf.reshape(net.project(x), [T, B, width])) as tf.Tensor2D[];
      const pass = net.backpropThroughTime(
        inputs,
        (z) => tf.grad((logits) => softmaxCrossEntropy(logits as tf.Tensor2D, y))(z) as tf.Tensor2D,
      );
      const [dWx, db] = net.projectionGrads(x, tf.reshape(tf.stack(pass.dInputs), [T * B, width]));
      return {
        loss: softmaxCrossEntropy(pass.logits, y).dataSync()[0]!,
        params: [dWx, pass.dWh, db, pass.dWy, pass.dby].map((g) => g.dataSync()),
        h: tf.stack(pass.dH).dataSync(),
        c: cell === 'lstm' ? tf.stack(pass.dC).dataSync() : undefined,
      };
    });
    expect(written.loss).toBe(ad.loss);
    written.params.forEach((g, p) => expect(Array.from(g), `parameter ${p}`).toEqual(Array.from(ad.params[p]!)));
    expect(Array.from(written.h)).toEqual(Array.from(ad.h));
    if (cell === 'lstm') expect(Array.from(written.c!)).toEqual(Array.from(ad.c!));
    net.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });
});
