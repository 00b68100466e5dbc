/**
 * The optimizers against updates worked out by hand on a two-parameter problem with fixed gradients, and their
 * tensor bookkeeping. Values are float32 in tfjs; the hand numbers are exact decimals, so the comparisons allow 1e-6.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/backend';
import * as tf from '../../src/core/tf';
import { createOptimizer, type OptimizerSpec } from '../../src/core/optimizers';
import { createRng } from '../../src/core/random';

beforeAll(async () => {
  expect(await initBackend()).toBe('wasm');
});

let vars: tf.Variable[] = [];
afterEach(() => {
  tf.dispose(vars);
  vars = [];
});

/** x = [1, −2], updated by `spec` with the gradient sequence `gs`; returns x after each step. */
function run(spec: OptimizerSpec, gs: number[][]): number[][] {
  const x = tf.tidy(() => tf.variable(tf.tensor1d([1, -2]), true));
  vars.push(x);
  const opt = createOptimizer(spec);
  const out: number[][] = [];
  for (const g of gs) {
    tf.tidy(() => opt.apply({ [x.name]: tf.tensor1d(g) }, [x]));
    out.push(Array.from(x.dataSync()));
  }
  opt.dispose();
  return out;
}

function expectClose(actual: number[][], expected: number[][], digits = 6) {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, t) =>
    row.forEach((v, i) => expect(v, `step ${t + 1}, x[${i}]`).toBeCloseTo(expected[t]![i]!, digits)),
  );
}

const GRADS = [
  [2, 0.5],
  [-1, 0.25],
  [0.5, -3],
];

