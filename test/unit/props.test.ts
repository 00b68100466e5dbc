/** The build errors an author sees for a wrong prop, pinned word for word, for every component. */
import { describe, expect, it } from 'vitest';
import { parseProps } from '../../src/authoring/props';
import { activationExplorerPropsSchema } from '../../src/authoring/schemas/activation-explorer';
import { gradientTracePropsSchema } from '../../src/authoring/schemas/gradient-trace';
import { initLabPropsSchema, layerHistogramsPropsSchema, shownLayers } from '../../src/authoring/schemas/network-lab';
import { nextIslandId } from '../../src/ssr/ids';
import { ACTIVATION_IDS, TRAINABLE_ACTIVATIONS } from '../../src/core/catalog';

const SOURCE = 'content/causes/deep-networks.mdx:42';
const quoted = (ids: readonly string[]) => ids.map((a) => `"${a}"`).join(', ');
const parse = (props: Record<string, unknown>) => () =>
  parseProps('GradientTrace', gradientTracePropsSchema, { __source: SOURCE, ...props });

describe('<GradientTrace> props', () => {
  it('fills in defaults', () => {
    expect(parseProps('GradientTrace', gradientTracePropsSchema, {})).toMatchObject({
      depth: 20,
      activation: 'sigmoid',
      init: 'xavier-normal',
      steps: 200,
    });
  });

  it('names the file, the prop, the value and the allowed values', () => {
    // The allowed values are the trainable activations' records, in order (a new record adds itself here).
    expect(parse({ activation: 'sigmod' })).toThrowError(
      `Invalid props on <GradientTrace> in content/causes/deep-networks.mdx:42:\n  prop "activation" is "sigmod"; expected one of ${quoted(TRAINABLE_ACTIVATIONS)}`,
    );
  });

  it('states numeric ranges', () => {
    expect(parse({ depth: 100 })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <GradientTrace> in content/causes/deep-networks.mdx:42:
        prop "depth" is 100; expected an integer from 1 to 64]
    `);
    expect(parse({ depth: 2.5 })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <GradientTrace> in content/causes/deep-networks.mdx:42:
        prop "depth" is 2.5; expected an integer from 1 to 64]
    `);
    expect(parse({ learningRate: '0.1' })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <GradientTrace> in content/causes/deep-networks.mdx:42:
        prop "learningRate" is "0.1"; expected a number greater than 0 and at most 10]
    `);
  });

  it('rejects unknown props, suggests the nearest and lists the known ones', () => {
    expect(parse({ dept: 3 })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <GradientTrace> in content/causes/deep-networks.mdx:42:
        unknown prop "dept": did you mean "depth"? (allowed props: depth, width, activation, init, initScale, learningRate, batchSize, seed, steps, maxSteps, compare, id)]
    `);
  });

  it('lists every problem at once', () => {
    expect(parse({ depth: 0, init: 'glorot' })).toThrow(
      /prop "depth" is 0[\s\S]*prop "init" is "glorot"; expected one of "normal"/,
    );
  });

  it('checks the second configuration of a comparison like the first, and refuses a second seed', () => {
    expect(parse({ compare: { depth: 80, activaton: 'relu', seed: 2 } })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <GradientTrace> in content/causes/deep-networks.mdx:42:
        prop "compare.depth" is 80; expected an integer from 1 to 64
        unknown prop "compare.activaton": did you mean "compare.activation"? (allowed props: depth, width, activation, init, initScale, learningRate, batchSize)
        unknown prop "compare.seed" (allowed props: depth, width, activation, init, initScale, learningRate, batchSize)]
    `);
    expect(parseProps('GradientTrace', gradientTracePropsSchema, { compare: { activation: 'relu' } }).compare).toEqual({
      activation: 'relu',
    });
  });

  it('accepts an id that can name the island in a link, and nothing else', () => {
    expect(parse({ id: 'Deep Net' })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <GradientTrace> in content/causes/deep-networks.mdx:42:
        prop "id" is "Deep Net"; expected a lowercase letter, then up to 23 lowercase letters, digits or "-"]
    `);
    expect(parse({ id: '<script>' })).toThrow(/prop "id" is "<script>"/);
    expect(parseProps('GradientTrace', gradientTracePropsSchema, { id: 'deep-20' }).id).toBe('deep-20');
  });
});

