/**
 * The claims of content/remedies/clipping-regularization.mdx (and its Chinese edition) that are made in words, held
 * on the code that produces the chapter's figures. Numbers printed in the chapter come from <ClippingValue>, which
 * checks its own claims at build time; these tests cover what the prose says around them. Seed 1, the lab's
 * settings (8 layers, ReLU, N(0, 0.5²), learning rate 0.1, global norm clipped at 1), unless said.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { clippingConfig } from '../../src/authoring/schemas/remedy-labs';
import { initBackend } from '../../src/core/backend';
import { clipGradients } from '../../src/core/clipping';
import { initStd } from '../../src/core/init';
import { createRng } from '../../src/core/random';
import * as tf from '../../src/core/tf';
import { networkConfigSchema, networkExperiment } from '../../src/core/experiments/network';
import { readClipping } from '../../src/core/experiments/clipping-readings';
import { buildRun } from '../../src/ssr/runs';

beforeAll(async () => {
  expect(await initBackend()).toBe('wasm');
});

/** The run a <ClippingLab> with these settings draws (200 steps). */
const lab = (over: Record<string, unknown> = {}) =>
  buildRun(networkExperiment, networkConfigSchema.parse(clippingConfig.parse(over)), 200);

const norm = (v: number[]) => Math.hypot(...v);
const angle = (a: number[], b: number[]) =>
  (Math.acos(a.reduce((s, x, i) => s + x * b[i]!, 0) / (norm(a) * norm(b))) * 180) / Math.PI;

describe('clipping chapter: the arithmetic in the prose', () => {
  it('the lab’s initial scale, its per-layer factor, and the length of a clipped step', () => {
    const cfg = clippingConfig.parse({});
    expect([
      cfg.depth,
      cfg.width,
      cfg.activation,
      cfg.init,
      cfg.initScale,
      cfg.learningRate,
      cfg.clipThreshold,
    ]).toEqual([8, 32, 'relu', 'normal', 0.5, 0.1, 1]);
    // He's σ for 32 inputs, and the factor √(n σ²/2) per ReLU layer: 2, so 2⁷ = 128 over seven hidden layers.
    expect(initStd({ scheme: 'he-normal' }, 32, 32)).toBeCloseTo(0.25, 12);
    expect(Math.sqrt((32 * 0.5 ** 2) / 2)).toBe(2);
    expect(2 ** 7).toBe(128);
    expect(cfg.learningRate * cfg.clipThreshold).toBeCloseTo(0.1, 12);
  });

  it('weight decay’s factor and its halving time; L1’s constant pull', () => {
    const factor = 1 - 2 * 0.1 * 0.01;
    expect(factor).toBeCloseTo(0.998, 12);
    expect(Math.log(2) / -Math.log(factor)).toBeCloseTo(346, 0);
    // "about 350 steps"
    expect(Math.abs(Math.log(2) / -Math.log(factor) - 350)).toBeLessThan(5);
    expect(0.1 * 0.001).toBeCloseTo(1e-4, 15);
    expect(0.001 / (0.1 * 0.001)).toBeCloseTo(10, 9);
    expect(1 / (0.1 * 0.001)).toBeCloseTo(10_000, 6);
  });

  // The first exercise, through the course's own clipping code: one element 100, ninety-nine elements 1.
  it('value clipping turns the step by about 79°, norm clipping not at all', () => {
    const g = [100, ...Array.from({ length: 99 }, () => 1)];
    expect(norm(g)).toBeCloseTo(100.5, 1);
    const clip = (mode: 'value' | 'norm') =>
      tf.tidy(() => {
        const out = clipGradients({ g: tf.tensor1d(g) }, { mode, threshold: 1 });
        return Array.from(out.grads['g']!.dataSync());
      });
    const byValue = clip('value');
    expect(byValue.every((v) => v === 1)).toBe(true);
    expect((100 + 99) / (norm(g) * 10)).toBeCloseTo(0.198, 3);
    expect(angle(g, byValue)).toBeCloseTo(79, 0);
    expect(angle(g, clip('norm'))).toBeLessThan(0.1);
  });

  // Random gradients of three layers, one of them 1e-8 the size of the others (vanishing), clipped both ways.
  it('neither kind of clipping lengthens any layer’s gradient; norm clipping keeps the ratios between layers', () => {
    const rng = createRng(6);
    const layers = [1e-8, 1, 3].map((s) => Array.from({ length: 20 }, () => s * rng.normal()));
    for (const [mode, threshold] of [
      ['value', 0.5],
      ['norm', 1],
    ] as const) {
      const out = tf.tidy(() => {
        const clipped = clipGradients(Object.fromEntries(layers.map((v, i) => [`l${i}`, tf.tensor1d(v)])), {
          mode,
          threshold,
        }).grads;
        return layers.map((_, i) => Array.from(clipped[`l${i}`]!.dataSync()));
      });
      out.forEach((v, l) =>
        v.forEach((x, i) => expect(Math.abs(x)).toBeLessThanOrEqual(Math.abs(layers[l]![i]!) * (1 + 1e-6))),
      );
      if (mode === 'value') {
        // "A vanishing layer's tiny elements are left as they are, so the ratio moves towards 1 … because the last
        // layer's shrank."
        expect(out[0]).toEqual(layers[0]!.map((x) => Math.fround(x)));
        expect(norm(out[2]!)).toBeLessThan(norm(layers[2]!));
        expect(norm(out[0]!) / norm(out[2]!)).toBeGreaterThan(norm(layers[0]!) / norm(layers[2]!));
      }
      if (mode === 'norm') {
        const before = norm(layers[0]!) / norm(layers[2]!);
        expect(norm(out[0]!) / norm(out[2]!)).toBeCloseTo(before, 12);
        // The vanishing layer is left exactly as small as it was, relative to the others.
        expect(norm(out[0]!) / norm(out[2]!)).toBeLessThan(1e-7);
      }
    }
  });
});

