/**
 * Links to a lab's settings, lab by lab: a value from a link is clamped into that lab's own range — the one its
 * props schema takes from an author and its controls offer a reader — never into the wider range of the
 * experiment underneath (a network lab at depth 1 had no hidden layer to show: "hidden layer 0 spreads NaN ×").
 * What a lab does not use as written it reports, as plain text; a link of any length is read in time linear in the
 * part it reads, and written back in one pass; and a run that diverges exports the step it diverged at.
 */
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { afterEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { fieldInfo, objectOf, type FieldKind } from '../../src/authoring/schema-fields';
import { gradientTracePropsSchema } from '../../src/authoring/schemas/gradient-trace';
import { networkConfigSchema } from '../../src/core/experiments/network.config';
import { initLabPropsSchema, layerHistogramsPropsSchema } from '../../src/authoring/schemas/network-lab';
import { networkValuePropsSchema } from '../../src/authoring/schemas/network-value';
import { outlierLabPropsSchema } from '../../src/authoring/schemas/outlier-lab';
import { pretrainingLabPropsSchema } from '../../src/authoring/schemas/pretraining-lab';
import {
  batchNormPropsSchema,
  clippingPropsSchema,
  reluFamilyPropsSchema,
  residualPropsSchema,
} from '../../src/authoring/schemas/remedy-labs';
import { rnnLstmPropsSchema } from '../../src/authoring/schemas/rnn-lstm-lab';
import { translator } from '../../src/i18n';
import BatchNormLab, { BATCH_NORM_LAB } from '../../src/islands/BatchNormLab';
import ClippingLab, { CLIPPING_LAB } from '../../src/islands/ClippingLab';
import GradientTrace, { GRADIENT_TRACE_LAB } from '../../src/islands/GradientTrace';
import InitLab, { INIT_LAB } from '../../src/islands/InitLab';
import LayerHistograms, { LAYER_HISTOGRAMS_LAB } from '../../src/islands/LayerHistograms';
import OutlierLab, { OUTLIER_LAB } from '../../src/islands/OutlierLab';
import PretrainingLab, { PRETRAINING_LAB } from '../../src/islands/PretrainingLab';
import ReluFamilyLab, { RELU_FAMILY_LAB } from '../../src/islands/ReluFamilyLab';
import ResidualLab, { RESIDUAL_LAB } from '../../src/islands/ResidualLab';
import RnnLstmLab, { RNN_LSTM_LAB } from '../../src/islands/RnnLstmLab';
import { traceCsv, traceJson } from '../../src/islands/kit/export';
import { SPEEDS, type LabSpec } from '../../src/islands/kit/use-lab';
import {
  linkNoteText,
  MAX_PARAMS,
  readLabLink,
  readQuery,
  replaceNamespace,
  shownText,
} from '../../src/islands/kit/url-state';

type Config = { seed: number } & Record<string, unknown>;
interface LabCase {
  name: string;
  spec: LabSpec<Config>;
  /** What an author may write: the same bounds for every setting the lab reads from a link. */
  props: z.ZodTypeAny;
  island: (props: never) => unknown;
}

const LABS: LabCase[] = [
  { name: 'GradientTrace', spec: GRADIENT_TRACE_LAB, props: gradientTracePropsSchema, island: GradientTrace },
  { name: 'InitLab', spec: INIT_LAB, props: initLabPropsSchema, island: InitLab },
  { name: 'LayerHistograms', spec: LAYER_HISTOGRAMS_LAB, props: layerHistogramsPropsSchema, island: LayerHistograms },
  { name: 'ReluFamilyLab', spec: RELU_FAMILY_LAB, props: reluFamilyPropsSchema, island: ReluFamilyLab },
  { name: 'BatchNormLab', spec: BATCH_NORM_LAB, props: batchNormPropsSchema, island: BatchNormLab },
  { name: 'ResidualLab', spec: RESIDUAL_LAB, props: residualPropsSchema, island: ResidualLab },
  { name: 'ClippingLab', spec: CLIPPING_LAB, props: clippingPropsSchema, island: ClippingLab },
  { name: 'OutlierLab', spec: OUTLIER_LAB, props: outlierLabPropsSchema, island: OutlierLab },
  { name: 'PretrainingLab', spec: PRETRAINING_LAB, props: pretrainingLabPropsSchema, island: PretrainingLab },
  { name: 'RnnLstmLab', spec: RNN_LSTM_LAB, props: rnnLstmPropsSchema, island: RnnLstmLab },
] as unknown as LabCase[];

const shapeOf = (schema: z.ZodTypeAny) => objectOf(schema).shape as Record<string, z.ZodTypeAny>;
const kindOf = (schema: z.ZodTypeAny, key: string): FieldKind => fieldInfo(shapeOf(schema)[key]!).type;
const defaults = (lab: LabCase) => lab.spec.schema.parse({}) as Config;
const link = (lab: LabCase, query: string, initial: Config[] = [defaults(lab)]) =>
  readLabLink(query, 'x', lab.spec, initial, SPEEDS);

/** The lab's controls as a reader gets them (before hydration), by element id: type, min and max. */
function controls(lab: LabCase, config: Config): Map<string, { type: string; min: number; max: number }> {
  const html = renderToString(
    h(lab.island as never, {
      configs: [config],
      maxSteps: 100,
      uid: 'x',
      locale: 'en',
      staticSteps: 1,
      staticPrints: [null],
      layers: null,
    }),
  );
  const out = new Map<string, { type: string; min: number; max: number }>();
  for (const [tag] of html.matchAll(/<input\b[^>]*>/g)) {
    const attr = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
    const id = attr('id');
    if (id && attr('min') !== undefined)
      out.set(id.slice('x-'.length), { type: attr('type')!, min: Number(attr('min')), max: Number(attr('max')) });
  }
  return out;
}

/** The control names islands give their settings (`bind('initScale', 'scale')`). */
const CONTROL_NAMES: Record<string, string> = {
  hidden: 'hiddenSize',
  scale: 'initScale',
  leaky: 'leakyAlpha',
  elu: 'eluAlpha',
};

describe.each(LABS)('a link to <$name>', (lab) => {
  const numeric = lab.spec.keys.filter((k) => kindOf(lab.spec.schema, k).kind === 'number');

  it('reads every setting within the bounds its props schema gives an author', () => {
    for (const key of lab.spec.keys) expect(kindOf(lab.props, key), key).toEqual(kindOf(lab.spec.schema, key));
  });

  it('clamps every number into the lab’s own range, and says so', () => {
    for (const key of numeric) {
      const type = kindOf(lab.spec.schema, key) as Extract<FieldKind, { kind: 'number' }>;
      const base = defaults(lab);
      for (const [raw, bound, side] of [
        ['-1e12', type.min, 'min'],
        ['1e12', type.max, 'max'],
      ] as const) {
        const read = link(lab, `?x.${key}=${raw}`);
        const note = read.notes.find((n) => n.key === key);
        if (bound?.inclusive) {
          expect(read.configs[0]![key], `${key}=${raw}`).toBe(bound.value);
          expect(note, `${key}=${raw}`).toEqual({ key, value: raw, adjusted: side, to: bound.value });
        } else if (bound) {
          // An open bound (a learning rate > 0) has no nearest value to clamp to: the link's value is refused.
          expect(read.configs[0]![key], `${key}=${raw}`).toBe(base[key]);
          expect(note, `${key}=${raw}`).toEqual({ key, value: raw, refused: 'range' });
        }
        // The value the lab runs is one its author could have written.
        const { histogramEvery: _, ...settings } = read.configs[0]!;
        expect(lab.props.safeParse(settings).success, `${key}=${raw}`).toBe(true);
      }
    }
  });

  it('offers in its sliders exactly the range a link is clamped into', () => {
    const found = controls(lab, defaults(lab));
    let sliders = 0;
    for (const [name, control] of found) {
      const key = CONTROL_NAMES[name] ?? name;
      if (!lab.spec.keys.includes(key)) continue;
      const type = kindOf(lab.spec.schema, key) as Extract<FieldKind, { kind: 'number' }>;
      if (control.type === 'range') {
        sliders++;
        expect([control.min, control.max], name).toEqual([type.min?.value, type.max?.value]);
        expect(type.min?.inclusive && type.max?.inclusive, name).toBe(true);
      } else {
        // A number box: its upper bound is the schema's; an open lower bound is kept off by the box's own minimum.
        expect(control.max, name).toBe(type.max?.value);
        if (type.min?.inclusive) expect(control.min, name).toBe(type.min.value);
        else expect(control.min, name).toBeGreaterThan(type.min?.value ?? -Infinity);
      }
    }
    if (numeric.includes('depth') && lab.name !== 'OutlierLab') expect(sliders).toBeGreaterThan(0);
  });
});

describe('the network labs and their depth', () => {
  const network = LABS.filter((l) => l.spec.experiment === 'network');

  it('start at two weight layers (one hidden layer) for authors, sliders and links alike', () => {
    expect(network.map((l) => l.name)).toEqual([
      'InitLab',
      'LayerHistograms',
      'ReluFamilyLab',
      'BatchNormLab',
      'ResidualLab',
      'ClippingLab',
    ]);
    for (const lab of network) {
      expect(kindOf(lab.spec.schema, 'depth'), lab.name).toMatchObject({ min: { value: 2, inclusive: true } });
      expect(lab.props.safeParse({ depth: 1 }).success, lab.name).toBe(false);
      expect(lab.props.safeParse({ depth: 2 }).success, lab.name).toBe(true);
      expect(controls(lab, defaults(lab)).get('depth'), lab.name).toMatchObject({ type: 'range', min: 2, max: 64 });
    }
    // The numbers quoted in the prose read the same runs, and take the same depths.
    expect(networkValuePropsSchema.safeParse({ value: 'ratio', depth: 1 }).success).toBe(false);
  });

  it('clamp the links of issue 7 (depth=1) to 2, where <GradientTrace> keeps its single layer', () => {
    for (const lab of network) {
      const read = link(lab, '?x.depth=1&x.compare=0', [{ ...defaults(lab), depth: 30 }]);
      expect(read.configs, lab.name).toHaveLength(1);
      expect(read.configs[0]!.depth, lab.name).toBe(2);
    }
    const trace = LABS.find((l) => l.name === 'GradientTrace')!;
    expect(link(trace, '?x.depth=1').configs[0]!.depth).toBe(1);
    expect(link(trace, '?x.depth=1').notes).toEqual([]);
  });
});

describe('what a lab says about a link it could not use as written', () => {
  const trace = LABS.find((l) => l.name === 'GradientTrace')!;
  const init = LABS.find((l) => l.name === 'InitLab')!;
  const en = translator('en');
  const zh = translator('zh-CN');

  it('names every ignored parameter and why, in the order of the link', () => {
    const read = link(
      trace,
      '?x.depth=abc&x.activation=ReLU&x.width=8&x.compare=maybe&x.b.depth=3&x.speed=7&x.learningRate=0&gt2.depth=abc&x.seed=5',
    );
    expect(read.configs).toEqual([{ ...defaults(trace), seed: 5 }]);
    expect(read.notes).toEqual([
      { key: 'depth', value: 'abc', refused: 'number' },
      { key: 'activation', value: 'ReLU', refused: 'choice' },
      { key: 'width', value: '8', refused: 'unknown' },
      { key: 'compare', value: 'maybe', refused: 'boolean' },
      { key: 'b.depth', value: '3', refused: 'compareOff' },
      { key: 'speed', value: '7', refused: 'speed' },
      { key: 'learningRate', value: '0', refused: 'range' },
    ]);
    expect(linkNoteText(en, read)).toBe(
      'Ignored from the link: depth=abc (not a number), activation=ReLU (not one of the choices), width=8 (not a ' +
        'setting of this lab), compare=maybe (not 1 or 0), b.depth=3 (for configuration B, but compare is off) and 2 more.',
    );
    expect(linkNoteText(zh, read)).toBe(
      '已忽略链接中的设置：depth=abc（不是数字）；activation=ReLU（不是可选的值）；width=8（不是本实验的设置）；' +
        'compare=maybe（不是 1 或 0）；b.depth=3（属于配置 B，但对比模式没有打开）；另有 2 项。',
    );
  });

  it('says what it changed to fit, and nothing about what it used as written', () => {
    const read = link(init, '?x.depth=1&x.width=7.6&x.activation=relu');
    expect(read.configs[0]).toMatchObject({ depth: 2, width: 8, activation: 'relu' });
    expect(linkNoteText(en, read)).toBe(
      'Changed from the link to fit this lab: depth=1 → 2 (the smallest this lab allows), width=7.6 → 8 (rounded).',
    );
    expect(linkNoteText(zh, read)).toBe(
      '已把链接中的设置调整到本实验的范围内：depth=1 → 2（本实验允许的最小值）；width=7.6 → 8（已取整）。',
    );
    expect(linkNoteText(en, link(init, '?x.depth=12&x.activation=relu'))).toBeNull();
  });

  it('refuses a combination the schema refuses as a whole, naming the value that broke it', () => {
    // Batch normalisation with a batch of one is refused by the experiment's schema as a whole.
    const spec = { schema: networkConfigSchema, keys: ['batchNorm', 'depth'] as const };
    const base = { ...networkConfigSchema.parse({}), batchSize: 1 };
    const read = readLabLink('?x.batchNorm=1&x.depth=9', 'x', spec, [base], SPEEDS);
    expect(read.configs[0]).toMatchObject({ batchNorm: false, depth: 9 });
    expect(read.notes).toEqual([{ key: 'batchNorm', value: '1', refused: 'conflict' }]);
  });

  it('shows a link’s values as short plain text: no markup survives as markup, long values are cut', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const read = link(trace, `?x.activation=${encodeURIComponent(hostile)}&x.depth=${'9'.repeat(100)}`);
    expect(read.notes.map((n) => n.refused)).toEqual(['choice', 'long']);
    const text = linkNoteText(en, read)!;
    expect(text).toBe(
      'Ignored from the link: activation=<img src=x onerr… (not one of the choices), depth=9999999999999999… (too long).',
    );
    // The text goes into the page as a text node (LabShell); even so, no script-like run of the value is kept.
    expect(text).not.toContain('onerror=alert');
    expect(shownText('a\u202Eb\u0000c')).toBe('a\uFFFDb\uFFFDc');
    expect(shownText('零一二三四五六七八九十一二三四五六')).toBe('零一二三四五六七八九十一二三四五…');
  });
});

