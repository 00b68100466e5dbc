/**
 * The dense layer op (src/core/dense.ts): the same forward values as tf.matMul + tf.add, the same gradients as
 * tfjs's own differentiation of them to float32 rounding, no transposed-operand products in its backward pass
 * (the wasm backend runs those outside XNNPACK), and no tensors left behind.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/backend';
import * as tf from '../../src/core/tf';
import { dense } from '../../src/core/dense';
import { createRng } from '../../src/core/random';
import { relativeError } from './support/finite-differences';

beforeAll(async () => {
  expect(await initBackend()).toBe('wasm');
});

/** Gradients of Σ (f(a, W, b) ⊙ R) for a seeded random R, so that every output element weighs differently. */
function gradients(f: (a: tf.Tensor2D, W: tf.Tensor2D, b?: tf.Tensor1D) => tf.Tensor2D, withBias: boolean) {
  const rng = createRng(21);
  const draw = (shape: number[]) =>
    tf.tensor(
      Float32Array.from({ length: shape.reduce((n, d) => n * d, 1) }, () => rng.normal()),
      shape,
    );
  return tf.tidy(() => {
    const [a, W, b, R] = [draw([7, 5]), draw([5, 3]), draw([3]), draw([7, 3])] as [
      tf.Tensor2D,
      tf.Tensor2D,
      tf.Tensor1D,
      tf.Tensor2D,
    ];
    const loss = (...xs: tf.Tensor[]) =>
      tf.sum(tf.mul(f(xs[0] as tf.Tensor2D, xs[1] as tf.Tensor2D, xs[2] as tf.Tensor1D | undefined), R));
    const { value, grads } = tf.valueAndGrads(loss)(withBias ? [a, W, b] : [a, W]);
    return { value: value.dataSync()[0]!, grads: grads.map((g) => g.dataSync()) };
  });
}

describe('dense', () => {
  let start = 0;
  afterEach(() => expect(tf.memory().numTensors).toBe(start));

  it.each([true, false])(
    'with a bias: %s — same value, and the gradients tfjs derives for matMul + add',
    (withBias) => {
      start = tf.memory().numTensors;
      const ours = gradients((a, W, b) => dense(a, W, b), withBias);
      const theirs = gradients((a, W, b) => (b ? tf.add<tf.Tensor2D>(tf.matMul(a, W), b) : tf.matMul(a, W)), withBias);
      // The forward pass runs the same two ops.
      expect(ours.value).toBe(theirs.value);
      // The backward pass sums the same products in another order: float32 rounding apart.
      expect(ours.grads.length).toBe(withBias ? 3 : 2);
      ours.grads.forEach((g, i) => expect(relativeError(g, theirs.grads[i]!), `input ${i}`).toBeLessThan(1e-6));
    },
  );

  it('multiplies only untransposed operands, forward and backward', () => {
    start = tf.memory().numTensors;
    const kernel = tf.getKernel('BatchMatMul', tf.getBackend())!;
    const run = kernel.kernelFunc;
    const seen: string[] = [];
    kernel.kernelFunc = (args) => {
      const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
      seen.push(`${transposeA ? 'T' : 'N'}${transposeB ? 'T' : 'N'}`);
      return run(args);
    };
    try {
      gradients((a, W, b) => dense(a, W, b), true);
    } finally {
      kernel.kernelFunc = run;
    }
    // a·W forward; δ·Wᵀ and aᵀ·δ backward, each on an explicitly transposed copy.
    expect(seen).toEqual(['NN', 'NN', 'NN']);
  });
});
