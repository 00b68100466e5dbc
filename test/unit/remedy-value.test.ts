/**
 * <RemedyValue>: the build errors an author sees for a wrong prop, pinned word for word; that it reads the very run
 * of the lab it names (the same configuration and steps as the lab's lane, so the build's run cache trains it once);
 * and the readings of dead units it adds to readNetwork (src/core/experiments/remedy-readings.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseProps } from '../../src/authoring/props';
import { secondConfig } from '../../src/authoring/schemas/island';
import {
  batchNormConfig,
  batchNormPropsSchema,
  reluFamilyConfig,
  reluFamilyPropsSchema,
  residualConfig,
  residualPropsSchema,
} from '../../src/authoring/schemas/remedy-labs';
import { remedyRun, remedyValuePropsSchema } from '../../src/authoring/schemas/remedy-value';
import { initBackend } from '../../src/core/backend';
import { runExperiment } from '../../src/core/experiment';
import { networkConfigSchema, networkExperiment } from '../../src/core/experiments/network';
import { readNetwork } from '../../src/core/experiments/network-readings';
import { readRemedy } from '../../src/core/experiments/remedy-readings';

const SOURCE = 'content/remedies/relu-family.mdx:9';
const value = (props: Record<string, unknown>) => () =>
  parseProps('RemedyValue', remedyValuePropsSchema, { __source: SOURCE, ...props });
const run = (props: Record<string, unknown>) => remedyRun(value(props)());

/** What a lab's .astro file trains for its first lane and for `compare` (components/*Lab.astro). */
function labLanes(
  propsSchema: { parse(p: unknown): Record<string, unknown> },
  config: { parse(p: unknown): { seed: number } },
  props: Record<string, unknown>,
) {
  const { steps, maxSteps, compare, id, ...settings } = propsSchema.parse(props) as Record<string, unknown> & {
    steps: number;
    compare?: Record<string, unknown>;
  };
  const first = config.parse(settings);
  const second = secondConfig(config, first, compare);
  return {
    steps,
    keys: [first, second].filter((c) => c !== null).map((c) => JSON.stringify(networkConfigSchema.parse(c))),
  };
}

describe('<RemedyValue> reads the run of the lab it names', () => {
  it.each([
    ['ReluFamilyLab', reluFamilyPropsSchema, reluFamilyConfig, { learningRate: 1 }, { learningRate: 0.1 }],
    ['BatchNormLab', batchNormPropsSchema, batchNormConfig, {}, { batchNorm: true }],
    [
      'ResidualLab',
      residualPropsSchema,
      residualConfig,
      { depth: 50, activation: 'relu', init: 'he-normal', batchNorm: true },
      { residual: true },
    ],
  ] as const)('%s: both lanes, with the lab’s steps and defaults', (lab, props, config, settings, compare) => {
    const lanes = labLanes(props, config, { ...settings, compare });
    const a = run({ lab, value: 'loss', ...settings });
    const b = run({ lab, value: 'loss', ...settings, ...compare });
    expect([JSON.stringify(a.config), JSON.stringify(b.config)]).toEqual(lanes.keys);
    expect(a.steps).toBe(lanes.steps);
    expect(b.steps).toBe(lanes.steps);
  });

  it('takes the lab’s defaults, not the experiment’s', () => {
    expect(run({ lab: 'ReluFamilyLab', value: 'ratio' })).toMatchObject({
      config: { depth: 10, activation: 'relu', init: 'he-normal', histogramEvery: 1000 },
      steps: 150,
    });
    expect(run({ lab: 'BatchNormLab', value: 'ratio' })).toMatchObject({
      config: { depth: 10, activation: 'sigmoid', init: 'xavier-normal', batchNorm: false, histogramEvery: 10 },
      steps: 100,
    });
    expect(run({ lab: 'ResidualLab', value: 'ratio', steps: 1 })).toMatchObject({
      config: { depth: 32, activation: 'tanh', residual: false, blockLayers: 2 },
      steps: 1,
    });
  });
});

