/**
 * The backward pass written out (src/core/mlp.ts `backprop`) against tfjs's autodiff tape on the same network: the
 * loss, the logits and every gradient equal bit for bit, for every trainable activation — so the `mlp` experiment
 * computes what it computed on the tape (and so does the `network` experiment without batch normalisation or shortcuts,
 * which takes the same pass: test/claims/network-experiment.test.ts holds its reports to the tape's). Then the
 * SGD update on reused buffers, over many steps: still the tape's run, and no tensor left behind.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/backend';
import * as tf from '../../src/core/tf';
import { TRAINABLE_ACTIVATIONS } from '../../src/core/catalog';
import { backprop, createMlp, type Mlp } from '../../src/core/mlp';
import { getActivation } from '../../src/core/activations';
import { binaryCrossEntropyGrad, binaryCrossEntropyValue, binaryCrossEntropyWithLogits } from '../../src/core/losses';
import { createRng } from '../../src/core/random';
import { circleTask, sampleBatch } from '../../src/core/tasks';
import { createOptimizer } from '../../src/core/optimizers';
import { sgdStep } from '../../src/core/experiments/mlp';
import { readBack } from '../../src/core/norms';

beforeAll(async () => {
  expect(await initBackend()).toBe('wasm');
});

const values = (t: tf.Tensor) => Array.from(t.dataSync());

function network(activation: (typeof TRAINABLE_ACTIVATIONS)[number], seed: number): Mlp {
  const rng = createRng(seed);
  const model = createMlp(
    { inputDim: 2, outputDim: 1, depth: 5, width: 8, activation, init: { scheme: 'he-normal' } },
    rng,
  );
  // Non-zero biases, so that ReLU-like units are dead on some examples and alive on others.
  for (const layer of model.layers)
    layer.b.assign(tf.tensor1d(Array.from({ length: layer.fanOut }, () => 0.3 * rng.normal())));
  return model;
}

describe('backprop', () => {
  it.each(TRAINABLE_ACTIVATIONS)('%s: the tape’s loss, logits and gradients, bit for bit', (activation) => {
    const model = network(activation, 5);
    const data = circleTask(createRng(6), 64);
    const batch = sampleBatch(data, 32, createRng(7));
    const start = tf.memory().numTensors;
    tf.tidy(() => {
      const x = tf.tensor2d(batch.x, [32, 2]);
      const y = tf.tensor2d(batch.y, [32, 1]);
      const tape = tf.variableGrads(() => binaryCrossEntropyWithLogits(model.forward(x), y), model.trainable);
      const mine = backprop(model, x, (z) => ({
        value: binaryCrossEntropyValue(z, y),
        grad: (dy) => binaryCrossEntropyGrad(z, y, dy),
      }));
      expect(values(mine.loss)).toEqual(values(tape.value));
      expect(values(mine.logits)).toEqual(values(model.forward(x)));
      model.trainable.forEach((v, i) => {
        expect(values(mine.grads[i]!), v.name).toEqual(values(tape.grads[v.name]!));
      });
      // Something to compare: the first layer's gradient is not all zeros.
      expect(values(mine.grads[0]!).some((g) => g !== 0)).toBe(true);
    });
    expect(tf.memory().numTensors).toBe(start);
    model.dispose();
  });

  // With the default parameters and with others (ELU's α ≠ 1 has a tensor form of its own, left to tfjs).
  const PARAMS = [{}, { leakyAlpha: 0.2, eluAlpha: 0.5 }];
  it.each(TRAINABLE_ACTIVATIONS.flatMap((a) => PARAMS.map((p) => [a, p] as const)))(
    '%s %j: Activation.vjp is tf.grad of the tensor form',
    (activation, params) => {
      const f = getActivation(activation, params);
      tf.tidy(() => {
        const x = tf.tensor1d([-30, -3, -1, -0.25, 0, 1e-3, 0.5, 2, 40]);
        const dy = tf.tensor1d([1, -2, 0.5, 3, 1, -1, 2, 0.25, 1]);
        expect(values(f.vjp(x, f.apply(x), dy))).toEqual(values(tf.grad(f.apply)(x, dy)));
      });
    },
  );
});

describe('the mlp step on the written-out backward pass', () => {
  it('trains as the tape does for 150 steps, on reused update buffers, and leaks no tensor', () => {
    const data = circleTask(createRng(3), 256);
    const [a, b] = [network('tanh', 9), network('tanh', 9)];
    const [optA, optB] = [
      createOptimizer({ kind: 'sgd', learningRate: 0.2 }),
      createOptimizer({ kind: 'sgd', learningRate: 0.2 }),
    ];
    const rng = createRng(4);
    let start = 0;
    const losses: number[] = [];
    for (let step = 0; step < 150; step++) {
      if (step === 10) start = tf.memory().numTensors;
      const batch = sampleBatch(data, 32, rng);
      const mine = tf.tidy(() =>
        sgdStep(a, tf.tensor2d(batch.x, [32, 2]), tf.tensor2d(batch.y, [32, 1]), batch.y, optA),
      );
      const tape = tf.tidy(() => {
        const x = tf.tensor2d(batch.x, [32, 2]);
        const y = tf.tensor2d(batch.y, [32, 1]);
        const { value, grads } = tf.variableGrads(() => binaryCrossEntropyWithLogits(b.forward(x), y), b.trainable);
        const read = readBack([...b.trainable.map((v) => grads[v.name]!), ...b.trainable]);
        optB.apply(grads, b.trainable, {
          grads: read.slice(0, b.trainable.length),
          params: read.slice(b.trainable.length),
        });
        return value.dataSync()[0]!;
      });
      expect(mine.loss).toBe(tape);
      losses.push(mine.loss);
    }
    expect(tf.memory().numTensors).toBe(start);
    a.trainable.forEach((v, i) => expect(values(v)).toEqual(values(b.trainable[i]!)));
    // The run moved: it learned something.
    expect(losses.at(-1)!).toBeLessThan(losses[0]! - 0.05);
    [a, b].forEach((m) => m.dispose());
    [optA, optB].forEach((o) => o.dispose());
  });
});
