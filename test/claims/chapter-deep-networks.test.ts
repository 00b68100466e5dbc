/**
 * The claims of content/causes/deep-networks.mdx (and its Chinese edition) that are made in words, held on the
 * code that produces the chapter's figures. Numbers printed in the chapter come from <TraceValue>, which checks
 * its own claim at build time; these tests cover what the prose says around them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/backend';
import { mlpExperiment } from '../../src/core/experiments/mlp';
import { readMlp } from '../../src/core/experiments/mlp-readings';
import { binaryCrossEntropyWithLogits } from '../../src/core/losses';
import { createMlp } from '../../src/core/mlp';
import { circleTask, sampleBatch } from '../../src/core/tasks';
import * as tf from '../../src/core/tf';
import { createRng } from '../../src/core/random';
import { buildRun } from '../../src/ssr/runs';
import { binaryEntropy, circleBaseRate, readTask } from '../../src/authoring/schemas/task-value';

beforeAll(async () => {
  await initBackend();
});

const run = (over: Record<string, unknown>, steps: number) => buildRun(mlpExperiment, over, steps);

const ratioAtStep1 = async (over: Record<string, unknown>) => readMlp((await run(over, 1)).reports, 'ratio', 1);

describe('deep-networks chapter', () => {
  it('"(1/4)^19, below 10^-11"', () => {
    expect(0.25 ** 19).toBeLessThan(1e-11);
  });

  // Measured ratios at step 1 (seed 1): depth 10: 1.7e-7, depth 30: 5.4e-20, so each added layer multiplies by
  // (5.4e-20 / 1.7e-7)^(1/20) = 0.24 — "roughly another fifth to a quarter" (asserted: between 1/6 and 0.3).
  it('"each layer you add multiplies the first layer\'s gradient by roughly another fifth to a quarter"', async () => {
    const perAdded = ((await ratioAtStep1({ depth: 30 })) / (await ratioAtStep1({ depth: 10 }))) ** (1 / 20);
    expect(perAdded).toBeGreaterThan(1 / 6);
    expect(perAdded).toBeLessThan(0.3);
  });

  // Measured: tanh with Xavier, depth 20: ratio 0.43 at step 1.
  it('"with tanh and Xavier initialisation the profile becomes nearly flat"', async () => {
    const r = await ratioAtStep1({ activation: 'tanh' });
    expect(r).toBeGreaterThan(0.1);
    expect(r).toBeLessThan(10);
  });

  // Measured (seed 1, step 1): every layer's gradient is between 8.1e9 and 1.8e10 — "every layer's gradient is
  // around" the first layer's, 1.1e10 (bound: each within a factor 10 of it).
  it('"at the first step every layer\'s gradient is around" the first layer\'s, for ReLU with σ = 1', async () => {
    const g = (await run({ activation: 'relu', init: 'normal', initScale: 1 }, 1)).reports[0]!.gradNorms;
    for (const v of g) {
      expect(v / g[0]!).toBeGreaterThan(0.1);
      expect(v / g[0]!).toBeLessThan(10);
    }
  });

  // Measured: ReLU with N(0, 1) weights diverges at step 2 (seed 1).
  it('"within a few steps the loss overflows" for ReLU with σ = 1', async () => {
    const { divergence } = await run({ activation: 'relu', init: 'normal', initScale: 1 }, 50);
    expect(divergence).not.toBeNull();
    expect(divergence!.step).toBeLessThanOrEqual(5);
  });

  it('the exercise on a chain of one unit per layer', () => {
    expect(0.9 ** 49).toBeCloseTo(0.0057, 4);
    expect(1.1 ** 49).toBeCloseTo(107, 0);
    expect(Math.log10(1.1 ** 49 / 0.9 ** 49)).toBeGreaterThan(4);
  });

  // Measured at step 1: first-layer gradient 8.7e-8 (σ = 0.125) and 2.5e4 (σ = 0.5); per-layer factors of the
  // ∂L/∂W profile 0.998 and 1.008, i.e. flat.
  it('the exercise on a flat profile at the wrong height: ReLU weight gradients stay balanced across layers', async () => {
    for (const initScale of [0.125, 0.5]) {
      const perLayer = readMlp(
        (await run({ activation: 'relu', init: 'normal', initScale }, 1)).reports,
        'per-layer',
        1,
      );
      expect(perLayer).toBeGreaterThan(0.9);
      expect(perLayer).toBeLessThan(1.1);
    }
  });

  // Measured: σ = 0.5 overflows at step 2; σ = 0.125 never diverges, and over its last 50 steps its loss (0.678) and
  // accuracy (0.587) are those of a network that ignores its input: 57.6% of the 512 points lie outside the circle,
  // whose label entropy is 0.682. Bounds as in the activations chapter: accuracy below that share + 0.02, loss
  // within 0.03 of the entropy.
  it('the same exercise: "too small to learn at σ = 0.125, large enough to blow up training at σ = 0.5"', async () => {
    const big = await run({ activation: 'relu', init: 'normal', initScale: 0.5 }, 200);
    expect(big.divergence).not.toBeNull();
    const small = await run({ activation: 'relu', init: 'normal', initScale: 0.125 }, 200);
    expect(small.divergence).toBeNull();
    const data = circleTask(createRng(1).fork(), 512);
    let inside = 0;
    for (let i = 0; i < data.n; i++) inside += data.y[i]!;
    const p = inside / data.n;
    const entropy = -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
    expect(readMlp(small.reports, 'accuracy', 200, 50)).toBeLessThan(1 - p + 0.02);
    expect(Math.abs(readMlp(small.reports, 'loss', 200, 50) - entropy)).toBeLessThan(0.03);
  });

  // The plateau, one baseline for the whole course: H(p) of the data's base rate p (<TaskValue>), the share of the
  // seed's 512 points inside the circle. Measured: p = 0.424 (217 of 512; π/8 ≈ 0.393 in expectation), H(p) = 0.681;
  // the sigmoid network's loss over its last 50 steps 0.679 — "close to" it (bound: within 0.01), so the top layers
  // have learned the base rate. <TaskValue> draws the points as every circle-task experiment does, first from the seed.
  it('"close to H(p), the cross-entropy of … answering the share p" for the sigmoid network', async () => {
    const p = circleBaseRate(1);
    const data = circleTask(createRng(1).fork(), 512);
    expect(p).toBe(data.y.reduce((a, v) => a + v, 0) / data.n);
    expect(readTask('base-loss', 1)).toBe(binaryEntropy(p));
    const { reports } = await run({}, 200);
    expect(Math.abs(readMlp(reports, 'loss', 200, 50) - binaryEntropy(p))).toBeLessThan(0.01);
  });

  // "The early layers … stay close to their random initial values": after 200 steps of learning rate 0.1, the first
  // layer's weights have moved by at most 0.1 · Σ_t ‖∂L/∂W_1‖ = 3.4e-13 (measured), against ‖W_1‖ ≈ 1.9 for Xavier
  // weights of a 2 × 32 layer (bound: below 1e-9).
  it('"the early layers stay close to their random initial values" in the sigmoid network', async () => {
    const { reports } = await run({}, 200);
    const moved = 0.1 * reports.reduce((s, r) => s + r.gradNorms[0]!, 0);
    expect(moved).toBeLessThan(1e-9);
  });
});

describe('course home: the sigmoid network against ReLU with He initialisation (depth 20)', () => {
  // Measured at step 1: the sigmoid profile spans 13.5 orders of magnitude; the He-ReLU profile's
  // largest and smallest layers differ by a factor 5.1. Bounds: more than 10 orders; less than a factor 10.
  it('"in A the points fall away by many orders of magnitude; in B they stay within a small factor of one another"', async () => {
    expect(await ratioAtStep1({})).toBeLessThan(1e-10);
    const g = (await run({ activation: 'relu', init: 'he-normal' }, 1)).reports[0]!.gradNorms;
    expect(Math.max(...g) / Math.min(...g)).toBeLessThan(10);
  });
});

describe('deep-networks chapter: the warm-up and the coding exercises', () => {
  it('the warm-up: "0.5^9 = 1/512 ≈ 0.002; 2^9 = 512"', () => {
    expect(0.5 ** 9).toBe(1 / 512);
    expect(Math.round(0.5 ** 9 * 1000) / 1000).toBe(0.002);
    expect(2 ** 9).toBe(512);
  });

  // Measured at step 1 (seed 1): the first layer's gradient is about 1e-13 of the last's, (ratio)^(1/19) = 0.21 per
  // layer. Bound: the geometric mean of the 19 factors between 1/6 and 0.3, as for "another fifth to a quarter".
  it('the probe: "each layer\'s roughly a fifth to a quarter of the one above it" at the first step', async () => {
    const perLayer = (await ratioAtStep1({ depth: 20, activation: 'sigmoid' })) ** (1 / 19);
    expect(perLayer).toBeGreaterThan(1 / 6);
    expect(perLayer).toBeLessThan(0.3);
  });

  // The finite-difference exercise, on the lab's network as initialised (seed 1) and one minibatch of 64, in tfjs's
  // float32: the central difference with h = 1e-3 against autodiff, for the largest weight gradient of the last and
  // of the first layer.
  it('the finite-difference check: the last layer agrees; the first cannot be resolved in float32, nor in float64', () => {
    const rng = createRng(1);
    const data = circleTask(rng.fork(), 512);
    const model = createMlp(
      { inputDim: 2, outputDim: 1, depth: 20, width: 32, activation: 'sigmoid', init: { scheme: 'xavier-normal' } },
      rng,
    );
    const batch = sampleBatch(data, 64, rng);
    const x = tf.tensor2d(batch.x, [64, 2]);
    const y = tf.tensor2d(batch.y, [64, 1]);
    const lossOf = () => tf.tidy(() => binaryCrossEntropyWithLogits(model.forward(x), y).dataSync()[0]!);
    const { grads } = tf.variableGrads(() => binaryCrossEntropyWithLogits(model.forward(x), y), model.trainable);
    const h = 1e-3;
    const check = (W: tf.Variable) => {
      const g = grads[W.name]!.dataSync();
      let index = 0;
      for (let i = 1; i < g.length; i++) if (Math.abs(g[i]!) > Math.abs(g[index]!)) index = i;
      const w = W.dataSync().slice();
      const at = (v: number) => {
        const moved = w.slice();
        moved[index] = v;
        W.assign(tf.tensor(moved, W.shape));
        return lossOf();
      };
      const up = at(w[index]! + h);
      const down = at(w[index]! - h);
      W.assign(tf.tensor(w, W.shape));
      return { backprop: g[index]!, difference: (up - down) / (2 * h) };
    };
    try {
      // "A loss near 0.7": between 0.5 and 1, where float32 is spaced 2⁻²⁴ and float64 2⁻⁵³.
      const loss = lossOf();
      expect(loss).toBeGreaterThan(0.5);
      expect(loss).toBeLessThan(1);
      expect(2 ** -24).toBeCloseTo(6e-8, 8);
      expect(2 ** -24 / (2 * h)).toBeCloseTo(3e-5, 6);
      expect(2 ** -53).toBeCloseTo(1.1e-16, 17);
      expect(2 ** -53 / (2 * h)).toBeCloseTo(6e-14, 14);

      const last = check(model.layers.at(-1)!.W);
      expect(Math.abs(last.difference - last.backprop) / Math.abs(last.backprop)).toBeLessThan(1e-2);

      const first = check(model.layers[0]!.W);
      // As large as the smallest nonzero quotient float64 could give (measured: 6.5e-14 against 5.6e-14; bound:
      // within a factor 3), so float64 cannot check it either…
      const resolution = Math.abs(first.backprop) / (2 ** -53 / (2 * h));
      expect(resolution).toBeGreaterThan(1 / 3);
      expect(resolution).toBeLessThan(3);
      // …and float32's quotient is 0 or a whole number of steps of 2⁻²⁴/(2h).
      const steps = Math.abs(first.difference) / (2 ** -24 / (2 * h));
      expect(Math.abs(steps - Math.round(steps))).toBeLessThan(1e-3);
      // "hundreds of millions of times too much": the smallest nonzero quotient against the gradient (4.6e8).
      expect(2 ** -24 / (2 * h) / Math.abs(first.backprop)).toBeGreaterThan(1e8);
      if (first.difference !== 0) expect(Math.abs(first.difference / first.backprop)).toBeGreaterThan(1e8);
    } finally {
      tf.dispose([x, y, ...Object.values(grads)]);
      model.dispose();
    }
  });
});
