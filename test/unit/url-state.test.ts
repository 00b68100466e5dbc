/**
 * Settings from a shared link: read only under the island's namespace, only for the keys it lists, coerced and
 * clamped by the experiment's schema, validated as a whole — and hostile input dropped, never thrown.
 */
import { describe, expect, it } from 'vitest';
import { mlpConfigSchema, type MlpConfig } from '../../src/core/experiments/mlp.config';
import { networkConfigSchema } from '../../src/core/experiments/network.config';
import {
  coerceValue,
  configParams,
  labLink,
  namespaceParams,
  parseConfig,
  replaceNamespace,
} from '../../src/islands/kit/url-state';
import { parseView, viewParams } from '../../src/islands/ActivationExplorer';
import { activationExplorerPropsSchema } from '../../src/authoring/schemas/activation-explorer';

const base: MlpConfig = mlpConfigSchema.parse({});
const KEYS = ['depth', 'activation', 'init', 'initScale', 'learningRate', 'seed'] as const;
const read = (search: string, ns = 'gt1', prefix = '') =>
  parseConfig(mlpConfigSchema, base, namespaceParams(search, ns), KEYS, prefix);

describe('reading an island’s settings from the URL', () => {
  it('reads its own namespace and nothing else', () => {
    const { config, applied } = read('?gt1.depth=30&gt1.activation=relu&gt2.depth=5&depth=7&gt10.depth=9');
    expect(config).toEqual({ ...base, depth: 30, activation: 'relu' });
    expect(applied).toEqual(['depth', 'activation']);
  });

  it('clamps numbers into the schema’s range and rounds integers', () => {
    expect(read('?gt1.depth=1000').config.depth).toBe(64);
    expect(read('?gt1.depth=-3').config.depth).toBe(1);
    expect(read('?gt1.depth=7.6').config.depth).toBe(8);
    expect(read('?gt1.seed=1e999').config.seed).toBe(2 ** 31 - 1);
    expect(read('?gt1.learningRate=99').config.learningRate).toBe(10);
  });

  it('drops what cannot be a value: NaN, text, hex, an empty string, a bound that cannot be clamped to', () => {
    for (const bad of ['NaN', 'Infinity', 'abc', '0x10', '', '1,5', '12px', '--1'])
      expect(read(`?gt1.depth=${encodeURIComponent(bad)}`).config.depth, bad).toBe(20);
    // learningRate must be > 0: there is no smallest positive number to clamp 0 to.
    expect(read('?gt1.learningRate=0').config.learningRate).toBe(0.1);
    expect(read('?gt1.learningRate=-1').config.learningRate).toBe(0.1);
  });

  it('matches enum values exactly: markup, case changes and padding are dropped', () => {
    for (const bad of ['<script>alert(1)</script>', 'ReLU', ' relu', 'relu ', '"relu"', 'constructor', '__proto__'])
      expect(read(`?gt1.activation=${encodeURIComponent(bad)}`).config.activation, bad).toBe('sigmoid');
  });

  it('ignores keys the island does not list, prototype keys and overlong values', () => {
    const { config, applied } = read(
      '?gt1.width=2&gt1.batchSize=1&gt1.__proto__=1&gt1.constructor=x&gt1.toString=1&gt1.depth=' + '9'.repeat(100),
    );
    expect(config).toEqual(base);
    expect(applied).toEqual([]);
    expect(Object.getPrototypeOf(config)).toBe(Object.prototype);
  });

  it('reads the second configuration of a comparison under `b.`', () => {
    const { config } = read('?gt1.depth=30&gt1.b.activation=relu&gt1.b.depth=5', 'gt1', 'b.');
    expect(config).toEqual({ ...base, activation: 'relu', depth: 5 });
  });

  it('drops the values that make a valid config invalid together, keeping the rest', () => {
    // batchNorm=1 with a batch of one is refused by the experiment's schema as a whole.
    const { config } = parseConfig(
      networkConfigSchema,
      { ...networkConfigSchema.parse({}), batchSize: 1 },
      namespaceParams('?x.batchNorm=1&x.depth=9', 'x'),
      ['batchNorm', 'depth'],
    );
    expect(config.batchNorm).toBe(false);
    expect(config.depth).toBe(9);
  });

  it('coerces booleans from 1/0/true/false only', () => {
    const bool = { kind: 'boolean' } as const;
    expect(['1', 'true', '0', 'false', 'yes', 'on', ''].map((v) => coerceValue(bool, v))).toEqual([
      true,
      true,
      false,
      false,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('writing settings into the URL', () => {
  it('writes only what differs from the page’s settings, under the namespace', () => {
    expect(configParams({ ...base, depth: 30, activation: 'relu' }, base, KEYS)).toEqual([
      ['depth', '30'],
      ['activation', 'relu'],
    ]);
    expect(configParams({ ...base, batchSize: 8 }, base, KEYS)).toEqual([]);
  });

  it('replaces its own namespace and keeps every other parameter', () => {
    expect(replaceNamespace('?a=1&gt1.depth=3&gt2.depth=4&gt1.b.init=zeros', 'gt1', [['depth', '30']])).toBe(
      '?a=1&gt2.depth=4&gt1.depth=30',
    );
    expect(replaceNamespace('?gt1.depth=3', 'gt1', [])).toBe('');
  });

  it('round-trips: what is written is read back as the same config', () => {
    const changed = { ...base, depth: 33, init: 'he-normal' as const, learningRate: 0.03, seed: 7 };
    const search = replaceNamespace('', 'gt1', configParams(changed, base, KEYS));
    expect(read(search).config).toEqual(changed);
  });
});

describe('the link a reader copies from a lab', () => {
  it('keeps the lab’s own settings, drops the rest, and opens at the lab', () => {
    expect(
      labLink(
        'https://courses.example.com/g/causes/x/?gt2.depth=5&gt1.depth=30&utm=a&gt1.b.activation=relu#top',
        'gt1',
      ),
    ).toBe('https://courses.example.com/g/causes/x/?gt1.depth=30&gt1.b.activation=relu#gt1');
  });

  it('is the bare page and the lab’s anchor when nothing was changed', () => {
    expect(labLink('http://127.0.0.1:4321/zh/causes/x/?gt2.depth=5', 'gt1')).toBe(
      'http://127.0.0.1:4321/zh/causes/x/#gt1',
    );
  });

  it('encodes what it copies as writeNamespace writes it', () => {
    const link = labLink('https://e.org/p/?trace.speed=10&trace.b.init=he-normal', 'trace');
    expect(link).toBe('https://e.org/p/?trace.speed=10&trace.b.init=he-normal#trace');
    expect(new URL(link).searchParams.get('trace.b.init')).toBe('he-normal');
  });
});

describe('the activation explorer’s view in the URL', () => {
  const settings = (() => {
    const { id: _id, ...s } = activationExplorerPropsSchema.parse({});
    return s;
  })();

  it('keeps only offered activations, in the offered order, and clamps the reading into the x range', () => {
    expect(parseView('?ae1.on=relu,sigmoid,bogus,<b>x</b>&ae1.at=99&ae1.show=df', 'ae1', settings)).toEqual({
      on: ['sigmoid', 'relu'],
      show: 'df',
      at: 5,
    });
    expect(parseView('?ae1.on=,,,&ae1.at=NaN&ae1.show=<script>', 'ae1', settings)).toEqual({
      on: settings.activations,
      show: 'both',
      at: 2,
    });
  });

  it('writes what changed and reads it back', () => {
    const view = { on: ['tanh', 'gelu'] as ('tanh' | 'gelu')[], show: 'f' as const, at: -1.5 };
    const search = replaceNamespace('', 'ae1', viewParams(view, settings));
    expect(parseView(search, 'ae1', settings)).toEqual(view);
  });
});
