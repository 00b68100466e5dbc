/**
 * Gradient clipping: value mode bounds every element, norm mode (Pascanu et al. 2013) makes the global norm
 * min(‖g‖, c) and keeps the direction, and both free their intermediates.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/backend';
import * as tf from '../../src/core/tf';
import { clipGradients, globalNorm, type ClipSpec } from '../../src/core/clipping';
import { createRng } from '../../src/core/random';
import { frobeniusNorms } from '../../src/core/tensor-norms';

beforeAll(async () => {
  expect(await initBackend()).toBe('wasm');
});

/** A seeded set of gradients of three shapes, scaled to a chosen global norm. */
function makeGrads(
  seed: number,
  norm: number,
): { tensors: Record<string, tf.Tensor>; values: Record<string, number[]> } {
  const rng = createRng(seed);
  const shapes: Record<string, number[]> = { W1: [3, 4], b1: [4], W2: [4, 1] };
  const raw: Record<string, number[]> = {};
  let sq = 0;
  for (const [k, s] of Object.entries(shapes)) {
    raw[k] = Array.from({ length: s.reduce((a, b) => a * b, 1) }, () => rng.normal());
    sq += raw[k]!.reduce((a, v) => a + v * v, 0);
  }
  const f = norm / Math.sqrt(sq);
  const values = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v.map((x) => x * f)]));
  const tensors = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, tf.tensor(v, shapes[k])]));
  return { tensors, values };
}

function clip(seed: number, norm: number, spec: ClipSpec) {
  const { tensors, values } = makeGrads(seed, norm);
  const out = clipGradients(tensors, spec);
  const result = {
    input: values,
    output: Object.fromEntries(Object.entries(out.grads).map(([k, t]) => [k, Array.from(t.dataSync())])),
    normBefore: out.normBefore.dataSync()[0]!,
    normAfter: out.normAfter.dataSync()[0]!,
  };
  tf.dispose([...Object.values(tensors), ...Object.values(out.grads), out.normBefore, out.normAfter]);
  return result;
}

describe('clipGradients', () => {
  it('none: returns the gradients unchanged, with the global norm', () => {
    const r = clip(1, 7, { mode: 'none' });
    expect(r.normBefore).toBeCloseTo(7, 5);
    expect(r.normAfter).toBeCloseTo(7, 5);
    for (const k of Object.keys(r.input)) r.output[k]!.forEach((v, i) => expect(v).toBeCloseTo(r.input[k]![i]!, 6));
  });

  it('value: bounds every element by the threshold and leaves the small ones alone', () => {
    const c = 0.5;
    const r = clip(2, 5, { mode: 'value', threshold: c });
    let clipped = 0;
    for (const k of Object.keys(r.input)) {
      r.output[k]!.forEach((v, i) => {
        const g = r.input[k]![i]!;
        expect(Math.abs(v)).toBeLessThanOrEqual(c);
        if (Math.abs(g) <= c) expect(v).toBeCloseTo(g, 6);
        else {
          expect(v).toBe(Math.sign(g) * c);
          clipped++;
        }
      });
    }
    // With ‖g‖ = 5 over 20 elements, several exceed 0.5 (the test would prove nothing otherwise).
    expect(clipped).toBeGreaterThan(3);
    expect(r.normBefore).toBeCloseTo(5, 5);
    expect(r.normAfter).toBeLessThan(r.normBefore);
  });

  it('norm: the global norm becomes min(‖g‖, c) and the direction is kept', () => {
    for (const [norm, c] of [
      [10, 1],
      [3, 2.5],
      [0.4, 2],
      [1e4, 1e-3],
    ] as const) {
      const r = clip(3, norm, { mode: 'norm', threshold: c });
      expect(r.normBefore).toBeCloseTo(norm, 3);
      // float32: relative 1e-6 on the norm after.
      expect(Math.abs(r.normAfter - Math.min(norm, c)) / Math.min(norm, c)).toBeLessThan(1e-6);
      const factor = Math.min(1, c / norm);
      // Every element is the same multiple of its input: the direction does not turn.
      for (const k of Object.keys(r.input)) {
        r.output[k]!.forEach((v, i) => expect(v).toBeCloseTo(r.input[k]![i]! * factor, 6));
      }
    }
  });

  it('norm: zero gradients stay zero', () => {
    const g = { a: tf.zeros([3]) };
    const out = clipGradients(g, { mode: 'norm', threshold: 1 });
    expect(Array.from(out.grads['a']!.dataSync())).toEqual([0, 0, 0]);
    expect(out.normAfter.dataSync()[0]).toBe(0);
    tf.dispose([g.a, out.grads['a']!, out.normBefore, out.normAfter]);
  });

  it('globalNorm is √(Σ‖g_i‖²)', () => {
    const ts = [tf.tensor1d([3]), tf.tensor2d([[4, 0]])];
    const n = globalNorm(ts);
    expect(n.dataSync()[0]).toBeCloseTo(5, 6);
    tf.dispose([...ts, n]);
  });

  it('frobeniusNorms batches tensors by shape and keeps the caller’s order', () => {
    const ts = [
      tf.tensor1d([3, 4]),
      tf.tensor2d([
        [1, 2],
        [2, 4],
      ]),
      tf.tensor1d([0, 1]),
      tf.scalar(-2),
      tf.tensor2d([
        [0, 0],
        [0, 7],
      ]),
      tf.scalar(5),
    ];
    const start = tf.memory().numTensors;
    const n = frobeniusNorms(ts);
    expect(Array.from(n.dataSync())).toEqual([5, 5, 1, 2, 7, 5]);
    n.dispose();
    expect(tf.memory().numTensors).toBe(start);
    tf.dispose(ts);
  });

  it('rejects a threshold that is not a positive number', () => {
    expect(() => clipGradients({}, { mode: 'norm', threshold: 0 })).toThrow(/threshold/);
    expect(() => clipGradients({}, { mode: 'value', threshold: Number.NaN })).toThrow(/threshold/);
  });

  it.each(['none', 'value', 'norm'] as const)(
    '%s: leaves only its results behind, and nothing inside a tidy',
    (mode) => {
      const spec: ClipSpec = mode === 'none' ? { mode } : { mode, threshold: 1 };
      const { tensors } = makeGrads(4, 3);
      const start = tf.memory().numTensors;
      const out = clipGradients(tensors, spec);
      // 3 gradients and 2 norms.
      expect(tf.memory().numTensors).toBe(start + 5);
      tf.dispose([...Object.values(out.grads), out.normBefore, out.normAfter]);
      expect(tf.memory().numTensors).toBe(start);
      tf.tidy(() => {
        clipGradients(tensors, spec);
      });
      expect(tf.memory().numTensors).toBe(start);
      tf.dispose(Object.values(tensors));
    },
  );
});
