/**
 * Every <Predict correct={n} lab="id"> of the chapters, held against the run of the lab it names: the test reads the
 * chapter's MDX, finds the lab with that id in page order (its `id` prop, or its kind and position: gt1, il2, …, as
 * src/ssr/ids.ts counts them), trains that lab's configurations as its component does at build time (through the
 * run cache, so these are the runs the figure draws), decides from the runs which of the listed choices came true,
 * and expects it to be the one the chapter marks correct. A prediction whose choices are reworded or reordered, whose
 * `correct` changes, or whose lab's settings or run change so that another choice (or none) comes true, fails here.
 *
 * The Chinese edition carries the same props and choices in the same order (test/unit/editions.test.ts), so the
 * English choices stand for both.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createProcessor } from '@mdx-js/mdx';
import type { Root } from 'mdast';
import type { MdxJsxFlowElement } from 'mdast-util-mdx-jsx';
import { toString } from 'mdast-util-to-string';
import remarkDirective from 'remark-directive';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import { visit } from 'unist-util-visit';
import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { attributeValue } from '../../src/authoring/jsx-values';
import { gradientTracePropsSchema } from '../../src/authoring/schemas/gradient-trace';
import { secondConfig } from '../../src/authoring/schemas/island';
import { initLabConfig, initLabPropsSchema, networkConfigOf } from '../../src/authoring/schemas/network-lab';
import { outlierLabConfig, outlierLabPropsSchema } from '../../src/authoring/schemas/outlier-lab';
import { pretrainingLabConfig, pretrainingLabPropsSchema } from '../../src/authoring/schemas/pretraining-lab';
import {
  batchNormConfig,
  batchNormPropsSchema,
  clippingConfig,
  clippingPropsSchema,
  reluFamilyConfig,
  reluFamilyPropsSchema,
  residualConfig,
  residualPropsSchema,
} from '../../src/authoring/schemas/remedy-labs';
import { rnnLstmConfig, rnnLstmPropsSchema } from '../../src/authoring/schemas/rnn-lstm-lab';
import { binaryEntropy, circleBaseRate } from '../../src/authoring/schemas/task-value';
import { initBackend } from '../../src/core/backend';
import { readClipping } from '../../src/core/experiments/clipping-readings';
import { mlpConfigSchema, mlpExperiment, type MlpReport } from '../../src/core/experiments/mlp';
import { readMlp } from '../../src/core/experiments/mlp-readings';
import { networkConfigSchema, networkExperiment, type NetworkReport } from '../../src/core/experiments/network';
import { readNetwork } from '../../src/core/experiments/network-readings';
import { outliersExperiment, type OutliersReport } from '../../src/core/experiments/outliers';
import { readOutliers } from '../../src/core/experiments/outliers-readings';
import { pretrainingExperiment, type PretrainingReport } from '../../src/core/experiments/pretraining';
import { readPretraining } from '../../src/core/experiments/pretraining-readings';
import { readRemedy } from '../../src/core/experiments/remedy-readings';
import { sequenceConfigSchema, sequenceExperiment, type SequenceReport } from '../../src/core/experiments/sequence';
import { readSequence } from '../../src/core/experiments/sequence-readings';
import { buildRun } from '../../src/ssr/runs';

beforeAll(async () => {
  expect(await initBackend()).toBe('wasm');
});

// ---- The labs: how each component turns its props into the configurations and steps it trains ----------------

interface Lanes<R> {
  /** Lane A's reports, then B's when the lab compares two configurations. */
  runs: R[][];
  steps: number;
}

type Props = Record<string, unknown>;

/** The component's own lines (components/<Name>.astro): parse the props, fill in the configuration, add `compare`. */
function lanesOf<C extends { seed: number }, R>(
  props: Props,
  propsSchema: z.ZodTypeAny,
  config: { parse(value: unknown): C },
  experiment: Parameters<typeof buildRun>[0],
  toRun: (c: C) => unknown = (c) => c,
) {
  return async (): Promise<Lanes<R>> => {
    const {
      steps,
      maxSteps: _m,
      compare,
      id: _i,
      ...settings
    } = propsSchema.parse(props) as Props & {
      steps: number;
      compare?: Props;
    };
    const first = config.parse(settings);
    const configs = [first, secondConfig(config, first, compare)].filter((c): c is C => c !== null);
    const built = await Promise.all(configs.map((c) => buildRun(experiment, toRun(c) as never, steps)));
    return { runs: built.map((b) => b.reports as R[]), steps };
  };
}

