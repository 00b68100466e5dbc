/**
 * The network builder's layout and batch normalisation's inference path (the gradient checks cover training mode).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/backend';
import * as tf from '../../src/core/tf';
import { BATCH_NORM_DEFAULTS, createNetwork, type NetworkShape } from '../../src/core/network';
import { createMlp } from '../../src/core/mlp';
import { createRng } from '../../src/core/random';

beforeAll(async () => {
  expect(await initBackend()).toBe('wasm');
});

const shape = (over: Partial<NetworkShape> = {}): NetworkShape => ({
  inputDim: 3,
  outputDim: 1,
  depth: 7,
  width: 4,
  activation: 'tanh',
  init: { scheme: 'xavier-normal' },
  ...over,
});

describe('createNetwork', () => {
  it('groups hidden layers 2 … depth − 1 into residual blocks, the last one shorter', () => {
    const net = createNetwork(shape({ residual: true, blockLayers: 2 }), createRng(1));
    // Weight layers 1 … 7: the input layer and the output layer have no shortcut; 2–3 and 4–5 are blocks, 6 alone.
    expect(net.layers.map((l) => l.block)).toEqual([
      null,
      { position: 0, size: 2 },
      { position: 1, size: 2 },
      { position: 0, size: 2 },
      { position: 1, size: 2 },
      { position: 0, size: 1 },
      null,
    ]);
    net.dispose();
  });

  it('draws the same weights as createMlp from the same generator, and has its variables', () => {
    const net = createNetwork(shape(), createRng(3));
    const mlp = createMlp(shape(), createRng(3));
    net.layers.forEach((l, i) => expect(l.W.arraySync()).toEqual(mlp.layers[i]!.W.arraySync()));
    expect(net.trainable.length).toBe(mlp.trainable.length);
    net.dispose();
    mlp.dispose();
  });

  it('drops the dense bias on batch-normalised layers and adds γ, β and the running statistics', () => {
    const start = tf.memory().numTensors;
    const net = createNetwork(shape({ batchNorm: true }), createRng(1));
    const hidden = net.layers.slice(0, -1);
    expect(hidden.every((l) => l.b === null && l.bn !== null)).toBe(true);
    expect(net.layers.at(-1)!.b).not.toBeNull();
    // W + γ + β per hidden layer, W + b for the output layer.
    expect(net.trainable.length).toBe(3 * hidden.length + 2);
    // ... plus the two running statistics, which are not trainable.
    expect(tf.memory().numTensors - start).toBe(5 * hidden.length + 2);
    net.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('moves the running statistics towards the batch’s, with the unbiased variance', () => {
    const net = createNetwork(shape({ batchNorm: { momentum: 0.8 } }), createRng(1));
    const mean = tf.tensor1d([1, 2, 3, 4]);
    const variance = tf.tensor1d([0.5, 1, 2, 4]);
    net.updateRunningStats(0, mean, variance, 5);
    const bn = net.layers[0]!.bn!;
    // r ← 0.8·r + 0.2·batch, from r = 0 (mean) and r = 1 (variance); the variance is scaled by 5/4.
    Array.from(bn.runningMean.dataSync()).forEach((v, i) => expect(v).toBeCloseTo([0.2, 0.4, 0.6, 0.8][i]!, 6));
    const expectedVar = [0.5, 1, 2, 4].map((v) => 0.8 + 0.2 * v * 1.25);
    Array.from(bn.runningVar.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expectedVar[i]!, 6));
    expect(() => net.updateRunningStats(6, mean, variance, 5)).toThrow(/no batch normalisation/);
    tf.dispose([mean, variance]);
    net.dispose();
  });

  it('in inference mode normalises with the running statistics, not the batch’s', () => {
    const net = createNetwork(
      shape({ depth: 2, width: 3, inputDim: 2, activation: 'linear', batchNorm: true }),
      createRng(2),
    );
    const layer = net.layers[0]!;
    const bn = layer.bn!;
    bn.runningMean.assign(tf.tensor1d([0.5, -1, 2]));
    bn.runningVar.assign(tf.tensor1d([4, 1, 0.25]));
    bn.gamma.assign(tf.tensor1d([1, 2, 3]));
    bn.beta.assign(tf.tensor1d([0, 0.5, -0.5]));
    const x = tf.tensor2d([
      [1, 2],
      [-1, 0.5],
    ]);
    let preInference: number[][] = [];
    let preTraining: number[][] = [];
    tf.tidy(() => {
      net.forward(x, { training: false, probe: (_, t) => (preInference = t.pre.arraySync()) });
      net.forward(x, { training: true, probe: (_, t) => (preTraining = t.pre.arraySync()) });
    });
    const W = layer.W.arraySync() as number[][];
    const xs = x.arraySync();
    const rm = [0.5, -1, 2];
    const rv = [4, 1, 0.25];
    const gamma = [1, 2, 3];
    const beta = [0, 0.5, -0.5];
    xs.forEach((row, n) =>
      [0, 1, 2].forEach((j) => {
        const z = row[0]! * W[0]![j]! + row[1]! * W[1]![j]!;
        const expected = (gamma[j]! * (z - rm[j]!)) / Math.sqrt(rv[j]! + BATCH_NORM_DEFAULTS.epsilon) + beta[j]!;
        expect(preInference[n]![j]).toBeCloseTo(expected, 5);
      }),
    );
    // In training mode two examples normalise to ±1 per unit (times γ, plus β): a different function.
    [0, 1, 2].forEach((j) => expect(Math.abs(preTraining[0]![j]! - beta[j]!)).toBeCloseTo(gamma[j]!, 2));
    x.dispose();
    net.dispose();
  });
});
