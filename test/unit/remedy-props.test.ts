/** The remedy labs' props: the defaults of each story, and the build errors an author sees, pinned word for word. */
import { describe, expect, it } from 'vitest';
import { parseProps } from '../../src/authoring/props';
import { TRAINABLE_ACTIVATIONS } from '../../src/core/catalog';
import { secondConfig } from '../../src/authoring/schemas/island';
import { outlierLabPropsSchema } from '../../src/authoring/schemas/outlier-lab';
import { pretrainingLabPropsSchema } from '../../src/authoring/schemas/pretraining-lab';
import {
  batchNormConfig,
  batchNormPropsSchema,
  clippingPropsSchema,
  reluFamilyConfig,
  reluFamilyPropsSchema,
  residualPropsSchema,
} from '../../src/authoring/schemas/remedy-labs';
import { rnnLstmConfig, rnnLstmPropsSchema } from '../../src/authoring/schemas/rnn-lstm-lab';
import { networkConfigSchema } from '../../src/core/experiments/network.config';
import { sequenceConfigSchema } from '../../src/core/experiments/sequence.config';

const at = (file: string) => ({ __source: `content/remedies/${file}.mdx:12` });

describe('defaults', () => {
  it('each lab opens on the setting its chapter is about', () => {
    expect(parseProps('ReluFamilyLab', reluFamilyPropsSchema, {})).toMatchObject({
      depth: 10,
      activation: 'relu',
      init: 'he-normal',
      steps: 150,
    });
    expect(parseProps('BatchNormLab', batchNormPropsSchema, {})).toMatchObject({
      depth: 10,
      activation: 'sigmoid',
      batchNorm: false,
      steps: 100,
    });
    expect(parseProps('ResidualLab', residualPropsSchema, {})).toMatchObject({
      depth: 32,
      activation: 'tanh',
      residual: false,
      blockLayers: 2,
      steps: 60,
    });
    expect(parseProps('ClippingLab', clippingPropsSchema, {})).toMatchObject({
      depth: 8,
      activation: 'relu',
      init: 'normal',
      initScale: 0.5,
      clip: 'norm',
      clipThreshold: 1,
      l1: 0,
      l2: 0,
      steps: 200,
    });
    expect(parseProps('OutlierLab', outlierLabPropsSchema, {})).toMatchObject({
      outlierScale: 30,
      outlierFraction: 0.05,
      loss: 'mse',
      steps: 300,
    });
    // 3 hidden layers × 200 autoencoder steps, then the 2,000 fine-tuning steps the unit tests hold the claim at.
    expect(parseProps('PretrainingLab', pretrainingLabPropsSchema, {})).toMatchObject({
      depth: 4,
      pretrainSteps: 200,
      steps: 2600,
      maxSteps: 6000,
    });
    expect(parseProps('RnnLstmLab', rnnLstmPropsSchema, {})).toMatchObject({ cell: 'rnn', length: 20, steps: 100 });
  });

  it('a lane pins what its author does not set: histograms only where the lab draws them', () => {
    expect(reluFamilyConfig.parse({}).histogramEvery).toBe(1000);
    expect(batchNormConfig.parse({}).histogramEvery).toBe(10);
    // What a lane sends the experiment is a valid config of it.
    expect(() => networkConfigSchema.parse(batchNormConfig.parse({}))).not.toThrow();
    expect(() => sequenceConfigSchema.parse(rnnLstmConfig.parse({}))).not.toThrow();
    // The second configuration of a comparison keeps the lane's pinned settings and its seed.
    const first = batchNormConfig.parse({ seed: 7 });
    expect(secondConfig(batchNormConfig, first, { batchNorm: true })).toEqual({ ...first, batchNorm: true });
  });
});

