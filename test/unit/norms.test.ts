/**
 * Norms from values read back (src/core/norms.ts): exact enough where float32 squares underflow, +∞ where a
 * float32 sum of squares would overflow (the experiments' divergence rule), and the read-back itself.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/backend';
import * as tf from '../../src/core/tf';
import { float64Norm, normFromSquares, readBack, sumOfSquares } from '../../src/core/norms';

beforeAll(async () => {
  expect(await initBackend()).toBe('wasm');
});

describe('float64Norm', () => {
  it('keeps the digits of gradients whose float32 squares underflow', () => {
    // 1e-25 squares to 1e-50, far below float32's smallest subnormal (1.4e-45): tf.norm gives 0 here.
    const g = Float32Array.from({ length: 1024 }, (_, i) => (i % 2 ? 1e-25 : -2e-25));
    expect(tf.tidy(() => tf.norm(tf.tensor1d(g)).dataSync()[0])).toBe(0);
    const exact = Math.sqrt(512 * Math.fround(1e-25) ** 2 + 512 * Math.fround(2e-25) ** 2);
    expect(Math.abs(float64Norm(g) - exact) / exact).toBeLessThan(1e-14);
    // Even float32's smallest subnormal has a positive norm.
    expect(float64Norm(Float32Array.of(1.4e-45))).toBeGreaterThan(0);
  });

  it('overflows where the float32 sum of squares would, and passes NaN on', () => {
    // ‖g‖ = 2e19: finite, but its square (4e38) is beyond float32's 3.4e38.
    expect(float64Norm(Float32Array.of(2e19))).toBe(Infinity);
    expect(float64Norm(Float32Array.of(1e19))).toBe(Math.fround(1e19));
    expect(float64Norm(Float32Array.of(1, Infinity))).toBe(Infinity);
    expect(float64Norm(Float32Array.of(1, NaN))).toBeNaN();
    expect(normFromSquares(0)).toBe(0);
  });

  it('sums a range of the values', () => {
    const v = Float32Array.of(3, 4, 12, 5);
    expect(sumOfSquares(v, 2, 4)).toBe(169);
    expect(float64Norm(v, 0, 2)).toBe(5);
  });
});

describe('readBack', () => {
  it('reads each tensor back, flattened, in the order given', () => {
    const start = tf.memory().numTensors;
    const ts = [tf.scalar(7), tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor1d([5, 6])];
    expect(readBack(ts).map((v) => Array.from(v))).toEqual([[7], [1, 2, 3, 4], [5, 6]]);
    tf.dispose(ts);
    expect(tf.memory().numTensors).toBe(start);
  });
});
