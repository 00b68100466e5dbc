/**
 * Where a run stopped being finite: the step, the quantity, and for a gradient the layer backpropagation reached
 * first (the one nearest the output whose gradient is not finite), as the labs' alerts and exports say it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/backend';
import { divergenceOf, runExperiment } from '../../src/core/experiment';
import { mlpExperiment } from '../../src/core/experiments/mlp';
import { networkExperiment } from '../../src/core/experiments/network';

beforeAll(async () => {
  await initBackend();
});

describe('divergenceOf', () => {
  it('names the loss when the loss is not finite, with no layer', () => {
    expect(divergenceOf(3, false, [1, Infinity])).toEqual({ step: 3, quantity: 'loss' });
  });

  it('names the layer nearest the output whose gradient is not finite', () => {
    expect(divergenceOf(1, true, [NaN, Infinity, 2, 0.5])).toEqual({ step: 1, quantity: 'gradient', layer: 2 });
    expect(divergenceOf(7, true, [1, 2, Infinity])).toEqual({ step: 7, quantity: 'gradient', layer: 3 });
  });

  it('gives no layer when every layer is finite (a non-finite global norm, say)', () => {
    expect(divergenceOf(2, true, [1, 2, 3])).toEqual({ step: 2, quantity: 'gradient' });
  });
});

describe('a run that overflows at its first step (the deep-networks link in issue 7)', () => {
  // ReLU, N(0, 3²) weights, 35 layers: the backward pass overflows float32 before any update.
  const config = { activation: 'relu', init: 'normal', initScale: 3, depth: 35 } as const;

  it('says where, in the mlp experiment and in the network experiment alike', () => {
    const mlp = runExperiment(mlpExperiment, config, 1);
    const network = runExperiment(networkExperiment, config, 1);
    expect(mlp.reports).toEqual([]);
    expect(mlp.divergence).toMatchObject({ step: 1, quantity: 'gradient' });
    expect(mlp.divergence!.layer).toBeGreaterThanOrEqual(1);
    expect(mlp.divergence!.layer).toBeLessThanOrEqual(35);
    expect(network.divergence).toEqual(mlp.divergence);
  });
});