describe('a link with tens of thousands of parameters', () => {
  const RealURLSearchParams = globalThis.URLSearchParams;
  afterEach(() => {
    globalThis.URLSearchParams = RealURLSearchParams;
  });
  /** Count the URLSearchParams url-state builds (each decodes or encodes one parameter) and any delete. */
  function counting() {
    const count = { created: 0, deleted: 0 };
    globalThis.URLSearchParams = class extends RealURLSearchParams {
      constructor(...args: ConstructorParameters<typeof RealURLSearchParams>) {
        super(...args);
        count.created++;
      }
      override delete(...args: Parameters<URLSearchParams['delete']>) {
        count.deleted++;
        super.delete(...args);
      }
    };
    return count;
  }
  const junk = (n: number, encoded = false) =>
    Array.from({ length: n }, (_, i) => (encoded ? `k%2E${i}=${i}` : `k${i}=${i}`)).join('&');

  it('reads only the first MAX_PARAMS of them, decoding one at a time', () => {
    const count = counting();
    const search = `?gt1.depth=30&${junk(50_000)}&gt1.activation=relu`;
    const { entries, truncated } = readQuery(search);
    expect(entries).toHaveLength(MAX_PARAMS);
    expect(entries[0]).toEqual(['gt1.depth', '30']);
    expect(truncated).toBe(true);
    expect(count.created).toBe(MAX_PARAMS);
    // Parameters after the first MAX_PARAMS are not read, and the lab says so.
    const trace = LABS.find((l) => l.name === 'GradientTrace')!;
    const read = readLabLink(search, 'gt1', trace.spec, [defaults(trace)], SPEEDS);
    expect(read.configs[0]).toMatchObject({ depth: 30, activation: 'sigmoid' });
    expect(read.truncated).toBe(true);
    expect(linkNoteText(translator('en'), read)).toBe('Only the first 200 parameters of the link were read.');
    // Empty parameters (`&&&`) are skipped, not counted.
    expect(readQuery('?&&&a=1&&b=2&').entries).toEqual([
      ['a', '1'],
      ['b', '2'],
    ]);
    expect(readQuery('?a=1+2&b=%zz&%61=%E2%86%92').entries).toEqual([
      ['a', '1 2'],
      ['b', '%zz'],
      ['a', '→'],
    ]);
  });

  it('rewrites its namespace in one pass, keeping every other parameter as written', () => {
    for (const n of [25_000, 50_000]) {
      const count = counting();
      const search = `?${junk(n, true)}&gt1.depth=3&gt1.b.init=zeros&other=%7E`;
      const out = replaceNamespace(search, 'gt1', [['depth', '30']]);
      // One decode per parameter whose key has an escape, one encode per written parameter, and no deletes.
      expect(count.deleted).toBe(0);
      expect(count.created).toBe(n + 1);
      // The other parameters, byte for byte; the namespace at the front, where a reader of the link reads it.
      expect(out).toBe(`?gt1.depth=30&${junk(n, true)}&other=%7E`);
      expect(readQuery(out).entries[0]).toEqual(['gt1.depth', '30']);
    }
  });

  it('writes at the end of a short query, as before', () => {
    expect(replaceNamespace('?a=1&gt1.depth=3&gt2.depth=4&gt1.b.init=zeros', 'gt1', [['depth', '30']])).toBe(
      '?a=1&gt2.depth=4&gt1.depth=30',
    );
    expect(replaceNamespace('?gt1.depth=3&&', 'gt1', [])).toBe('');
    expect(replaceNamespace('?gt1%2Edepth=3&b=1', 'gt1', [])).toBe('?b=1');
  });
});

describe('exporting a run that diverged', () => {
  const lane = (reports: object[], divergence: { step: number; quantity: string } | null, label = 'A') => ({
    label,
    config: { depth: 35 },
    reports,
    divergence,
  });

  it('writes the header and the diverged row when the very first step overflowed', () => {
    expect(traceCsv([lane([], { step: 1, quantity: 'loss' })])).toBe('step,diverged\n1,loss\n');
    const json = JSON.parse(traceJson('gradient-trace', [lane([], { step: 1, quantity: 'loss' })]));
    expect(json.runs[0]).toMatchObject({ steps: 0, divergence: { step: 1, quantity: 'loss' }, reports: [] });
  });

  it('ends a diverged lane with the step it diverged at, and leaves a finite lane as it was', () => {
    const csv = traceCsv([
      lane([{ step: 1, loss: 0.7 }], null),
      lane([{ step: 1, loss: 0.6 }], { step: 2, quantity: 'gradient' }, 'B'),
    ]);
    expect(csv).toBe('config,step,loss,diverged\nA,1,0.7,\nB,1,0.6,\nB,2,,gradient\n');
    expect(traceCsv([lane([{ step: 1, loss: 0.7 }], null)])).toBe('step,loss\n1,0.7\n');
  });
});
