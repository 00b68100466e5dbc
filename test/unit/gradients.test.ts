/**
 * The MLP's gradients, as tfjs computes them (float32 autodiff), against central finite differences of an
 * independent float64 forward pass of the same network. Bound: relative error ‖g − g_fd‖ / ‖g_fd‖ < 1e-3 for
 * every weight matrix and bias vector (measured: at most 7.2e-7, seed 11).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/backend';
import * as tf from '../../src/core/tf';
import { TRAINABLE_ACTIVATIONS } from '../../src/core/catalog';
import { createMlp } from '../../src/core/mlp';
import { binaryCrossEntropyWithLogits } from '../../src/core/losses';
import { createRng } from '../../src/core/random';
import { circleTask, sampleBatch } from '../../src/core/tasks';
import { bce64, forward64, type Layer64 } from './reference/mlp64';
import { gradientError } from './support/finite-differences';

beforeAll(async () => {
  await initBackend();
});

const EPS = 1e-6;

describe('MLP gradients agree with finite differences', () => {
  it.each(TRAINABLE_ACTIVATIONS)('%s, depth 4, width 6', (activation) => {
    const rng = createRng(11);
    const data = circleTask(rng, 64);
    const model = createMlp(
      { inputDim: 2, outputDim: 1, depth: 4, width: 6, activation, init: { scheme: 'xavier-normal' } },
      rng,
    );
    // Biases start at zero; an example whose previous layer is all zeros (dead ReLUs) would then sit exactly on
    // ReLU's kink, where a difference quotient measures ½ and autodiff, rightly, a one-sided slope. Random
    // biases move every pre-activation off the kink.
    for (const layer of model.layers) {
      layer.b.assign(tf.tensor1d(Array.from({ length: layer.fanOut }, () => 0.1 * rng.normal())));
    }
    const batch = sampleBatch(data, 16, rng);
    const x = tf.tensor2d(batch.x, [16, 2]);
    const y = tf.tensor2d(batch.y, [16, 1]);
    const { value, grads } = tf.variableGrads(() => binaryCrossEntropyWithLogits(model.forward(x), y), model.trainable);

    const layers: Layer64[] = model.layers.map((l) => ({
      W: Float64Array.from(l.W.dataSync()),
      b: Float64Array.from(l.b.dataSync()),
      fanIn: l.fanIn,
      fanOut: l.fanOut,
    }));
    const x64 = Float64Array.from(batch.x);
    const y64 = Float64Array.from(batch.y);
    const loss64 = () => bce64(forward64(layers, model.activation, x64, 16), y64);

    // The two forward passes compute the same function.
    expect(Math.abs(value.dataSync()[0]! - loss64())).toBeLessThan(1e-5);

    model.layers.forEach((layer, l) => {
      for (const [name, param64, tfGrad] of [
        ['W', layers[l]!.W, grads[layer.W.name]!],
        ['b', layers[l]!.b, grads[layer.b.name]!],
      ] as const) {
        const rel = gradientError(param64, tfGrad.dataSync(), loss64, EPS);
        expect(rel, `${activation} ${name}${l + 1}: relative error ${rel.toExponential(2)}`).toBeLessThan(1e-3);
      }
    });
    tf.dispose([x, y, value, ...Object.values(grads)]);
    model.dispose();
  });
});

describe('the cross-entropy of logits', () => {
  // Its gradient is written out in losses.ts as (σ(z) − y)/n: check it against the float64 loss's finite differences,
  // far into both tails too, where e^{−|z|} is tiny.
  it('has the gradient (σ(z) − y)/n of finite differences', () => {
    const z64 = Float64Array.from(Float32Array.from([-30, -8, -2.5, -0.3, 0, 0.4, 1.7, 6, 25, -1.1]));
    const y64 = Float64Array.from([0, 1, 0, 1, 1, 0, 1, 0, 1, 0]);
    const g = tf.tidy(() => {
      const y = tf.tensor1d(Float32Array.from(y64));
      return tf
        .grad((z: tf.Tensor) => binaryCrossEntropyWithLogits(z, y))(tf.tensor1d(Float32Array.from(z64)))
        .dataSync();
    });
    const loss64 = () =>
      z64.reduce((s, z, i) => s + Math.max(z, 0) - z * y64[i]! + Math.log1p(Math.exp(-Math.abs(z))), 0) / z64.length;
    expect(gradientError(z64, g, loss64, EPS)).toBeLessThan(1e-6);
  });
});
