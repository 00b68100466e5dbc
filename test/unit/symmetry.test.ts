import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/backend';
import { initStd, sampleWeights } from '../../src/core/init';
import { createRng } from '../../src/core/random';
import { unitSpread } from '../../src/core/symmetry';
import { createNetworkSession, networkConfigSchema } from '../../src/core/experiments/network';
import { readNetwork } from '../../src/core/experiments/network-readings';
import { runExperiment } from '../../src/core/experiment';
import { networkExperiment } from '../../src/core/experiments/network';

beforeAll(async () => {
  await initBackend();
});

describe('unitSpread', () => {
  // A 2-input, 3-unit layer, row-major: W[j][i] is input j's weight into unit i.
  it('is 0 when every column (unit) is the same, whatever the rows hold', () => {
    expect(unitSpread([0.5, 0.5, 0.5, -2, -2, -2], 2, 3)).toBe(0);
    expect(unitSpread([0, 0, 0, 0, 0, 0], 2, 3, [0.1, 0.1, 0.1])).toBe(0);
  });

  it('is the largest difference from the first unit, over weights and biases', () => {
    expect(unitSpread([1, 1, 1.25, 3, 2.5, 3], 2, 3)).toBe(0.5);
    expect(unitSpread([1, 1, 1.25, 3, 2.5, 3], 2, 3, [0, 0, -2])).toBe(2);
    // A single unit is always alike itself.
    expect(unitSpread([4, -1], 2, 1, [7])).toBe(0);
  });

  it('refuses arrays of the wrong size', () => {
    expect(() => unitSpread([1, 2, 3], 2, 2)).toThrow(RangeError);
    expect(() => unitSpread([1, 2, 3, 4], 2, 2, [0])).toThrow(RangeError);
  });
});

describe('the constant initialisation', () => {
  it('sets every weight to the scale, draws nothing, and has spread 0', () => {
    const rng = createRng(5);
    const w = sampleWeights({ scheme: 'constant', scale: 0.3 }, 4, 6, rng);
    expect(new Set(w)).toEqual(new Set([Math.fround(0.3)]));
    expect(w).toHaveLength(24);
    // The stream is untouched: the next draw is the seed's first.
    expect(rng.uniform()).toBe(createRng(5).uniform());
    expect(initStd({ scheme: 'constant', scale: 0.3 }, 4, 6)).toBe(0);
  });

  it('is offered by the network labs, with its value as the scale', () => {
    expect(networkConfigSchema.parse({ init: 'constant', initScale: 0.5 }).init).toBe('constant');
  });
});

describe('the network report’s unitSpread', () => {
  it('reads the model’s weights and biases, hidden layers only, before the update', () => {
    const session = createNetworkSession(
      networkConfigSchema.parse({ depth: 4, width: 5, activation: 'tanh', histogramEvery: 1000 }),
    );
    const layers = session.network.layers.map((l) => ({
      W: l.W.dataSync().slice(),
      b: l.b!.dataSync().slice(),
      fanIn: l.fanIn,
      fanOut: l.fanOut,
    }));
    const outcome = session.step();
    session.dispose();
    if (!outcome.ok) throw new Error('diverged');
    expect(outcome.report.unitSpread).toEqual(layers.slice(0, 3).map((l) => unitSpread(l.W, l.fanIn, l.fanOut, l.b)));
    expect(Math.min(...outcome.report.unitSpread)).toBeGreaterThan(0);
  });

  it.each(['zeros', 'constant'] as const)('%s: 0 in every hidden layer, step after step', (init) => {
    const { reports } = runExperiment(
      networkExperiment,
      { depth: 4, width: 6, activation: 'tanh', init, initScale: 0.5, histogramEvery: 1000 },
      5,
    );
    for (const r of reports) expect(r.unitSpread).toEqual([0, 0, 0]);
    expect(readNetwork(reports, 'max-unit-spread', { window: 5 })).toBe(0);
  });
});