/** Every component that is an island (src/ssr/ids.ts), with its id prefix; the runnable ones with their lanes. */
const ISLANDS: Record<string, { prefix: string; lanes?: (props: Props) => () => Promise<Lanes<unknown>> }> = {
  GradientTrace: {
    prefix: 'gt',
    lanes: (p) => lanesOf(p, gradientTracePropsSchema, mlpConfigSchema, mlpExperiment),
  },
  InitLab: {
    prefix: 'il',
    lanes: (p) => lanesOf(p, initLabPropsSchema, initLabConfig, networkExperiment, networkConfigOf),
  },
  LayerHistograms: { prefix: 'lh' },
  ActivationExplorer: { prefix: 'ae' },
  OutlierLab: { prefix: 'ol', lanes: (p) => lanesOf(p, outlierLabPropsSchema, outlierLabConfig, outliersExperiment) },
  PretrainingLab: {
    prefix: 'pt',
    lanes: (p) => lanesOf(p, pretrainingLabPropsSchema, pretrainingLabConfig, pretrainingExperiment),
  },
  ReluFamilyLab: {
    prefix: 'rf',
    lanes: (p) =>
      lanesOf(p, reluFamilyPropsSchema, reluFamilyConfig, networkExperiment, (c) => networkConfigSchema.parse(c)),
  },
  BatchNormLab: {
    prefix: 'bn',
    lanes: (p) =>
      lanesOf(p, batchNormPropsSchema, batchNormConfig, networkExperiment, (c) => networkConfigSchema.parse(c)),
  },
  ResidualLab: {
    prefix: 'rs',
    lanes: (p) =>
      lanesOf(p, residualPropsSchema, residualConfig, networkExperiment, (c) => networkConfigSchema.parse(c)),
  },
  ClippingLab: {
    prefix: 'cl',
    lanes: (p) =>
      lanesOf(p, clippingPropsSchema, clippingConfig, networkExperiment, (c) => networkConfigSchema.parse(c)),
  },
  RnnLstmLab: {
    prefix: 'rl',
    lanes: (p) =>
      lanesOf(p, rnnLstmPropsSchema, rnnLstmConfig, sequenceExperiment, (c) => sequenceConfigSchema.parse(c)),
  },
};

// ---- The chapters: each prediction, its choices and the lab it names -------------------------------------------

const processor = createProcessor({ format: 'mdx', remarkPlugins: [remarkGfm, remarkMath, remarkDirective] });

interface Prediction {
  correct: number;
  /** The choices' text, in order (math as its TeX). */
  choices: string[];
  lab: { id: string; name: string; props: Props };
}

const propsOf = (node: MdxJsxFlowElement): Props =>
  Object.fromEntries(
    node.attributes.flatMap((a) => (a.type === 'mdxJsxAttribute' ? [[a.name, attributeValue(a)]] : [])),
  );

