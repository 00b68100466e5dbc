/** The build errors an author sees for a wrong prop, pinned word for word. */
import { describe, expect, it } from 'vitest';
import { parseProps } from '../../src/authoring/props';
import { gradientTracePropsSchema } from '../../src/authoring/schemas/gradient-trace';

const parse = (props: Record<string, unknown>) => () =>
  parseProps('GradientTrace', gradientTracePropsSchema, { __source: 'content/causes/deep-networks.mdx:42', ...props });

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
    expect(parse({ activation: 'sigmod' })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <GradientTrace> in content/causes/deep-networks.mdx:42:
        prop "activation" is "sigmod"; expected one of "sigmoid", "tanh", "relu", "leaky-relu", "elu"]
    `);
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

  it('rejects unknown props and lists the known ones', () => {
    expect(parse({ dept: 3 })).toThrowErrorMatchingInlineSnapshot(`
      [ComponentPropError: Invalid props on <GradientTrace> in content/causes/deep-networks.mdx:42:
        unknown prop "dept" (allowed props: depth, width, activation, init, initScale, learningRate, batchSize, seed, steps, maxSteps)]
    `);
  });

  it('lists every problem at once', () => {
    expect(parse({ depth: 0, init: 'glorot' })).toThrow(
      /prop "depth" is 0[\s\S]*prop "init" is "glorot"; expected one of "normal"/,
    );
  });
});