describe('clipping chapter: the lab’s runs', () => {
  // Measured: the unclipped run's global norms are 57.8, 621, 1.3e5, 1.34e15 at steps 1–4, then the loss overflows.
  it('"without clipping the first update makes the next gradient larger, and that one the next"', async () => {
    const { reports, divergence } = await lab({ clip: 'none' });
    expect(divergence).not.toBeNull();
    const norms = reports.map((r) => r.clipNormBefore);
    expect(norms.length).toBeGreaterThanOrEqual(3);
    norms.slice(1).forEach((n, i) => expect(n).toBeGreaterThan(norms[i]!));
  });

  // Measured: both unclipped runs, without and with L2 (α₂ = 0.01), overflow at step 5 (the loss).
  it('"a network that overflows within five steps", and L2 "overflows at step 5, as without the penalty"', async () => {
    const plain = (await lab({ clip: 'none' })).divergence as { step: number } | null;
    const l2 = (await lab({ clip: 'none', l2: 0.01 })).divergence as { step: number } | null;
    expect(plain).not.toBeNull();
    expect(plain!.step).toBeLessThanOrEqual(5);
    expect(l2).not.toBeNull();
    expect(l2!.step).toBe(plain!.step);
  });

  // Measured (clipping each element to ±1): no divergence, 28 of 200 steps changed, loss 0.105 and accuracy 96.6% over
  // the last 50 steps. Bound: the loss below 0.3, as the clipped-by-norm run's "it learns".
  it('"clipping each element to ±1 instead also gets this network through"', async () => {
    const { reports, divergence } = await lab({ clip: 'value' });
    expect(divergence).toBeNull();
    expect(reports).toHaveLength(200);
    expect(readClipping(reports, 'loss', { window: 50 })).toBeLessThan(0.3);
  });

  // Measured: the norm after clipping is 1 to within 2.4e-7 at all 200 steps (the norm before is at least 1.99).
  // The first figure, c = 10: clipping acts on a few early steps (measured: 8, the last at step 27), then never again,
  // so "from then on the run is ordinary gradient descent": every later pre-clipping norm is at most c.
  it('with c = 10 clipping acts only at the start, then steps aside', async () => {
    const { reports } = await lab({ clipThreshold: 10 });
    const last = readClipping(reports, 'last-clipped');
    expect(last).toBeLessThanOrEqual(50);
    for (const r of reports.slice(last)) expect(r.clipNormBefore).toBeLessThanOrEqual(10);
  });

  it('"every update had length exactly 0.1": the clipped norm is c at every step', async () => {
    const { reports } = await lab();
    expect(reports).toHaveLength(200);
    for (const r of reports) {
      expect(r.clipNormBefore).toBeGreaterThan(1);
      expect(Math.abs(r.clipNormAfter - 1)).toBeLessThan(1e-6);
    }
  });

  // Measured over the last 50 steps: 0.106 with c = 10, 0.207 with c = 1 — the c = 1 run "still learns, more slowly".
  it('the c = 1 run’s loss over the last 50 steps "is higher than with c = 10"', async () => {
    expect(readClipping((await lab({ clipThreshold: 10 })).reports, 'loss', { window: 50 })).toBeLessThan(
      readClipping((await lab()).reports, 'loss', { window: 50 }),
    );
  });

  // Measured: in the unclipped L2 run the penalty's largest share of a layer's gradient is 0.026 at step 1 (a
  // gradient norm of 58), then falls as the data gradient explodes: 3.2e-3, 5.5e-5, 9.1e-12 at steps 2–4. Bound:
  // below 0.01 from step 2.
  it('"a penalty’s gradient is tiny next to an exploding data gradient"', async () => {
    const { reports, divergence } = await lab({ clip: 'none', l2: 0.01 });
    expect(divergence).not.toBeNull();
    for (const r of reports.slice(1)) for (const s of r.penaltyShare) expect(s).toBeLessThan(0.01);
  });

  // Measured Σ‖W_l‖ at step 200: 103.48 without a penalty, 99.09 with L2 (α₂ = 0.01, 4.2% less), 103.14 with L1
  // (α₁ = 0.001, 0.3% less); 103.77 at step 1. Bounds: L2 at least 2% less, L1 less but by under 1%.
  it('"over 200 steps L2 shrinks the weights a little and L1 barely at all"', async () => {
    const none = readClipping((await lab()).reports, 'weight-norm');
    expect(readClipping((await lab({ l2: 0.01 })).reports, 'weight-norm')).toBeLessThan(0.98 * none);
    const l1 = readClipping((await lab({ l1: 0.001 })).reports, 'weight-norm');
    expect(l1).toBeLessThan(none);
    expect(l1).toBeGreaterThan(0.99 * none);
  });

  // Measured over the last 50 steps: 0.0705 without clipping at learning rate 0.01, 0.207 clipped at c = 1.
  it('the last exercise: a ten times smaller learning rate trains without clipping, to a lower loss than c = 1', async () => {
    const small = await lab({ clip: 'none', learningRate: 0.01 });
    expect(small.divergence).toBeNull();
    expect(readClipping(small.reports, 'loss', { window: 50 })).toBeLessThan(
      readClipping((await lab()).reports, 'loss', { window: 50 }),
    );
  });
});

describe('clipping chapter: the warm-up', () => {
  it('g = (3, 4) at c = 1: by norm (0.6, 0.8), by value (1, 1), turned from about 53° to 45°', () => {
    const clip = (mode: 'norm' | 'value') =>
      tf.tidy(() => {
        const { grads } = clipGradients({ g: tf.tensor1d([3, 4]) }, { mode, threshold: 1 });
        return Array.from(grads.g!.dataSync());
      });
    const [byNorm, byValue] = [clip('norm'), clip('value')];
    expect(byNorm[0]).toBeCloseTo(0.6, 6);
    expect(byNorm[1]).toBeCloseTo(0.8, 6);
    expect(byValue).toEqual([1, 1]);
    const degrees = (v: number[]) => (Math.atan2(v[1]!, v[0]!) * 180) / Math.PI;
    expect(degrees([3, 4])).toBeCloseTo(53.13, 2);
    expect(degrees(byNorm)).toBeCloseTo(degrees([3, 4]), 4);
    expect(degrees(byValue)).toBeCloseTo(45, 6);
  });
});