describe('<RemedyValue> props', () => {
  it('requires the lab and the value, and names the choices', () => {
    expect(value({ value: 'dead' })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <RemedyValue> in content/remedies/relu-family.mdx:9:
        prop "lab" is nothing; expected one of "ReluFamilyLab", "BatchNormLab", "ResidualLab"]
    `);
    expect(value({ lab: 'ReluLab', value: 'dead-count' })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <RemedyValue> in content/remedies/relu-family.mdx:9:
        prop "lab" is "ReluLab"; expected one of "ReluFamilyLab", "BatchNormLab", "ResidualLab"
        prop "value" is "dead-count"; expected one of "ratio", "per-layer", "loss", "accuracy", "first-layer", "last-layer", "max-gradient", "signal-ratio", "signal-per-layer", "max-unit-spread", "gradient", "signal", "pre-std", "act-mean", "unit-spread", "dead", "dead-share", "diverged-at"]
    `);
  });

  it('keeps the shortcuts to <ResidualLab>', () => {
    expect(value({ lab: 'BatchNormLab', value: 'ratio', residual: true })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <RemedyValue> in content/remedies/relu-family.mdx:9:
        prop "residual": is a setting of <ResidualLab>, not of <BatchNormLab>]
    `);
    expect(value({ lab: 'ResidualLab', value: 'ratio', residual: true, blockLayers: 3 })).not.toThrow();
  });

  it('checks the layer against the depth the lab’s defaults give', () => {
    expect(value({ lab: 'ReluFamilyLab', value: 'dead' })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <RemedyValue> in content/remedies/relu-family.mdx:9:
        prop "layer": is missing: "dead" reads one layer]
    `);
    expect(value({ lab: 'ReluFamilyLab', value: 'dead-share', layer: 2 })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <RemedyValue> in content/remedies/relu-family.mdx:9:
        prop "layer": is 2, but "dead-share" reads the whole network]
    `);
    expect(value({ lab: 'ReluFamilyLab', value: 'dead', layer: 10 })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <RemedyValue> in content/remedies/relu-family.mdx:9:
        prop "layer": is 10, but this depth-10 network has hidden layers 1 to 9]
    `);
    expect(value({ lab: 'ResidualLab', value: 'gradient', layer: 33 })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <RemedyValue> in content/remedies/relu-family.mdx:9:
        prop "layer": is 33, but this depth-32 network has weight layers 1 to 32]
    `);
    expect(value({ lab: 'ResidualLab', value: 'gradient', layer: 32 })).not.toThrow();
    expect(value({ lab: 'ReluFamilyLab', value: 'dead', layer: 19, depth: 20 })).not.toThrow();
  });

  it('checks the step against the lab’s steps, and batch norm against the batch size', () => {
    expect(value({ lab: 'ResidualLab', value: 'loss', at: 61 })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <RemedyValue> in content/remedies/relu-family.mdx:9:
        prop "at": is 61, after the run's last step (steps = 60)]
    `);
    expect(value({ lab: 'ResidualLab', value: 'loss', at: 61, steps: 100 })).not.toThrow();
    expect(value({ lab: 'BatchNormLab', value: 'loss', window: 101 })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <RemedyValue> in content/remedies/relu-family.mdx:9:
        prop "window": is 101, longer than the steps before "at"]
    `);
    expect(value({ lab: 'ReluFamilyLab', value: 'diverged-at', at: 2 })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <RemedyValue> in content/remedies/relu-family.mdx:9:
        prop "value": "diverged-at" takes neither "at" nor "window"]
    `);
    expect(value({ lab: 'BatchNormLab', value: 'loss', batchNorm: true, batchSize: 1 }))
      .toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <RemedyValue> in content/remedies/relu-family.mdx:9:
        prop "batchSize": must be at least 2 with batchNorm (the variance of one example is 0)]
    `);
  });
});

describe('readRemedy', () => {
  beforeAll(async () => {
    expect(await initBackend()).toBe('wasm');
  });

  it('reads dead units from the report, and everything else as readNetwork', () => {
    const { reports } = runExperiment(
      networkExperiment,
      { depth: 6, width: 8, activation: 'relu', init: 'he-normal', histogramEvery: 1000 },
      5,
    );
    const r = reports[2]!;
    expect(readRemedy(reports, 'dead', { at: 3, layer: 4 })).toBe(r.deadFraction[3]);
    const share = r.deadFraction.reduce((s, v) => s + v, 0) / r.deadFraction.length;
    expect(readRemedy(reports, 'dead-share', { at: 3 })).toBeCloseTo(share, 12);
    const shares = reports.slice(2, 5).map((q) => q.deadFraction.reduce((s, v) => s + v, 0) / q.deadFraction.length);
    expect(readRemedy(reports, 'dead-share', { window: 3 })).toBeCloseTo(
      (shares[0]! + shares[1]! + shares[2]!) / 3,
      12,
    );
    for (const reading of ['ratio', 'loss', 'signal-ratio'] as const)
      expect(readRemedy(reports, reading, { at: 4, window: 2 })).toBe(
        readNetwork(reports, reading, { at: 4, window: 2 }),
      );
    expect(readRemedy(reports, 'pre-std', { layer: 2 })).toBe(readNetwork(reports, 'pre-std', { layer: 2 }));
  });

  it('refuses a step, a window or a layer outside the run', () => {
    const { reports } = runExperiment(
      networkExperiment,
      { depth: 3, width: 4, activation: 'relu', histogramEvery: 1000 },
      2,
    );
    expect(() => readRemedy(reports, 'dead-share', { at: 3 })).toThrow('step 3 is outside the run (1…2)');
    expect(() => readRemedy(reports, 'dead-share', { window: 3 })).toThrow(
      'a window of 3 steps does not fit before step 2',
    );
    expect(() => readRemedy(reports, 'dead', {})).toThrow('"dead" reads one layer: give the layer');
    expect(() => readRemedy(reports, 'dead', { layer: 3 })).toThrow('layer 3 is outside 1…2 for "dead"');
  });
});