function predictions(file: string): Prediction[] {
  const source = readFileSync(file, 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');
  const tree = processor.parse(source) as Root;
  const islands = new Map<string, { name: string; props: Props }>();
  const asked: { correct: number; lab: string; choices: string[] }[] = [];
  let count = 0;
  visit(tree, (node) => {
    if (node.type !== 'mdxJsxFlowElement' && node.type !== 'mdxJsxTextElement') return;
    const element = node as MdxJsxFlowElement;
    const name = element.name ?? '';
    const props = propsOf(element);
    if (name in ISLANDS) {
      count += 1;
      islands.set((props.id as string | undefined) ?? `${ISLANDS[name]!.prefix}${count}`, { name, props });
    } else if (name === 'Predict') {
      const list = element.children.find((c) => c.type === 'list');
      asked.push({
        correct: props.correct as number,
        lab: props.lab as string,
        choices: list && 'children' in list ? list.children.map((item) => toString(item).trim()) : [],
      });
    }
  });
  return asked.map((p) => {
    const lab = islands.get(p.lab);
    if (!lab) throw new Error(`${file}: <Predict lab="${p.lab}"> names no lab on the page`);
    return { correct: p.correct, choices: p.choices, lab: { id: p.lab, ...lab } };
  });
}

// ---- What each prediction asks, and which choice its lab's runs make true ----------------------------------------

interface Judge<R> {
  /** Each choice, as the chapter words it (a fragment that must appear in it), in the chapter's order. */
  choices: RegExp[];
  /** The number of the choice the runs make true (from 1), or 0 when none of them fits. */
  outcome: (lanes: Lanes<R>) => number;
}

/** A loss this far below H(p), the loss of a network that ignores its input, is off the plateau. */
const OFF_PLATEAU = 0.05;
const plateau = binaryEntropy(circleBaseRate(1));
const pick = (...cases: [boolean, number][]) => {
  const hits = cases.filter(([holds]) => holds);
  return hits.length === 1 ? hits[0]![1] : 0;
};

const JUDGES: Record<string, Record<string, Judge<never>>> = {
  'causes/deep-networks': {
    gt1: {
      choices: [/^About the same/, /^Smaller, by more than ten orders of magnitude/, /^Larger/],
      outcome: ({ runs }: Lanes<MlpReport>) => {
        const ratio = readMlp(runs[0]!, 'ratio', 200);
        return pick([ratio >= 0.1 && ratio <= 10, 1], [ratio < 1e-10, 2], [ratio > 10, 3]);
      },
    },
  },
  'causes/activations': {
    gt4: {
      choices: [/^Far smaller/, /^About the same/, /^Far larger/],
      outcome: ({ runs }: Lanes<MlpReport>) => {
        const ratio = readMlp(runs[0]!, 'ratio', 1);
        return pick([ratio < 0.01, 1], [ratio >= 0.1 && ratio <= 10, 2], [ratio > 100, 3]);
      },
    },
  },
  'causes/weights': {
    il1: {
      choices: [/^Astronomically large/, /^Below 1/, /^Close to 0/],
      outcome: ({ runs }: Lanes<NetworkReport>) => {
        const spread = readNetwork(runs[0]!, 'signal', { layer: 29, at: 1 });
        return pick([spread > 1e6, 1], [spread >= 0.1 && spread < 1, 2], [spread < 0.01, 3]);
      },
    },
    symmetry: {
      choices: [/^32: training pulls them apart/, /^A few/, /^One: they are still copies/],
      // Exactly 0 means every unit's weights and bias are the first unit's: one function. Anything else would need
      // the units counted, which this prediction has never had to do: it fails instead.
      outcome: ({ runs }: Lanes<NetworkReport>) =>
        readNetwork(runs[0]!, 'unit-spread', { layer: 1, at: 200 }) === 0 ? 3 : 0,
    },
  },
  'causes/other': {
    ol1: {
      choices: [/^About as hard/, /^About 30 times harder/, /^More than a hundred times harder/],
      outcome: ({ runs }: Lanes<OutliersReport>) => {
        const pull = readOutliers(runs[0]!, 'max-pull');
        return pick([pull < 3, 1], [pull >= 10 && pull <= 90, 2], [pull > 100, 3]);
      },
    },
  },
  'remedies/pretraining': {
    pt1: {
      choices: [/^Both/, /^Only the pre-trained network/, /^Only the network trained from random weights/, /^Neither/],
      outcome: ({ runs }: Lanes<PretrainingReport>) => {
        const left = (arm: 'pretrained' | 'random') =>
          readPretraining(runs[0]!, 'loss', { arm, window: 100 }) < plateau - OFF_PLATEAU;
        const [p, r] = [left('pretrained'), left('random')];
        return p && r ? 1 : p ? 2 : r ? 3 : 4;
      },
    },
  },
  'remedies/clipping-regularization': {
    cl2: {
      choices: [/^Only during the explosive start/, /^On every one of them/, /^On none/],
      outcome: ({ runs, steps }: Lanes<NetworkReport>) => {
        const [a, b] = runs.map((r) => readClipping(r, 'clipped-steps'));
        const bLast = readClipping(runs[1]!, 'last-clipped');
        return pick([b! > 0 && b! <= a! * 2 && bLast < steps / 2, 1], [b === steps, 2], [b === 0, 3]);
      },
    },
  },
  'remedies/relu-family': {
    rf3: {
      choices: [/^Fewer than at the start/, /^About as many as at the start/, /^More than half/],
      outcome: ({ runs }: Lanes<NetworkReport>) => {
        const [start, end] = [readRemedy(runs[0]!, 'dead-share', { at: 1 }), readRemedy(runs[0]!, 'dead-share')];
        return pick([end < start * 0.8, 1], [end >= start * 0.8 && end <= start * 1.25, 2], [end > 0.5, 3]);
      },
    },
  },
  'remedies/batch-norm': {
    bn3: {
      choices: [/^About the same/, /^Smaller/, /^Larger, more than a thousandfold/],
      outcome: ({ runs }: Lanes<NetworkReport>) => {
        const ratio = readNetwork(runs[0]!, 'ratio', { at: 1 });
        return pick([ratio >= 0.5 && ratio <= 2, 1], [ratio < 0.5, 2], [ratio > 1000, 3]);
      },
    },
  },
  'remedies/residual': {
    rs1: {
      choices: [/^About the same/, /^More than a hundred times larger/, /^Smaller/],
      outcome: ({ runs }: Lanes<NetworkReport>) => {
        const [plain, residual] = runs.map((r) => readNetwork(r, 'first-layer', { at: 1 }));
        const gain = residual! / plain!;
        return pick([gain >= 0.5 && gain <= 2, 1], [gain > 100, 2], [gain < 0.5, 3]);
      },
    },
  },
  'remedies/lstm': {
    training: {
      choices: [/^Both/, /^Only the LSTM \(B\)/, /^Only the RNN \(A\)/, /^Neither/],
      // Recalling is answering at least 90% of the last 20 batches right; failing, at most 40% (chance is 25%).
      outcome: ({ runs }: Lanes<SequenceReport>) => {
        const [rnn, lstm] = runs.map((r) => readSequence(r, 'accuracy', { window: 20 }));
        const [recalls, fails] = [(a: number) => a >= 0.9, (a: number) => a <= 0.4];
        return pick(
          [recalls(rnn!) && recalls(lstm!), 1],
          [fails(rnn!) && recalls(lstm!), 2],
          [recalls(rnn!) && fails(lstm!), 3],
          [fails(rnn!) && fails(lstm!), 4],
        );
      },
    },
  },
};

/** The chapters proper, English edition: causes/… and remedies/…. */
const CHAPTERS = ['causes', 'remedies'].flatMap((part) =>
  readdirSync(`content/${part}`)
    .filter((f) => f.endsWith('.mdx'))
    .map((f) => `${part}/${f.replace(/\.mdx$/, '')}`),
);

const cases = CHAPTERS.flatMap((chapter) =>
  predictions(`content/${chapter}.mdx`).map((p) => ({ chapter, prediction: p, judge: JUDGES[chapter]?.[p.lab.id] })),
);

describe('the predictions judged here', () => {
  it('are every prediction of the chapters, and each judge still has its prediction', () => {
    const asked = cases.map((c) => `${c.chapter} ${c.prediction.lab.id}`).sort();
    const judged = Object.entries(JUDGES)
      .flatMap(([chapter, judges]) => Object.keys(judges).map((id) => `${chapter} ${id}`))
      .sort();
    expect(asked).toEqual(judged);
  });
});

describe.each(cases.map((c) => [`${c.chapter} <Predict lab="${c.prediction.lab.id}">`, c] as const))(
  '%s',
  (_, { prediction, judge }) => {
    it(`choice ${prediction.correct} is what the lab's run shows`, async () => {
      expect(judge).toBeDefined();
      expect(prediction.choices).toHaveLength(judge!.choices.length);
      prediction.choices.forEach((text, i) => expect(text).toMatch(judge!.choices[i]!));
      const island = ISLANDS[prediction.lab.name]!;
      expect(island.lanes, `<${prediction.lab.name}> runs nothing to predict`).toBeDefined();
      const lanes = await island.lanes!(prediction.lab.props)();
      expect((judge!.outcome as (l: Lanes<unknown>) => number)(lanes)).toBe(prediction.correct);
    });
  },
);