describe('<ActivationExplorer> props', () => {
  const explorer = (props: Record<string, unknown>) => () =>
    parseProps('ActivationExplorer', activationExplorerPropsSchema, {
      __source: 'content/causes/activations.mdx:7',
      ...props,
    });

  it('fills in defaults', () => {
    expect(parseProps('ActivationExplorer', activationExplorerPropsSchema, {})).toMatchObject({
      activations: ['sigmoid', 'tanh', 'relu'],
      show: 'both',
      xMin: -5,
      xMax: 5,
      at: 2,
    });
  });

  it('names a misspelt activation inside the list, and a list the choices do not cover', () => {
    expect(explorer({ activations: ['sigmoid', 'tahn'] })).toThrowError(
      `Invalid props on <ActivationExplorer> in content/causes/activations.mdx:7:\n  prop "activations.1" is "tahn"; expected one of ${quoted(ACTIVATION_IDS)}`,
    );
    expect(explorer({ activations: ['gelu'], choices: ['sigmoid', 'tanh'] })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <ActivationExplorer> in content/causes/activations.mdx:7:
        prop "activations": lists "gelu", which "choices" does not offer]
    `);
    expect(explorer({ activations: ['relu', 'relu'] })).toThrow(/prop "activations": lists "relu" twice/);
  });

  it('checks the ranges against each other', () => {
    expect(explorer({ xMin: 3, xMax: -3, at: 0 })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <ActivationExplorer> in content/causes/activations.mdx:7:
        prop "xMax": is -3, not above xMin (3)
        prop "at": is 0, outside xMin…xMax (3…-3)]
    `);
    expect(explorer({ show: 'derivative' })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <ActivationExplorer> in content/causes/activations.mdx:7:
        prop "show" is "derivative"; expected one of "both", "f", "df"]
    `);
  });
});

describe('<LayerHistograms> and <InitLab> props', () => {
  it('have defaults for their stories', () => {
    expect(parseProps('LayerHistograms', layerHistogramsPropsSchema, {})).toMatchObject({
      depth: 6,
      activation: 'tanh',
      init: 'normal',
      initScale: 1,
      steps: 100,
    });
    expect(parseProps('InitLab', initLabPropsSchema, {})).toMatchObject({
      depth: 30,
      activation: 'tanh',
      init: 'normal',
      initScale: 1.5,
      steps: 1,
    });
  });

  it('name the hidden layer that does not exist', () => {
    expect(() =>
      parseProps('LayerHistograms', layerHistogramsPropsSchema, {
        __source: 'content/remedies/batch-norm.mdx:12',
        depth: 4,
        layers: [1, 5],
      }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <LayerHistograms> in content/remedies/batch-norm.mdx:12:
        prop "layers": lists layer 5, but a depth-4 network has hidden layers 1 to 3]
    `);
  });

  it('refuse settings of the network experiment they do not expose, and batch norm on batches of one', () => {
    expect(() =>
      parseProps('InitLab', initLabPropsSchema, { __source: 'content/causes/weights.mdx:3', optimizer: 'adam' }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <InitLab> in content/causes/weights.mdx:3:
        unknown prop "optimizer" (allowed props: depth, width, activation, leakyAlpha, eluAlpha, init, initScale, batchNorm, learningRate, batchSize, seed, steps, maxSteps, compare, id)]
    `);
    expect(() =>
      parseProps('InitLab', initLabPropsSchema, {
        __source: 'content/causes/weights.mdx:3',
        batchNorm: true,
        batchSize: 1,
      }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <InitLab> in content/causes/weights.mdx:3:
        prop "batchSize": must be at least 2 with batchNorm (the variance of one example is 0)]
    `);
  });

  it('spread the default histogram rows evenly from the first hidden layer to the last', () => {
    expect(shownLayers(5)).toEqual([1, 2, 3, 4, 5]);
    expect(shownLayers(29)).toEqual([1, 7, 12, 18, 23, 29]);
    expect(shownLayers(29, [2, 40])).toEqual([2]);
  });
});

describe('island ids', () => {
  it('count islands in page order, keep an author’s id, and refuse the same id twice on a page', () => {
    const locals = {} as App.Locals;
    expect(nextIslandId(locals, 'gt')).toBe('gt1');
    expect(nextIslandId(locals, 'ae', 'explorer')).toBe('explorer');
    expect(nextIslandId(locals, 'lh')).toBe('lh3');
    expect(() => nextIslandId(locals, 'gt', 'explorer')).toThrow('Two islands on one page have the id "explorer"');
  });
});
