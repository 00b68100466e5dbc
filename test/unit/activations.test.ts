import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/backend';
import * as tf from '../../src/core/tf';
import { activationRecord, negativeRegime } from '../../src/core/activation-records';
import { ACTIVATION_IDS, getActivation, slopeMaximum, TRAINABLE_ACTIVATIONS } from '../../src/core/activations';

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

describe('the activation records', () => {
  /** WCAG relative luminance of a #rrggbb colour, and the contrast ratio of two luminances. */
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const contrast = (a: string, b: string) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi! + 0.05) / (lo! + 0.05);
  };

  it('give every activation its own colour, readable on both themes (≥ 3:1, as WCAG asks of graphics)', () => {
    const colors = ACTIVATION_IDS.map((id) => activationRecord(id).color);
    expect(new Set(colors).size).toBe(colors.length);
    for (const [i, c] of colors.entries()) {
      expect(c, ACTIVATION_IDS[i]).toMatch(/^#[0-9a-f]{6}$/);
      expect(contrast(c, '#ffffff'), `${ACTIVATION_IDS[i]} on white`).toBeGreaterThanOrEqual(3);
      expect(contrast(c, '#17181c'), `${ACTIVATION_IDS[i]} on Starlight's dark`).toBeGreaterThanOrEqual(3);
    }
  });

  it('name every activation in both languages', () => {
    for (const id of ACTIVATION_IDS) {
      expect(activationRecord(id).label.en.trim(), id).not.toBe('');
      expect(activationRecord(id).label['zh-CN'].trim(), id).not.toBe('');
    }
  });

  it.each(TRAINABLE_ACTIVATIONS)('%s: its histogram range holds the values it takes near zero', (id) => {
    const { lo, hi } = activationRecord(id).trainable!.histogram({});
    expect(lo).toBeLessThan(hi);
    const act = getActivation(id);
    for (const x of [-0.5, -0.1, 0.1, 0.5]) {
      expect(act.f(x), `${id}(${x})`).toBeGreaterThanOrEqual(lo);
      expect(act.f(x), `${id}(${x})`).toBeLessThanOrEqual(hi);
    }
  });

  it.each(TRAINABLE_ACTIVATIONS)('%s: its negative-side regime matches its slope below zero', (id) => {
    const act = getActivation(id);
    const slopes = [-3, -1, -0.2].map((x) => Math.abs(act.df(x)));
    const regime = negativeRegime(id);
    if (regime === 'dead') expect(slopes.every((s) => s === 0)).toBe(true);
    else expect(slopes.every((s) => s > 0)).toBe(true);
    // 'none': saturating on both sides, so its slope falls as |x| grows on the positive side as well.
    if (regime === 'none') expect(Math.abs(act.df(3))).toBeLessThan(Math.abs(act.df(0.2)));
    else expect(act.df(6)).toBeCloseTo(1, 1);
  });
});
