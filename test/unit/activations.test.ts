import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/backend';
import * as tf from '../../src/core/tf';
import { ACTIVATION_IDS, getActivation, slopeMaximum } from '../../src/core/activations';

beforeAll(async () => {
  await initBackend();
});

const GRID = Array.from({ length: 121 }, (_, i) => -6 + i * 0.1 + 0.0137); // avoids x = 0 exactly (kinks)

describe('the activation table', () => {
  it.each(ACTIVATION_IDS)('%s: f′ matches a central difference of f', (id) => {
    const act = getActivation(id);
    for (const x of GRID) {
      const h = 1e-5;
      const fd = (act.f(x + h) - act.f(x - h)) / (2 * h);
      // GELU's f uses an erf accurate to 1.5e-7; divided by 2h that noise is ~1e-2, so its bound is looser.
      expect(Math.abs(fd - act.df(x)), `${id} at x=${x}`).toBeLessThan(id === 'gelu' ? 2e-2 : 1e-6);
    }
  });

  it.each(ACTIVATION_IDS)('%s: the tensor form computes the scalar form', (id) => {
    const act = getActivation(id);
    const y = tf.tidy(() => act.apply(tf.tensor1d(GRID)).dataSync());
    GRID.forEach((x, i) => expect(y[i]!).toBeCloseTo(act.f(x), 5));
  });

  it.each(ACTIVATION_IDS)('%s: tfjs differentiates the tensor form to f′', (id) => {
    const act = getActivation(id);
    const g = tf.tidy(() =>
      tf
        .grad((x: tf.Tensor) => tf.sum(act.apply(x)))(tf.tensor1d(GRID))
        .dataSync(),
    );
    GRID.forEach((x, i) => expect(g[i]!, `${id} at x=${x}`).toBeCloseTo(act.df(x), 4));
  });

  it('uses the α it is given', () => {
    expect(getActivation('leaky-relu', { leakyAlpha: 0.2 }).f(-1)).toBeCloseTo(-0.2);
    expect(getActivation('elu', { eluAlpha: 0.5 }).f(-100)).toBeCloseTo(-0.5);
  });
});

describe('the slope maxima the chapters quote', () => {
  it('sigmoid′ peaks at exactly 1/4, at x = 0', () => {
    const m = slopeMaximum(getActivation('sigmoid'));
    expect(m.value).toBeCloseTo(0.25, 12);
    expect(Math.abs(m.x)).toBeLessThan(1e-6);
  });
  it('tanh′ peaks at exactly 1, at x = 0', () => {
    const m = slopeMaximum(getActivation('tanh'));
    expect(m.value).toBeCloseTo(1, 12);
    expect(Math.abs(m.x)).toBeLessThan(1e-6);
  });
  it('ReLU, Leaky ReLU and ELU have slope 1 on their positive side', () => {
    for (const id of ['relu', 'leaky-relu', 'elu'] as const) expect(slopeMaximum(getActivation(id)).value).toBe(1);
  });
});
