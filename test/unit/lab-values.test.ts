/**
 * <OutlierValue>, <PretrainingValue> and <ClippingValue>: they read the very run their lab draws (the same
 * configuration, key for key, so that the build trains it once), the build errors an author sees for a wrong prop,
 * pinned word for word, and the readings they print (src/core/experiments/*-readings.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseProps } from '../../src/authoring/props';
import { secondConfig } from '../../src/authoring/schemas/island';
import { clippingValuePropsSchema } from '../../src/authoring/schemas/clipping-value';
import { outlierLabConfig, outlierLabPropsSchema } from '../../src/authoring/schemas/outlier-lab';
import { outlierValuePropsSchema } from '../../src/authoring/schemas/outlier-value';
import { pretrainingLabConfig, pretrainingLabPropsSchema } from '../../src/authoring/schemas/pretraining-lab';
import { pretrainingValuePropsSchema } from '../../src/authoring/schemas/pretraining-value';
import { clippingConfig, clippingPropsSchema } from '../../src/authoring/schemas/remedy-labs';
import { checkClaim } from '../../src/authoring/claim';
import { initBackend } from '../../src/core/backend';
import { runExperiment } from '../../src/core/experiment';
import { readClipping } from '../../src/core/experiments/clipping-readings';
import { networkConfigSchema, networkExperiment } from '../../src/core/experiments/network';
import { outliersExperiment } from '../../src/core/experiments/outliers';
import { outlierRegressionTask } from '../../src/core/experiments/outliers.data';
import { pullOf, readOutlierData, readOutliers } from '../../src/core/experiments/outliers-readings';
import { pretrainingExperiment, type PretrainingReport } from '../../src/core/experiments/pretraining';
import { readPretraining } from '../../src/core/experiments/pretraining-readings';
import { createRng } from '../../src/core/random';

const SOURCE = 'content/causes/other.mdx:9';
const props = (name: string, schema: Parameters<typeof parseProps>[1]) => (p: Record<string, unknown>) => () =>
  parseProps(name, schema, { __source: SOURCE, ...p });
const outlier = props('OutlierValue', outlierValuePropsSchema);
const pretraining = props('PretrainingValue', pretrainingValuePropsSchema);
const clipping = props('ClippingValue', clippingValuePropsSchema);

/** The settings of a value component, without what only says which number to print. */
function settingsOf(p: Record<string, unknown>) {
  const { value, arm, layer, at, window, digits, steps, atLeast, atMost, ...rest } = p;
  return { settings: rest, steps };
}

describe('the value components read their lab’s run', () => {
  // The build's run cache keys a run by JSON.stringify(config) and steps (src/ssr/runs.ts): the same settings must
  // give the same string, whatever order the author wrote them in, for the first lane and for a compared one.
  it('<OutlierValue>: the lab’s defaults, and the same configuration as the lab’s lane', () => {
    const { steps, maxSteps, compare, id, ...lab } = parseProps('OutlierLab', outlierLabPropsSchema, {
      outlierScale: 100,
      compare: { loss: 'huber' },
    });
    const first = outlierLabConfig.parse(lab);
    const second = secondConfig(outlierLabConfig, first, compare);
    const mine = settingsOf(outlier({ loss: 'huber', value: 'max-gradient', outlierScale: 100 })());
    expect(JSON.stringify(outlierLabConfig.parse(mine.settings))).toBe(JSON.stringify(second));
    expect(mine.steps).toBe(steps);
    expect(outlier({ value: 'loss' })()).toMatchObject({
      outlierScale: 30,
      outlierFraction: 0.05,
      loss: 'mse',
      steps: 300,
    });
  });

  it('<PretrainingValue>: the lab’s defaults and steps, and the same configuration', () => {
    const { steps, maxSteps, compare, id, ...lab } = parseProps('PretrainingLab', pretrainingLabPropsSchema, {
      steps: 3000,
      depth: 6,
    });
    const mine = settingsOf(pretraining({ value: 'loss', arm: 'random', steps: 3000, depth: 6 })());
    expect(JSON.stringify(pretrainingLabConfig.parse(mine.settings))).toBe(
      JSON.stringify(pretrainingLabConfig.parse(lab)),
    );
    expect(mine.steps).toBe(steps);
    expect(pretraining({ value: 'reconstruction', layer: 1 })()).toMatchObject({
      depth: 4,
      pretrainSteps: 200,
      steps: 2600,
    });
  });

  it('<ClippingValue>: the lab’s defaults, and the network configuration the lab trains', () => {
    const { steps, maxSteps, compare, id, ...lab } = parseProps('ClippingLab', clippingPropsSchema, {
      compare: { clip: 'none' },
    });
    const second = secondConfig(clippingConfig, clippingConfig.parse(lab), compare)!;
    const mine = settingsOf(clipping({ value: 'diverged-at', clip: 'none' })());
    expect(JSON.stringify(networkConfigSchema.parse(clippingConfig.parse(mine.settings)))).toBe(
      JSON.stringify(networkConfigSchema.parse(second)),
    );
    expect(mine.steps).toBe(steps);
    expect(clipping({ value: 'loss' })()).toMatchObject({
      depth: 8,
      activation: 'relu',
      initScale: 0.5,
      clip: 'norm',
      clipThreshold: 1,
    });
  });
});

