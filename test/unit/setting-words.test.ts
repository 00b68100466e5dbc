/**
 * The labs' settings in words: the line above a comparison names, in the page's language, only the settings in which
 * A and B differ and that matter for them, as the controls name them.
 */
import { describe, expect, it } from 'vitest';
import { mlpConfigSchema } from '../../src/core/experiments/mlp.config';
import { translator } from '../../src/i18n';
import { GRADIENT_TRACE_LAB } from '../../src/islands/GradientTrace';
import { OUTLIER_LAB } from '../../src/islands/OutlierLab';
import { PRETRAINING_LAB } from '../../src/islands/PretrainingLab';
import { CLIPPING_LAB } from '../../src/islands/ClippingLab';
import { RNN_LSTM_LAB } from '../../src/islands/RnnLstmLab';
import { BATCH_NORM_LAB } from '../../src/islands/BatchNormLab';
import { INIT_LAB } from '../../src/islands/InitLab';
import { LAYER_HISTOGRAMS_LAB } from '../../src/islands/LayerHistograms';
import { RELU_FAMILY_LAB } from '../../src/islands/ReluFamilyLab';
import { RESIDUAL_LAB } from '../../src/islands/ResidualLab';
import {
  compareLine,
  compareLines,
  compareTexts,
  SETTING_WORDS,
  settingText,
} from '../../src/islands/kit/setting-words';

const en = translator('en');
const zh = translator('zh-CN');
const mlp = mlpConfigSchema.parse({});
const KEYS = GRADIENT_TRACE_LAB.keys;

describe('the line above a comparison', () => {
  it('names only the settings that differ, A first, as the controls name them', () => {
    const a = { ...mlp, activation: 'sigmoid', depth: 20 };
    const b = { ...a, activation: 'relu', init: 'he-normal' };
    expect(compareLine(en, [a, b], KEYS)).toBe(
      'A = Activation: sigmoid, Initialisation: Xavier/Glorot normal; B = Activation: ReLU, Initialisation: He normal',
    );
  });

  it('reads as written Chinese in the Chinese edition', () => {
    const a = { ...mlp, activation: 'sigmoid', depth: 20 };
    const b = { ...a, depth: 30 };
    expect(compareLine(zh, [a, b], KEYS)).toBe('A = 深度：20；B = 深度：30');
    // A line per configuration, A's ending in the separator.
    expect(compareLines(en, [a, b], KEYS)).toEqual(['A = Depth: 20; ', 'B = Depth: 30']);
    expect(compareLines(zh, [a, b], KEYS)).toEqual(['A = 深度：20；', 'B = 深度：30']);
  });

  it('leaves out a setting that matters for neither, and names one only where it matters', () => {
    const a = { ...mlp, init: 'he-normal', initScale: 1 };
    // σ differs but neither configuration uses it.
    expect(compareTexts(en, [a, { ...a, initScale: 3 }], KEYS)).toBeNull();
    // B uses σ, A does not: σ is named for B alone.
    expect(compareTexts(en, [a, { ...a, init: 'normal', initScale: 3 }], KEYS)).toEqual([
      'Initialisation: He normal',
      'Initialisation: Normal N(0, σ²), Scale σ: 3',
    ]);
  });

  it('says so when the two are the same (compare just turned on)', () => {
    expect(compareLine(en, [mlp, { ...mlp }], KEYS)).toMatch(/^A = B so far/);
    expect(compareLine(zh, [mlp, { ...mlp }], KEYS)).toMatch(/^目前 A 与 B 的设置完全相同/);
  });

  it('writes switches as on and off, choices in words, and a lab’s own name for a setting', () => {
    expect(settingText(en, 'batchNorm', true)).toBe('Batch normalisation: on');
    expect(settingText(zh, 'batchNorm', false)).toBe('批归一化：关');
    expect(settingText(en, 'loss', 'huber')).toBe('Loss: Huber');
    expect(settingText(en, 'outlierFraction', 0.05)).toBe('Share of outliers: 5%');
    const words = { ...SETTING_WORDS, ...PRETRAINING_LAB.words };
    expect(settingText(en, 'learningRate', 0.3, words)).toBe('Fine-tuning learning rate: 0.3');
  });

  it('has words for every setting of every lab', () => {
    const labs = [
      GRADIENT_TRACE_LAB,
      OUTLIER_LAB,
      PRETRAINING_LAB,
      CLIPPING_LAB,
      RNN_LSTM_LAB,
      BATCH_NORM_LAB,
      INIT_LAB,
      LAYER_HISTOGRAMS_LAB,
      RELU_FAMILY_LAB,
      RESIDUAL_LAB,
    ];
    for (const lab of labs)
      for (const key of lab.keys) expect(SETTING_WORDS, `${lab.experiment}: ${key}`).toHaveProperty(key);
  });
});
