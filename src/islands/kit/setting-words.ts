/**
 * The labs' settings in words, as their controls name them: a setting's label and its value as the control shows
 * it, and whether the setting matters for a configuration at all (its control is shown only then: σ for the scaled
 * initialisations, the threshold when clipping is on, …). From these, the line above a comparison,
 * "A = Activation: sigmoid; B = Activation: ReLU", which names only the settings in which the two differ.
 */
import { SCALED_INIT_SCHEMES } from '../../core/catalog';
import type { StringKey } from '../../i18n';

type Translate = (key: StringKey, params?: Record<string, string | number>) => string;
type Settings = Record<string, unknown>;

export interface SettingWord {
  label: StringKey;
  /** The value as its control shows it; the number or the word as written otherwise. */
  value?: (v: unknown, t: Translate) => string;
  /** The setting matters for this configuration (its control is shown); always, unless given. */
  applies?: (c: Settings) => boolean;
}

const named =
  (prefix: string) =>
  (v: unknown, t: Translate): string =>
    t(`${prefix}${String(v)}` as StringKey);
const onOff = (v: unknown, t: Translate) => t(v ? 'lab.on' : 'lab.off');

/** Every setting a lab's controls edit, by its key in the labs' configurations. */
export const SETTING_WORDS: Readonly<Record<string, SettingWord>> = {
  cell: { label: 'lab.cell', value: named('rnn.') },
  residual: { label: 'lab.residual', value: onOff },
  blockLayers: { label: 'lab.blockLayers', applies: (c) => c.residual === true },
  clip: { label: 'lab.clip', value: named('lab.clip.') },
  clipThreshold: { label: 'lab.clipThreshold', applies: (c) => c.clip !== 'none' },
  l1: { label: 'lab.l1' },
  l2: { label: 'lab.l2' },
  outlierScale: { label: 'lab.outlierScale', value: (v) => `${String(v)} ×` },
  outlierFraction: { label: 'lab.outlierFraction', value: (v) => `${Math.round(Number(v) * 1000) / 10}%` },
  loss: { label: 'lab.loss', value: named('lab.loss.') },
  huberDelta: { label: 'lab.huberDelta', applies: (c) => c.loss === 'huber' },
  standardize: { label: 'lab.standardize', value: onOff },
  depth: { label: 'lab.depth' },
  width: { label: 'lab.width' },
  length: { label: 'lab.length' },
  forgetBias: { label: 'lab.forgetBias', applies: (c) => c.cell === 'lstm' },
  hiddenSize: { label: 'lab.hiddenSize' },
  activation: { label: 'lab.activation', value: named('act.') },
  leakyAlpha: { label: 'lab.leakyAlpha', applies: (c) => c.activation === 'leaky-relu' },
  eluAlpha: { label: 'lab.eluAlpha', applies: (c) => c.activation === 'elu' },
  init: { label: 'lab.init', value: named('init.') },
  initScale: {
    label: 'lab.initScale',
    applies: (c) => (SCALED_INIT_SCHEMES as readonly unknown[]).includes(c.init),
  },
  batchNorm: { label: 'lab.batchNorm', value: onOff },
  pretrainSteps: { label: 'lab.pretrainSteps' },
  pretrainLearningRate: { label: 'lab.pretrainLearningRate' },
  learningRate: { label: 'lab.learningRate' },
  seed: { label: 'lab.seed' },
};

/** How one setting reads: "Activation: ReLU". */
export function settingText(t: Translate, key: string, value: unknown, words = SETTING_WORDS): string {
  const word = words[key];
  if (!word) return `${key}: ${String(value)}`;
  return t('lab.setting', { label: t(word.label), value: word.value ? word.value(value, t) : String(value) });
}

/**
 * What sets configuration A and B apart, one text per configuration ("Activation: sigmoid, Depth: 20"), in the order
 * of `keys`: the settings whose values differ and that matter for at least one of the two, each named for the
 * configurations it matters for. Null when they differ in nothing that matters.
 */
export function compareTexts(
  t: Translate,
  configs: readonly [Settings, Settings],
  keys: readonly string[],
  words = SETTING_WORDS,
): [string, string] | null {
  const applies = (key: string, c: Settings) => words[key]?.applies?.(c) ?? true;
  const differ = keys.filter(
    (k) => configs[0][k] !== configs[1][k] && (applies(k, configs[0]) || applies(k, configs[1])),
  );
  if (differ.length === 0) return null;
  const texts = configs.map((c) =>
    differ
      .filter((k) => applies(k, c))
      .map((k) => settingText(t, k, c[k], words))
      .join(t('lab.settingSeparator')),
  );
  return [texts[0]!, texts[1]!];
}

/**
 * The line above a comparison, one text per configuration, the separator ending A's: "A = Activation: sigmoid; " and
 * "B = Activation: ReLU"; or, when the two are the same, the one sentence that says so.
 */
export function compareLines(
  t: Translate,
  configs: readonly [Settings, Settings],
  keys: readonly string[],
  words = SETTING_WORDS,
): string[] {
  const texts = compareTexts(t, configs, keys, words);
  if (!texts) return [t('lab.compareSame')];
  const [a, b] = texts.map((text, i) =>
    t('lab.compareLane', { lane: i === 0 ? 'A' : 'B', settings: text || t('lab.compareNone') }),
  );
  return [`${a}${t('lab.compareLaneSeparator')}`, b!];
}

/** The line above a comparison as one text: "A = Activation: sigmoid; B = Activation: ReLU". */
export function compareLine(
  t: Translate,
  configs: readonly [Settings, Settings],
  keys: readonly string[],
  words = SETTING_WORDS,
): string {
  return compareLines(t, configs, keys, words).join('');
}
