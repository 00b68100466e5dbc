/**
 * <SequenceValue>: the build errors an author sees for a wrong prop, pinned word for word; that it asks the build's
 * run cache for the same run as an <RnnLstmLab> lane with the same settings; and the readings of a `sequence` run it
 * prints (src/core/experiments/sequence-readings.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseProps } from '../../src/authoring/props';
import { secondConfig } from '../../src/authoring/schemas/island';
import { rnnLstmConfig, rnnLstmPropsSchema } from '../../src/authoring/schemas/rnn-lstm-lab';
import { sequenceConfigOf, sequenceValuePropsSchema } from '../../src/authoring/schemas/sequence-value';
import { initBackend } from '../../src/core/backend';
import { runExperiment } from '../../src/core/experiment';
import { sequenceConfigSchema, sequenceExperiment } from '../../src/core/experiments/sequence';
import { readSequence } from '../../src/core/experiments/sequence-readings';

const SOURCE = 'content/remedies/lstm.mdx:9';
const value = (props: Record<string, unknown>) => () =>
  parseProps('SequenceValue', sequenceValuePropsSchema, { __source: SOURCE, ...props });

describe('<SequenceValue> props', () => {
  it('fills in the lab’s own defaults and 100 steps', () => {
    expect(parseProps('SequenceValue', sequenceValuePropsSchema, { value: 'reach' })).toMatchObject({
      cell: 'rnn',
      length: 20,
      forgetBias: 1,
      steps: 100,
      window: 1,
      digits: 2,
    });
  });

  it('gives a lab lane and a value with the same settings the same run, whatever the prop order', () => {
    const {
      steps: labSteps,
      maxSteps,
      compare,
      id,
      ...lab
    } = parseProps('RnnLstmLab', rnnLstmPropsSchema, {
      length: 50,
      steps: 1,
      compare: { cell: 'lstm', forgetBias: 3 },
    });
    const first = rnnLstmConfig.parse(lab);
    const second = secondConfig(rnnLstmConfig, first, compare)!;
    const key = (c: unknown) => JSON.stringify(sequenceConfigSchema.parse(c));
    const {
      value: v,
      at,
      window,
      digits,
      steps,
      atLeast,
      atMost,
      ...mine
    } = parseProps('SequenceValue', sequenceValuePropsSchema, {
      steps: 1,
      forgetBias: 3,
      value: 'reach',
      length: 50,
      cell: 'lstm',
    });
    expect(JSON.stringify(sequenceConfigOf(mine))).toBe(key(second));
    expect(steps).toBe(labSteps);
    const rnn = parseProps('SequenceValue', sequenceValuePropsSchema, { value: 'reach', length: 50, steps: 1 });
    const { value: _v, at: _a, window: _w, digits: _d, steps: _s, atLeast: _l, atMost: _m, ...rnnSettings } = rnn;
    expect(JSON.stringify(sequenceConfigOf(rnnSettings))).toBe(key(first));
  });

  it('names a value it does not know', () => {
    expect(value({ value: 'ratio' })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <SequenceValue> in content/remedies/lstm.mdx:9:
        prop "value" is "ratio"; expected one of "reach", "per-step", "loss", "accuracy", "forget-gate", "norm-before", "diverged-at"]
    `);
  });

  it('reads the forget gate only from an LSTM', () => {
    expect(value({ value: 'forget-gate' })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <SequenceValue> in content/remedies/lstm.mdx:9:
        prop "value": "forget-gate" is read from an LSTM: add cell="lstm"]
    `);
    expect(parseProps('SequenceValue', sequenceValuePropsSchema, { value: 'forget-gate', cell: 'lstm' }).cell).toBe(
      'lstm',
    );
  });

  it('checks the step and the window against the run, and refuses them for the divergence', () => {
    expect(value({ value: 'loss', steps: 1, at: 2 })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <SequenceValue> in content/remedies/lstm.mdx:9:
        prop "at": is 2, after the run's last step (steps = 1)]
    `);
    expect(value({ value: 'accuracy', at: 10, window: 20 })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <SequenceValue> in content/remedies/lstm.mdx:9:
        prop "window": is 20, longer than the steps before "at"]
    `);
    expect(value({ value: 'diverged-at', window: 5 })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <SequenceValue> in content/remedies/lstm.mdx:9:
        prop "value": "diverged-at" takes neither "at" nor "window"]
    `);
  });

  it('refuses the settings the lab does not expose', () => {
    expect(value({ value: 'reach', clip: 'none' })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <SequenceValue> in content/remedies/lstm.mdx:9:
        unknown prop "clip" (allowed props: cell, length, hiddenSize, init, initScale, forgetBias, learningRate, batchSize, seed, value, steps, at, window, digits, atLeast, atMost)]
    `);
  });
});

describe('readSequence', () => {
  beforeAll(async () => {
    expect(await initBackend()).toBe('wasm');
  });

  it('reads the report: the reach and its per-step root, the loss, the accuracy, the forget gate, the norm', () => {
    const { reports } = runExperiment(sequenceExperiment, { cell: 'lstm', length: 6, hiddenSize: 4 }, 4);
    const r = reports[2]!;
    const h = r.hiddenGradNorms;
    expect(readSequence(reports, 'reach', { at: 3 })).toBe(h[0]! / h[5]!);
    expect(readSequence(reports, 'per-step', { at: 3 })).toBeCloseTo((h[0]! / h[5]!) ** (1 / 5), 12);
    expect(readSequence(reports, 'loss', { at: 3 })).toBe(r.loss);
    expect(readSequence(reports, 'accuracy', { at: 3 })).toBe(r.accuracy);
    expect(readSequence(reports, 'forget-gate', { at: 3 })).toBe(r.forgetGateMean);
    expect(readSequence(reports, 'norm-before', { at: 3 })).toBe(r.normBefore);
    expect(readSequence(reports, 'loss')).toBe(reports[3]!.loss);
  });

  it('averages the loss, the accuracy and the gate arithmetically, the gradients geometrically', () => {
    const { reports } = runExperiment(sequenceExperiment, { cell: 'lstm', length: 5, hiddenSize: 4 }, 3);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / 3;
    expect(readSequence(reports, 'loss', { window: 3 })).toBeCloseTo(mean(reports.map((r) => r.loss)), 12);
    expect(readSequence(reports, 'forget-gate', { window: 3 })).toBeCloseTo(
      mean(reports.map((r) => r.forgetGateMean!)),
      12,
    );
    const norms = reports.map((r) => r.normBefore);
    expect(readSequence(reports, 'norm-before', { window: 3 })).toBeCloseTo(
      Math.cbrt(norms[0]! * norms[1]! * norms[2]!),
      10,
    );
  });

  it('refuses a step or a window outside the run, and the forget gate of an RNN', () => {
    const { reports } = runExperiment(sequenceExperiment, { cell: 'rnn', length: 3, hiddenSize: 4 }, 2);
    expect(() => readSequence(reports, 'loss', { at: 3 })).toThrow('step 3 is outside the run (1…2)');
    expect(() => readSequence(reports, 'loss', { window: 3 })).toThrow(
      'a window of 3 steps does not fit before step 2',
    );
    expect(() => readSequence(reports, 'forget-gate')).toThrow(
      '"forget-gate" is read from an LSTM run; this run is an RNN',
    );
  });
});
