/**
 * The claims of content/causes/deep-networks.mdx (and its Chinese edition) that are made in words, held on the
 * code that produces the chapter's figures. Numbers printed in the chapter come from <TraceValue>, which checks
 * its own claim at build time; these tests cover what the prose says around them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/backend';
import { runExperiment } from '../../src/core/experiment';
import { mlpExperiment } from '../../src/core/experiments/mlp';
import { readMlp } from '../../src/core/experiments/mlp-readings';

beforeAll(async () => {
  await initBackend();
});

function run(over: Record<string, unknown>, steps: number) {
  return runExperiment(mlpExperiment, over, steps);
}

const ratioAtStep1 = (over: Record<string, unknown>) => readMlp(run(over, 1).reports, 'ratio', 1);

describe('deep-networks chapter', () => {
  it('"(1/4)^19, below 10^-11"', () => {
    expect(0.25 ** 19).toBeLessThan(1e-11);
  });

  // Measured ratios at step 1 (seed 1): depth 10: 1.7e-7, depth 30: 5.4e-20, so each added layer multiplies by
  // (5.4e-20 / 1.7e-7)^(1/20) = 0.24 — "roughly another fifth to a quarter" (asserted: between 1/6 and 0.3).
  it('"each layer you add multiplies the first layer\'s gradient by roughly another fifth to a quarter"', () => {
    const perAdded = (ratioAtStep1({ depth: 30 }) / ratioAtStep1({ depth: 10 })) ** (1 / 20);
    expect(perAdded).toBeGreaterThan(1 / 6);
    expect(perAdded).toBeLessThan(0.3);
  });

  // Measured: tanh with Xavier, depth 20: ratio 0.43 at step 1.
  it('"with tanh and Xavier initialisation the profile becomes nearly flat"', () => {
    const r = ratioAtStep1({ activation: 'tanh' });
    expect(r).toBeGreaterThan(0.1);
    expect(r).toBeLessThan(10);
  });

  // Measured: ReLU with N(0, 1) weights diverges at step 2 (seed 1).
  it('"within a few steps the loss overflows" for ReLU with σ = 1', () => {
    const { divergence } = run({ activation: 'relu', init: 'normal', initScale: 1 }, 50);
    expect(divergence).not.toBeNull();
    expect(divergence!.step).toBeLessThanOrEqual(5);
  });

  it('the exercise on a chain of one unit per layer', () => {
    expect(0.9 ** 49).toBeCloseTo(0.0057, 4);
    expect(1.1 ** 49).toBeCloseTo(107, 0);
    expect(Math.log10(1.1 ** 49 / 0.9 ** 49)).toBeGreaterThan(4);
  });

  // Measured at step 1: first-layer gradient 8.7e-8 (σ = 0.125) and 2.5e4 (σ = 0.5); per-layer factors of the
  // ∂L/∂W profile 0.998 and 1.008, i.e. flat.
  it('the exercise on a flat profile at the wrong height: ReLU weight gradients stay balanced across layers', () => {
    for (const initScale of [0.125, 0.5]) {
      const perLayer = readMlp(run({ activation: 'relu', init: 'normal', initScale }, 1).reports, 'per-layer', 1);
      expect(perLayer).toBeGreaterThan(0.9);
      expect(perLayer).toBeLessThan(1.1);
    }
  });
});
