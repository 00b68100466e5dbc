/**
 * hiddenLayerStats computes its means and spreads without tf.moments (see poolMoments in src/core/layer-stats.ts);
 * the numbers must still be tf.moments' own, bit for bit — every run cached, every figure and claim rests on them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/backend';
import * as tf from '../../src/core/tf';
import { hiddenLayerStats } from '../../src/core/layer-stats';
import type { LayerTrace } from '../../src/core/network';
import { createRng } from '../../src/core/random';

beforeAll(async () => {
  expect(await initBackend()).toBe('wasm');
});

describe('hiddenLayerStats', () => {
  it.each([
    [3, 16, 8],
    [7, 64, 32],
  ])('%i layers of a %i × %i batch: the summary tf.moments gives, bit for bit', (layers, batch, width) => {
    const rng = createRng(layers * batch);
    const start = tf.memory().numTensors;
    tf.tidy(() => {
      const matrix = (scale: number) =>
        tf.tensor2d(
          Float32Array.from({ length: batch * width }, () => scale * rng.normal() + 0.3),
          [batch, width],
        );
      const traces: LayerTrace[] = Array.from({ length: layers }, (_, l) => {
        const pre = matrix(10 ** (l - 2));
        const act = tf.tanh(pre) as tf.Tensor2D;
        return { pre, act, out: act };
      });
      const { summary } = hiddenLayerStats(traces, null);
      const stack = (key: 'pre' | 'act' | 'out') => tf.stack(traces.map((t) => t[key])) as tf.Tensor3D;
      const std = (t: tf.Tensor3D) => tf.sqrt(tf.moments(t, [1, 2]).variance);
      const dead = tf.mean(tf.cast(tf.lessEqual(tf.max(stack('pre'), 1), 0), 'float32'), 1);
      const expected = tf.stack([
        std(stack('pre')),
        tf.moments(stack('act'), [1, 2]).mean,
        std(stack('act')),
        std(stack('out')),
        dead,
      ]);
      expect(Array.from(summary.dataSync())).toEqual(Array.from(expected.dataSync()));
    });
    expect(tf.memory().numTensors).toBe(start);
  });
});