describe('the value components’ prop errors', () => {
  it('<OutlierValue> names an unknown value, and refuses steps or windows a reading cannot take', () => {
    expect(outlier({ value: 'spike' })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <OutlierValue> in content/causes/other.mdx:9:
        prop "value" is "spike"; expected one of "loss", "gradient", "pull", "max-gradient", "peak-at", "median-gradient", "max-pull", "largest-input", "clean-range", "diverged-at"]
    `);
    expect(outlier({ value: 'largest-input', at: 3 })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <OutlierValue> in content/causes/other.mdx:9:
        prop "value": "largest-input" takes neither "at" nor "window"]
    `);
    expect(outlier({ value: 'max-gradient', window: 5 })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <OutlierValue> in content/causes/other.mdx:9:
        prop "window": is 5, but "max-gradient" reads the run up to "at", not one step]
    `);
    expect(outlier({ value: 'loss', at: 301 })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <OutlierValue> in content/causes/other.mdx:9:
        prop "at": is 301, after the run's last step (steps = 300)]
    `);
  });

  it('<PretrainingValue> asks for the arm and the layer a value reads, and keeps steps inside the right phase', () => {
    expect(pretraining({ value: 'loss' })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <PretrainingValue> in content/causes/other.mdx:9:
        prop "arm": is missing: "loss" reads one network, "pretrained" or "random"]
    `);
    expect(pretraining({ value: 'reconstruction', arm: 'pretrained' })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <PretrainingValue> in content/causes/other.mdx:9:
        prop "arm": is "pretrained", but only the pre-trained network has a pre-training
        prop "layer": is missing: "reconstruction" reads one layer]
    `);
    expect(pretraining({ value: 'reconstruction', layer: 4 })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <PretrainingValue> in content/causes/other.mdx:9:
        prop "layer": is 4, but a depth-4 network has hidden layers 1 to 3]
    `);
    expect(pretraining({ value: 'loss', arm: 'random', at: 2001 })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <PretrainingValue> in content/causes/other.mdx:9:
        prop "at": is 2001, after the last fine-tuning step (2000 = steps − pre-training)]
    `);
    expect(pretraining({ value: 'loss', arm: 'random', steps: 600 })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <PretrainingValue> in content/causes/other.mdx:9:
        prop "steps": is 600, but pre-training takes the first 600: fine-tuning has not started]
    `);
    expect(pretraining({ value: 'reconstruction', layer: 1, at: 201 })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <PretrainingValue> in content/causes/other.mdx:9:
        prop "at": is 201, after the layer's last pre-training step (pretrainSteps = 200)]
    `);
  });

  it('<ClippingValue> refuses a layer where the value reads the whole network, and the lab’s hidden settings', () => {
    expect(clipping({ value: 'loss', layer: 2 })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <ClippingValue> in content/causes/other.mdx:9:
        prop "layer": is 2, but "loss" reads the whole network]
    `);
    expect(clipping({ value: 'weight-norm', layer: 9 })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <ClippingValue> in content/causes/other.mdx:9:
        prop "layer": is 9, but a depth-8 network has weight layers 1 to 8]
    `);
    expect(clipping({ value: 'clipped-steps', window: 10 })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <ClippingValue> in content/causes/other.mdx:9:
        prop "window": is 10, but "clipped-steps" reads the run up to "at", not one step]
    `);
    expect(clipping({ value: 'diverged-at', clip: 'none', at: 3 })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <ClippingValue> in content/causes/other.mdx:9:
        prop "value": "diverged-at" takes neither "at" nor "window"]
    `);
    expect(clipping({ value: 'loss', histogramEvery: 3 })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <ClippingValue> in content/causes/other.mdx:9:
        unknown prop "histogramEvery" (allowed props: depth, width, activation, leakyAlpha, eluAlpha, init, initScale, batchNorm, learningRate, batchSize, seed, clip, clipThreshold, l1, l2, value, layer, steps, at, window, digits, atLeast, atMost)]
    `);
  });

  it('checkClaim names the component, the place, the number and the claim', () => {
    expect(() => checkClaim('ClippingValue', SOURCE, 'loss', 0.4, { atMost: 0.3 })).toThrow(
      '<ClippingValue> in content/causes/other.mdx:9: loss is 0.4, but the prose claims at most 0.3. Rewrite the sentence or restore the run.',
    );
    expect(() => checkClaim('ClippingValue', SOURCE, 'loss', 0.2, { atLeast: 0.1, atMost: 0.3 })).not.toThrow();
  });
});

describe('the readings', () => {
  beforeAll(async () => {
    expect(await initBackend()).toBe('wasm');
  });

  it('readOutliers: one step’s reading over a window, and the run’s up to a step', () => {
    const { reports } = runExperiment(outliersExperiment, { outlierScale: 30 }, 20);
    const at = 12;
    const upTo = reports.slice(0, at);
    const norms = upTo.map((r) => r.gradNorm);
    expect(readOutliers(reports, 'max-gradient', { at })).toBe(Math.max(...norms));
    expect(readOutliers(reports, 'peak-at', { at })).toBe(norms.indexOf(Math.max(...norms)) + 1);
    expect(readOutliers(reports, 'median-gradient', { at })).toBe([...norms].sort((a, b) => a - b)[6]);
    expect(readOutliers(reports, 'max-pull', { at })).toBe(Math.max(...upTo.map(pullOf)));
    expect(readOutliers(reports, 'loss', { at, window: 3 })).toBeCloseTo(
      (reports[9]!.loss + reports[10]!.loss + reports[11]!.loss) / 3,
      12,
    );
    expect(readOutliers(reports, 'gradient', { at, window: 2 })).toBeCloseTo(
      Math.sqrt(reports[10]!.gradNorm * reports[11]!.gradNorm),
      10,
    );
    expect(() => readOutliers(reports, 'loss', { at: 21 })).toThrow('step 21 is outside the run (1…20)');
  });

  it('readOutlierData: the largest |x| of all inputs, and the width of the clean ones’ interval', () => {
    const data = outlierRegressionTask(createRng(3), 64, 0.25, 10);
    const clean = Array.from(data.x).filter((_, i) => !data.outlier[i]);
    expect(readOutlierData(data, 'largest-input')).toBe(Math.max(...Array.from(data.x, Math.abs)));
    expect(readOutlierData(data, 'clean-range')).toBe(Math.max(...clean) - Math.min(...clean));
  });

  it('readPretraining: a layer’s reconstruction in its own steps, an arm’s readings in fine-tuning steps', () => {
    const { reports } = runExperiment(pretrainingExperiment, { depth: 3, width: 8, pretrainSteps: 10 }, 30);
    type Pre = Extract<PretrainingReport, { phase: 'pretrain' }>;
    type Fine = Extract<PretrainingReport, { phase: 'finetune' }>;
    const layer2 = reports.filter((r): r is Pre => r.phase === 'pretrain' && r.layer === 2);
    const fine = reports.filter((r): r is Fine => r.phase === 'finetune');
    expect(readPretraining(reports, 'reconstruction', { layer: 2, at: 4 })).toBe(layer2[3]!.loss);
    expect(readPretraining(reports, 'reconstruction', { layer: 2 })).toBe(layer2[9]!.loss);
    expect(readPretraining(reports, 'loss', { arm: 'random', at: 5, window: 2 })).toBeCloseTo(
      (fine[3]!.randomInit.loss + fine[4]!.randomInit.loss) / 2,
      12,
    );
    expect(readPretraining(reports, 'gradient', { arm: 'pretrained', layer: 3, at: 1 })).toBe(
      fine[0]!.pretrained.gradNorms[2],
    );
    expect(readPretraining(reports, 'ratio', { arm: 'pretrained' })).toBeCloseTo(
      fine[9]!.pretrained.gradNorms[0]! / fine[9]!.pretrained.gradNorms[2]!,
      12,
    );
    expect(() => readPretraining(reports, 'loss', { arm: 'random', at: 11 })).toThrow(
      'step 11 is outside the fine-tuning (1…10)',
    );
    expect(() => readPretraining(reports, 'reconstruction', { layer: 3 })).toThrow(
      'hidden layer 3 was not pre-trained in this run',
    );
  });

  it('readClipping: norms, clipped steps, weights and the penalty’s share', () => {
    const config = networkConfigSchema.parse({
      depth: 4,
      width: 8,
      activation: 'tanh',
      init: 'normal',
      initScale: 1.5,
      clip: 'norm',
      clipThreshold: 0.5,
      l2: 0.01,
      histogramEvery: 1000,
    });
    const { reports } = runExperiment(networkExperiment, config, 10);
    const clipped = reports.filter((r) => r.clipNormAfter < r.clipNormBefore);
    expect(clipped.length).toBeGreaterThan(0);
    expect(readClipping(reports, 'clipped-steps')).toBe(clipped.length);
    expect(readClipping(reports, 'last-clipped')).toBe(clipped.at(-1)!.step);
    expect(readClipping(reports, 'max-norm', { at: 5 })).toBe(
      Math.max(...reports.slice(0, 5).map((r) => r.clipNormBefore)),
    );
    expect(readClipping(reports, 'norm-after', { at: 3 })).toBe(reports[2]!.clipNormAfter);
    const r = reports[6]!;
    expect(readClipping(reports, 'weight-norm', { at: 7 })).toBeCloseTo(
      r.weightNorms.reduce((a, b) => a + b, 0),
      10,
    );
    expect(readClipping(reports, 'weight-norm', { at: 7, layer: 2 })).toBe(r.weightNorms[1]);
    expect(readClipping(reports, 'penalty-share', { at: 7 })).toBeCloseTo(
      r.penaltyShare.reduce((a, b) => a + b, 0) / 4,
      12,
    );
    expect(() => readClipping(reports, 'loss', { layer: 1 })).toThrow('"loss" reads the whole network, not layer 1');
  });
});
