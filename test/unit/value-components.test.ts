/**
 * <NetworkValue> and <ActivationValue>: the build errors an author sees for a wrong prop, pinned word for word, and
 * the readings of a `network` run that <NetworkValue> prints (src/core/experiments/network-readings.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseProps } from '../../src/authoring/props';
import { activationValuePropsSchema } from '../../src/authoring/schemas/activation-value';
import { networkConfigOf } from '../../src/authoring/schemas/network-lab';
import { initLabPropsSchema } from '../../src/authoring/schemas/network-lab';
import { networkValuePropsSchema } from '../../src/authoring/schemas/network-value';
import { initBackend } from '../../src/core/backend';
import { runExperiment } from '../../src/core/experiment';
import { readMlp } from '../../src/core/experiments/mlp-readings';
import { networkConfigSchema, networkExperiment } from '../../src/core/experiments/network';
import { readNetwork } from '../../src/core/experiments/network-readings';

const SOURCE = 'content/causes/weights.mdx:7';
const network = (props: Record<string, unknown>) => () =>
  parseProps('NetworkValue', networkValuePropsSchema, { __source: SOURCE, ...props });
const activation = (props: Record<string, unknown>) => () =>
  parseProps('ActivationValue', activationValuePropsSchema, { __source: SOURCE, ...props });

describe('<NetworkValue> props', () => {
  it('fills in the experiment’s own defaults and 200 steps', () => {
    expect(parseProps('NetworkValue', networkValuePropsSchema, { value: 'ratio' })).toMatchObject({
      depth: 20,
      activation: 'sigmoid',
      init: 'xavier-normal',
      steps: 200,
      window: 1,
      digits: 2,
    });
  });

  it('gives a lab’s run and its own the same config when the settings agree, whatever the prop order', () => {
    const {
      steps: s1,
      maxSteps,
      compare,
      id,
      ...lab
    } = parseProps('InitLab', initLabPropsSchema, {
      depth: 30,
      activation: 'tanh',
      init: 'normal',
      initScale: 0.1,
    });
    const { value, layer, at, window, digits, steps, atLeast, atMost, ...mine } = parseProps(
      'NetworkValue',
      networkValuePropsSchema,
      { initScale: 0.1, init: 'normal', activation: 'tanh', depth: 30, value: 'ratio', steps: 1 },
    );
    expect(JSON.stringify(networkConfigOf(mine))).toBe(JSON.stringify(networkConfigOf(lab)));
    expect(steps).toBe(s1);
  });

  it('names a value it does not know', () => {
    expect(network({ value: 'signal-gain' })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <NetworkValue> in content/causes/weights.mdx:7:
        prop "value" is "signal-gain"; expected one of "ratio", "per-layer", "loss", "accuracy", "first-layer", "last-layer", "max-gradient", "signal-ratio", "signal-per-layer", "max-unit-spread", "gradient", "signal", "pre-std", "act-mean", "unit-spread", "diverged-at"]
    `);
  });

  it('asks for a layer where the value reads one, refuses it elsewhere, and names the layers that exist', () => {
    expect(network({ value: 'signal' })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <NetworkValue> in content/causes/weights.mdx:7:
        prop "layer": is missing: "signal" reads one layer]
    `);
    expect(network({ value: 'ratio', layer: 3 })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <NetworkValue> in content/causes/weights.mdx:7:
        prop "layer": is 3, but "ratio" reads the whole network]
    `);
    expect(network({ value: 'pre-std', layer: 6, depth: 6 })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <NetworkValue> in content/causes/weights.mdx:7:
        prop "layer": is 6, but a depth-6 network has hidden layers 1 to 5]
    `);
    expect(network({ value: 'gradient', layer: 7, depth: 6 })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <NetworkValue> in content/causes/weights.mdx:7:
        prop "layer": is 7, but a depth-6 network has weight layers 1 to 6]
    `);
    expect(parseProps('NetworkValue', networkValuePropsSchema, { value: 'gradient', layer: 6, depth: 6 }).layer).toBe(
      6,
    );
  });

  it('checks the step against the run, and refuses a step for the divergence', () => {
    expect(network({ value: 'loss', steps: 1, at: 2 })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <NetworkValue> in content/causes/weights.mdx:7:
        prop "at": is 2, after the run's last step (steps = 1)]
    `);
    expect(network({ value: 'diverged-at', at: 1 })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <NetworkValue> in content/causes/weights.mdx:7:
        prop "value": "diverged-at" takes neither "at" nor "window"]
    `);
  });

  it('refuses the settings the network labs do not expose', () => {
    expect(network({ value: 'ratio', residual: true })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <NetworkValue> in content/causes/weights.mdx:7:
        unknown prop "residual" (allowed props: depth, width, activation, leakyAlpha, eluAlpha, init, initScale, batchNorm, learningRate, batchSize, seed, value, layer, steps, at, window, digits, atLeast, atMost)]
    `);
  });
});

describe('<ActivationValue> props', () => {
  it('requires the activation, the value and the point', () => {
    expect(activation({})).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <ActivationValue> in content/causes/weights.mdx:7:
        prop "activation" is nothing; expected one of "sigmoid", "tanh", "relu", "leaky-relu", "elu", "selu", "gelu", "softplus", "swish", "linear"
        prop "value" is nothing; expected one of "f", "df"
        prop "at" is nothing; expected a number from -50 to 50]
    `);
  });

  it('names a misspelt activation and a point out of range', () => {
    expect(activation({ activation: 'sigmod', value: 'df', at: 80 })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <ActivationValue> in content/causes/weights.mdx:7:
        prop "activation" is "sigmod"; expected one of "sigmoid", "tanh", "relu", "leaky-relu", "elu", "selu", "gelu", "softplus", "swish", "linear"
        prop "at" is 80; expected a number from -50 to 50]
    `);
  });
});

describe('readNetwork', () => {
  beforeAll(async () => {
    expect(await initBackend()).toBe('wasm');
  });

  it('reads the gradients exactly as readMlp does, and the forward pass from the report', () => {
    const { reports } = runExperiment(
      networkExperiment,
      { depth: 6, width: 8, activation: 'tanh', histogramEvery: 1000 },
      5,
    );
    for (const reading of ['ratio', 'per-layer', 'loss', 'accuracy', 'first-layer', 'last-layer'] as const)
      expect(readNetwork(reports, reading, { at: 4, window: 2 })).toBe(readMlp(reports, reading, 4, 2));
    const r = reports[2]!;
    expect(readNetwork(reports, 'gradient', { at: 3, layer: 6 })).toBe(r.gradNorms[5]);
    expect(readNetwork(reports, 'max-gradient', { at: 3 })).toBe(Math.max(...r.gradNorms));
    expect(readNetwork(reports, 'signal', { at: 3, layer: 2 })).toBe(r.outStd[1]);
    expect(readNetwork(reports, 'pre-std', { at: 3, layer: 5 })).toBe(r.preStd[4]);
    expect(readNetwork(reports, 'act-mean', { at: 3, layer: 1 })).toBe(r.actMean[0]);
    expect(readNetwork(reports, 'unit-spread', { at: 3, layer: 4 })).toBe(r.unitSpread[3]);
    expect(readNetwork(reports, 'max-unit-spread', { at: 3 })).toBe(Math.max(...r.unitSpread));
    expect(readNetwork(reports, 'signal-ratio', { at: 3 })).toBe(r.outStd[4]! / r.outStd[0]!);
    expect(readNetwork(reports, 'signal-per-layer', { at: 3 })).toBeCloseTo(
      (r.outStd[4]! / r.outStd[0]!) ** (1 / 4),
      12,
    );
  });

  it('averages means arithmetically and spreads geometrically over a window', () => {
    const { reports } = runExperiment(
      networkExperiment,
      { depth: 4, width: 8, activation: 'tanh', histogramEvery: 1000 },
      3,
    );
    const means = reports.map((r) => r.actMean[0]!);
    expect(readNetwork(reports, 'act-mean', { layer: 1, window: 3 })).toBeCloseTo(
      (means[0]! + means[1]! + means[2]!) / 3,
      12,
    );
    const spreads = reports.map((r) => r.outStd[0]!);
    expect(readNetwork(reports, 'signal', { layer: 1, window: 3 })).toBeCloseTo(
      Math.cbrt(spreads[0]! * spreads[1]! * spreads[2]!),
      12,
    );
  });

  it('refuses a step, a window or a layer outside the run', () => {
    const { reports } = runExperiment(
      networkExperiment,
      networkConfigSchema.parse({ depth: 3, width: 4, histogramEvery: 1000 }),
      2,
    );
    expect(() => readNetwork(reports, 'loss', { at: 3 })).toThrow('step 3 is outside the run (1…2)');
    expect(() => readNetwork(reports, 'loss', { window: 3 })).toThrow('a window of 3 steps does not fit before step 2');
    expect(() => readNetwork(reports, 'signal', {})).toThrow('"signal" reads one layer: give the layer');
    expect(() => readNetwork(reports, 'signal', { layer: 3 })).toThrow('layer 3 is outside 1…2 for "signal"');
    expect(readNetwork(reports, 'gradient', { layer: 3 })).toBe(reports[1]!.gradNorms[2]);
  });
});