describe('optimizers', () => {
  it('sgd: θ ← θ − η·g', () => {
    // η = 0.1: x₁ = [1 − 0.2, −2 − 0.05], x₂ = [0.8 + 0.1, −2.05 − 0.025], x₃ = [0.9 − 0.05, −2.075 + 0.3].
    expectClose(run({ kind: 'sgd', learningRate: 0.1 }, GRADS), [
      [0.8, -2.05],
      [0.9, -2.075],
      [0.85, -1.775],
    ]);
  });

  it('sgd from values read back computes, bit for bit, what its two kernels compute', () => {
    // Values over many binades, small ones included, and a learning rate that is not a float32.
    const rng = createRng(8);
    const theta = Float32Array.from({ length: 500 }, (_, i) => rng.normal() * 10 ** ((i % 40) - 20));
    const g = Float32Array.from({ length: 500 }, (_, i) => rng.normal() * 10 ** ((i % 33) - 16));
    const [a, b] = [0, 1].map(() => tf.tidy(() => tf.variable(tf.tensor1d(theta), true)));
    vars.push(a!, b!);
    const opt = createOptimizer({ kind: 'sgd', learningRate: 0.37 });
    tf.tidy(() => opt.apply({ [a!.name]: tf.tensor1d(g) }, [a!]));
    tf.tidy(() => opt.apply({ [b!.name]: tf.tensor1d(g) }, [b!], { grads: [g], params: [theta] }));
    expect(Array.from(b!.dataSync())).toEqual(Array.from(a!.dataSync()));
  });

  it('momentum: u ← μu + g, θ ← θ − η·u', () => {
    // η = 0.1, μ = 0.9. First coordinate: u = 2, 0.9·2 − 1 = 0.8, 0.9·0.8 + 0.5 = 1.22;
    // x = 1 − 0.2 = 0.8, 0.8 − 0.08 = 0.72, 0.72 − 0.122 = 0.598.
    // Second: u = 0.5, 0.45 + 0.25 = 0.7, 0.63 − 3 = −2.37; x = −2.05, −2.12, −2.12 + 0.237 = −1.883.
    expectClose(run({ kind: 'momentum', learningRate: 0.1, momentum: 0.9 }, GRADS), [
      [0.8, -2.05],
      [0.72, -2.12],
      [0.598, -1.883],
    ]);
  });

  it('adam: bias-corrected moments (Kingma & Ba 2015, Algorithm 1)', () => {
    // η = 0.1, β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
    // Step 1: m̂ = g, v̂ = g², so the step is η·g/(|g| + ε) ≈ η·sign(g): x₁ = [0.9, −2.1].
    // Step 2, first coordinate: m = 0.9·0.2 + 0.1·(−1) = 0.08, v = 0.999·0.004 + 0.001·1 = 0.004996,
    //   m̂ = 0.08/0.19 = 0.421053, v̂ = 0.004996/0.001999 = 2.499250, step = 0.1·0.421053/1.580902 = 0.026634,
    //   x = 0.873366. Second: m = 0.07, v = 0.00031225, m̂ = 0.368421, √v̂ = 0.395225, x = −2.1 − 0.093218.
    // Step 3 the same way (m = [0.122, −0.237], v = [0.005241004, 0.00931193775]).
    expectClose(run({ kind: 'adam', learningRate: 0.1 }, GRADS), [
      [0.9, -2.1],
      [0.873366, -2.193218],
      [0.839323, -2.143604],
    ]);
  });

  it('adam takes its β₁, β₂ and ε from the spec', () => {
    // β₁ = 0 and β₂ = 0 make m̂ = g and v̂ = g²: each step is η·g/(|g| + ε). ε = 1 turns g = 2 into 0.1·2/3.
    expectClose(run({ kind: 'adam', learningRate: 0.1, beta1: 0, beta2: 0, epsilon: 1 }, [[2, 0.5]]), [
      [1 - 0.2 / 3, -2 - 0.05 / 1.5],
    ]);
  });

  it('changes the learning rate between steps', () => {
    const x = tf.tidy(() => tf.variable(tf.tensor1d([1]), true));
    vars.push(x);
    const opt = createOptimizer({ kind: 'momentum', learningRate: 0.1, momentum: 0.5 });
    tf.tidy(() => opt.apply({ [x.name]: tf.tensor1d([1]) }, [x]));
    opt.setLearningRate(1);
    tf.tidy(() => opt.apply({ [x.name]: tf.tensor1d([1]) }, [x]));
    // x = 1 − 0.1·1 = 0.9, then u = 0.5 + 1 = 1.5 and x = 0.9 − 1·1.5 = −0.6.
    expect(x.dataSync()[0]).toBeCloseTo(-0.6, 6);
    expect(() => opt.setLearningRate(-1)).toThrow(/learning rate/);
    opt.dispose();
  });

  it('minimises a quadratic with gradients from tf.variableGrads', () => {
    // f(θ) = ½‖θ − [3, −1]‖²; each optimizer gets within 1e-2 of the minimum in 300 steps (measured distance:
    // sgd 9.8e-7, momentum 4.8e-7, adam 7.2e-7 — float32 rounding; margin 4 orders of magnitude).
    for (const spec of [
      { kind: 'sgd', learningRate: 0.1 },
      { kind: 'momentum', learningRate: 0.05, momentum: 0.9 },
      { kind: 'adam', learningRate: 0.05 },
    ] satisfies OptimizerSpec[]) {
      const theta = tf.tidy(() => tf.variable(tf.tensor1d([0, 0]), true));
      vars.push(theta);
      const opt = createOptimizer(spec);
      for (let i = 0; i < 300; i++) {
        tf.tidy(() => {
          const { grads } = tf.variableGrads(
            () => tf.mul(0.5, tf.sum(tf.square(tf.sub(theta, tf.tensor1d([3, -1]))))) as tf.Scalar,
            [theta],
          );
          opt.apply(grads, [theta]);
        });
      }
      const [a, b] = theta.dataSync();
      expect(Math.hypot(a! - 3, b! + 1), spec.kind).toBeLessThan(1e-2);
      opt.dispose();
    }
  });

  it('rejects a missing gradient', () => {
    const x = tf.tidy(() => tf.variable(tf.tensor1d([1]), true));
    vars.push(x);
    const opt = createOptimizer({ kind: 'sgd', learningRate: 0.1 });
    expect(() => opt.apply({}, [x])).toThrow(/no gradient/);
  });

  it.each(['sgd', 'momentum', 'adam'] as const)(
    '%s: keeps a fixed number of tensors per step and frees its state',
    (kind) => {
      const spec: OptimizerSpec =
        kind === 'momentum' ? { kind, learningRate: 0.01, momentum: 0.9 } : { kind, learningRate: 0.01 };
      const start = tf.memory().numTensors;
      const a = tf.tidy(() => tf.variable(tf.randomNormal([4, 3], 0, 1, 'float32', 7), true));
      const b = tf.tidy(() => tf.variable(tf.zeros([3]), true));
      vars.push(a, b);
      const opt = createOptimizer(spec);
      const stepOnce = () =>
        tf.tidy(() => {
          const { grads } = tf.variableGrads(() => tf.sum(tf.square(tf.add(a, b))) as tf.Scalar, [a, b]);
          opt.apply(grads, [a, b]);
        });
      // The apply outside any tidy must not leak either.
      const g = { [a.name]: tf.onesLike(a), [b.name]: tf.onesLike(b) };
      opt.apply(g, [a, b]);
      tf.dispose(Object.values(g));
      const afterFirst = tf.memory().numTensors;
      // State per variable: none for sgd, a velocity for momentum, two moments for adam.
      const perVar = { sgd: 0, momentum: 1, adam: 2 }[kind];
      expect(afterFirst).toBe(start + 2 + 2 * perVar);
      for (let i = 0; i < 50; i++) stepOnce();
      expect(tf.memory().numTensors).toBe(afterFirst);
      opt.dispose();
      expect(tf.memory().numTensors).toBe(start + 2);
    },
  );
});
