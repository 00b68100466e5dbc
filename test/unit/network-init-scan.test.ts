/** The init scan: what it returns, that it matches the experiment's first step, and that it leaves no tensors. */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/backend';
import * as tf from '../../src/core/tf';
import { createNetworkSession, networkConfigSchema, type NetworkReport } from '../../src/core/experiments/network';
import { initScan } from '../../src/core/init-scan';

beforeAll(async () => {
  expect(await initBackend()).toBe('wasm');
});

describe('initScan', () => {
  it('returns per-layer spreads and gradient norms for each case, numbers standing for normal σ', () => {
    const results = initScan({ activation: 'tanh', depth: 6, width: 8, cases: [0.5, { scheme: 'he-normal' }] });
    expect(results.map((r) => [r.scheme, r.scale])).toEqual([
      ['normal', 0.5],
      ['he-normal', 1],
    ]);
    for (const r of results) {
      expect(r.forwardStd).toHaveLength(5);
      expect(r.preStd).toHaveLength(5);
      expect(r.gradNorms).toHaveLength(6);
      expect(r.finite).toBe(true);
    }
  });

  it('is the `network` experiment’s first step: same data, weights, batch and gradients', () => {
    const [scan] = initScan({
      activation: 'sigmoid',
      depth: 12,
      width: 32,
      cases: [{ scheme: 'xavier-normal' }],
      seed: 7,
    });
    const session = createNetworkSession(
      networkConfigSchema.parse({ activation: 'sigmoid', depth: 12, width: 32, init: 'xavier-normal', seed: 7 }),
    );
    const r = (session.step() as { ok: true; report: NetworkReport }).report;
    session.dispose();
    expect(scan!.gradNorms).toEqual(r.gradNorms);
    expect(scan!.loss).toBe(r.loss);
    expect(scan!.preStd).toEqual(r.preStd);
  });

  it('is deterministic and scales one set of normal draws', () => {
    const a = initScan({ activation: 'linear', depth: 3, width: 4, cases: [1, 2] });
    const b = initScan({ activation: 'linear', depth: 3, width: 4, cases: [1, 2] });
    expect(a).toEqual(b);
    // A linear network's first layer output is x·W_1: doubling σ doubles its spread exactly (up to rounding).
    expect(a[1]!.forwardStd[0]! / a[0]!.forwardStd[0]!).toBeCloseTo(2, 5);
  });

  it('flags overflow instead of throwing', () => {
    const [r] = initScan({ activation: 'relu', depth: 40, width: 64, cases: [10] });
    expect(r!.finite).toBe(false);
  });

  it('leaves no tensors behind', () => {
    const start = tf.memory().numTensors;
    initScan({
      activation: 'relu',
      depth: 8,
      width: 16,
      cases: [0.1, 1, { scheme: 'he-normal' }],
      batchNorm: true,
      residual: true,
    });
    expect(tf.memory().numTensors).toBe(start);
  });
});
