/**
 * The `network` model's gradients, as tfjs computes them (float32 autodiff), against central finite differences of
 * an independent float64 forward pass (test/unit/reference/network64.ts): dense layers, batch normalisation in
 * training mode (the gradient through μ_B and σ²_B), residual blocks, and the L1/L2 penalties. Bound: relative error
 * ‖g − g_fd‖ / ‖g_fd‖ < 1e-3 for every parameter tensor. Measured (seed 17): at most 2.0e-6 (dense sigmoid, b1);
 * batch norm ≤ 1.9e-6, residual ≤ 6.8e-7, penalties ≤ 8.5e-7 — a margin of 500× or more.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/backend';
import * as tf from '../../src/core/tf';
import type { TrainableActivation } from '../../src/core/catalog';
import { BATCH_NORM_DEFAULTS, createNetwork, type NetworkShape } from '../../src/core/network';
import { binaryCrossEntropyWithLogits } from '../../src/core/losses';
import { weightPenalty } from '../../src/core/penalties';
import { createRng } from '../../src/core/random';
import { circleTask, sampleBatch } from '../../src/core/tasks';
import { bce64 } from './reference/mlp64';
import { networkForward64, penalty64, type Net64Layer } from './reference/network64';
import { gradientError } from './support/finite-differences';

beforeAll(async () => {
  expect(await initBackend()).toBe('wasm');
});

const EPS = 1e-6;
const N = 16;

interface Case {
  activation: TrainableActivation;
  depth?: number;
  batchNorm?: boolean;
  residual?: boolean;
  blockLayers?: number;
  l1?: number;
  l2?: number;
  activationParams?: NetworkShape['activationParams'];
}

/** The largest relative error over the network's parameter tensors. */
function worstRelativeError(c: Case): { worst: number; where: string } {
  const rng = createRng(17);
  const data = circleTask(rng, 64);
  const net = createNetwork(
    {
      inputDim: 2,
      outputDim: 1,
      depth: c.depth ?? 4,
      width: 6,
      activation: c.activation,
      activationParams: c.activationParams ?? {},
      init: { scheme: 'xavier-normal' },
      batchNorm: c.batchNorm ?? false,
      residual: c.residual ?? false,
      blockLayers: c.blockLayers ?? 2,
    },
    rng,
  );
  // Random biases, γ and β move the pre-activations off ReLU's kink (where a difference quotient measures ½
  // and autodiff a one-sided slope), and make the test see γ and β do something.
  const randomVec = (n: number, mean: number, sd: number) =>
    tf.tensor1d(Array.from({ length: n }, () => mean + sd * rng.normal()));
  for (const layer of net.layers) {
    layer.b?.assign(randomVec(layer.fanOut, 0, 0.1));
    layer.bn?.gamma.assign(randomVec(layer.fanOut, 1, 0.2));
    layer.bn?.beta.assign(randomVec(layer.fanOut, 0, 0.2));
  }
  const l1 = c.l1 ?? 0;
  const l2 = c.l2 ?? 0;
  const batch = sampleBatch(data, N, rng);
  const x = tf.tensor2d(batch.x, [N, 2]);
  const y = tf.tensor2d(batch.y, [N, 1]);
  const { value, grads } = tf.variableGrads(
    () =>
      tf.add(
        binaryCrossEntropyWithLogits(net.forward(x, { training: true }), y),
        weightPenalty(net.weights, { l1, l2 }),
      ) as tf.Scalar,
    net.trainable,
  );

  const copy = (v: tf.Variable | null) => (v ? Float64Array.from(v.dataSync()) : null);
  const layers: Net64Layer[] = net.layers.map((l) => ({
    W: copy(l.W)!,
    b: copy(l.b),
    gamma: copy(l.bn?.gamma ?? null),
    beta: copy(l.bn?.beta ?? null),
    fanIn: l.fanIn,
    fanOut: l.fanOut,
    block: l.block,
  }));
  const x64 = Float64Array.from(batch.x);
  const y64 = Float64Array.from(batch.y);
  const loss64 = () =>
    bce64(networkForward64(layers, net.activation, x64, N, BATCH_NORM_DEFAULTS.epsilon), y64) +
    penalty64(
      layers.map((l) => l.W),
      l1,
      l2,
    );
  expect(Math.abs(value.dataSync()[0]! - loss64())).toBeLessThan(1e-5);

  let worst = 0;
  let where = '';
  net.layers.forEach((layer, l) => {
    const params = [
      ['W', layers[l]!.W, layer.W],
      ['b', layers[l]!.b, layer.b],
      ['gamma', layers[l]!.gamma, layer.bn?.gamma ?? null],
      ['beta', layers[l]!.beta, layer.bn?.beta ?? null],
    ] as const;
    for (const [name, p64, variable] of params) {
      if (!p64 || !variable) continue;
      const rel = gradientError(p64, grads[variable.name]!.dataSync(), loss64, EPS);
      if (rel > worst) {
        worst = rel;
        where = `${name}${l + 1}`;
      }
    }
  });
  tf.dispose([x, y, value, ...Object.values(grads)]);
  net.dispose();
  return { worst, where };
}

function check(c: Case) {
  const { worst, where } = worstRelativeError(c);
  expect(worst, `worst relative error ${worst.toExponential(2)} at ${where}`).toBeLessThan(1e-3);
}

describe('network gradients agree with finite differences of a float64 forward pass', () => {
  it.each(['sigmoid', 'tanh', 'relu', 'leaky-relu', 'elu'] as const)('dense, %s', (activation) => {
    check({ activation });
  });

  it('dense, Leaky ReLU α = 0.2 and ELU α = 0.5', () => {
    check({ activation: 'leaky-relu', activationParams: { leakyAlpha: 0.2 } });
    check({ activation: 'elu', activationParams: { eluAlpha: 0.5 } });
  });

  it.each(['sigmoid', 'tanh', 'relu'] as const)(
    'batch norm in training mode, through the batch statistics, %s',
    (activation) => {
      check({ activation, batchNorm: true });
    },
  );

  it.each([
    ['tanh', 2],
    ['relu', 2],
    ['relu', 1],
    ['sigmoid', 3],
  ] as const)('residual blocks, %s, %i layers per block', (activation, blockLayers) => {
    // Depth 7: hidden layers 2 … 6 form blocks of `blockLayers`, the last one shorter when they do not divide 5.
    check({ activation, residual: true, blockLayers, depth: 7 });
  });

  it('residual blocks with batch norm', () => {
    check({ activation: 'relu', residual: true, batchNorm: true, depth: 6 });
  });

  it.each([
    [0.01, 0],
    [0, 0.01],
    [0.02, 0.05],
  ])('penalty L1 = %s, L2 = %s', (l1, l2) => {
    // Xavier weights of a 6-wide layer are of order 0.4: every one lies far from L1's kink at 0 compared with
    // the finite-difference step 1e-6.
    check({ activation: 'tanh', l1, l2 });
    check({ activation: 'relu', l1, l2, batchNorm: true });
  });
});