describe('errors', () => {
  it('<ReluFamilyLab>: a misspelt activation, and a setting it does not expose', () => {
    expect(() =>
      parseProps('ReluFamilyLab', reluFamilyPropsSchema, {
        ...at('relu-family'),
        activation: 'leaky_relu',
        residual: true,
      }),
    ).toThrowError(
      `Invalid props on <ReluFamilyLab> in content/remedies/relu-family.mdx:12:\n` +
        `  prop "activation" is "leaky_relu"; expected one of ${TRAINABLE_ACTIVATIONS.map((a) => `"${a}"`).join(', ')}\n` +
        '  unknown prop "residual" (allowed props: depth, width, activation, leakyAlpha, eluAlpha, init, initScale, batchNorm, learningRate, batchSize, seed, steps, maxSteps, compare, id)',
    );
  });

  it('<BatchNormLab>: batch norm on batches of one, and a comparison that switches it on with a string', () => {
    expect(() =>
      parseProps('BatchNormLab', batchNormPropsSchema, { ...at('batch-norm'), batchNorm: true, batchSize: 1 }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <BatchNormLab> in content/remedies/batch-norm.mdx:12:
        prop "batchSize": must be at least 2 with batchNorm (the variance of one example is 0)]
    `);
    expect(() =>
      parseProps('BatchNormLab', batchNormPropsSchema, { ...at('batch-norm'), compare: { batchNorm: 'true' } }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <BatchNormLab> in content/remedies/batch-norm.mdx:12:
        prop "compare.batchNorm" is "true"; expected a boolean]
    `);
  });

  it('<ResidualLab>: too deep, and blocks of five layers', () => {
    expect(() => parseProps('ResidualLab', residualPropsSchema, { ...at('residual'), depth: 100, blockLayers: 5 }))
      .toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <ResidualLab> in content/remedies/residual.mdx:12:
        prop "depth" is 100; expected an integer from 2 to 64
        prop "blockLayers" is 5; expected an integer from 1 to 4]
    `);
  });

  it('<ClippingLab>: an unknown mode, a threshold of 0, a penalty above 1', () => {
    expect(() =>
      parseProps('ClippingLab', clippingPropsSchema, {
        ...at('clipping-regularization'),
        clip: 'global',
        clipThreshold: 0,
        l2: 2,
      }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <ClippingLab> in content/remedies/clipping-regularization.mdx:12:
        prop "clip" is "global"; expected one of "none", "value", "norm"
        prop "clipThreshold" is 0; expected a number greater than 0 and at most 1000
        prop "l2" is 2; expected a number from 0 to 1]
    `);
  });

  it('<OutlierLab>: a fraction above one half, and a loss it does not know', () => {
    expect(() =>
      parseProps('OutlierLab', outlierLabPropsSchema, {
        __source: 'content/causes/other.mdx:30',
        outlierFraction: 0.8,
        compare: { loss: 'l1' },
      }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <OutlierLab> in content/causes/other.mdx:30:
        prop "outlierFraction" is 0.8; expected a number from 0 to 0.5
        prop "compare.loss" is "l1"; expected one of "mse", "huber"]
    `);
  });

  it('<PretrainingLab>: ReLU, and more build-time steps than it allows', () => {
    expect(() =>
      parseProps('PretrainingLab', pretrainingLabPropsSchema, {
        ...at('pretraining'),
        activation: 'relu',
        steps: 10000,
      }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <PretrainingLab> in content/remedies/pretraining.mdx:12:
        prop "activation" is "relu"; expected one of "sigmoid", "tanh"
        prop "steps" is 10000; expected an integer from 1 to 6000]
    `);
  });

  it('<RnnLstmLab>: a GRU, a sequence too long, and a seed in the comparison', () => {
    expect(() =>
      parseProps('RnnLstmLab', rnnLstmPropsSchema, {
        ...at('lstm'),
        cell: 'gru',
        length: 500,
        compare: { cell: 'lstm', seed: 2 },
      }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <RnnLstmLab> in content/remedies/lstm.mdx:12:
        prop "cell" is "gru"; expected one of "rnn", "lstm"
        prop "length" is 500; expected an integer from 2 to 200
        unknown prop "compare.seed" (allowed props: cell, length, hiddenSize, init, initScale, forgetBias, learningRate, batchSize)]
    `);
  });
});
