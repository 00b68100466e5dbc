import { describe, expect, it } from 'vitest';
import en from '../../src/i18n/en.json';
import zh from '../../src/i18n/zh-CN.json';
import { format, localeOf, stringsFor, translator } from '../../src/i18n';
import { formatNumber } from '../../src/i18n/numbers';
import { ACTIVATION_IDS, INIT_SCHEMES } from '../../src/core/catalog';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('UI strings', () => {
  it('every locale has every key, and nothing else', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });
  it('every translation keeps the placeholders of the English string', () => {
    for (const [key, value] of Object.entries(en)) {
      expect(placeholders((zh as Record<string, string>)[key]!), key).toEqual(placeholders(value));
    }
  });
  it('no translation is left empty', () => {
    for (const [key, value] of Object.entries(zh)) expect(value.trim(), key).not.toBe('');
  });
  it('names every activation and initialisation of the core', () => {
    for (const id of ACTIVATION_IDS) {
      expect(stringsFor('en')[`act.${id}`]).toBeTruthy();
      expect(stringsFor('zh-CN')[`act.${id}`]).toBeTruthy();
    }
    for (const id of INIT_SCHEMES) expect(en).toHaveProperty(`init.${id}`);
  });
  it('gives one lookup function per locale, which components may list as a dependency', () => {
    expect(translator('en')).toBe(translator('en'));
    expect(translator('zh-CN')).toBe(translator('zh-CN'));
    expect(translator('zh-CN')).not.toBe(translator('en'));
    expect(translator('zh-CN')('lab.controls')).toBe(zh['lab.controls']);
  });
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('Step {step} of {total}', { step: 3 })).toBe('Step 3 of {total}');
  });
  it('maps page languages to locales', () => {
    expect(localeOf('zh-CN')).toBe('zh-CN');
    expect(localeOf('en')).toBe('en');
    expect(localeOf(undefined)).toBe('en');
  });
});

describe('numbers', () => {
  it('writes small and large values with superscript exponents', () => {
    expect(formatNumber(3.44e-14)).toBe('3.4 × 10⁻¹⁴');
    expect(formatNumber(1e-5)).toBe('10⁻⁵');
    expect(formatNumber(25000)).toBe('2.5 × 10⁴');
    // Negatives take the minus sign (U+2212) the formulas use, not a hyphen.
    expect(formatNumber(-0.17)).toBe('\u22120.17');
    expect(formatNumber(-7.1e-6)).toBe('\u22127.1 × 10⁻⁶');
    expect(formatNumber(0.4264)).toBe('0.43');
    expect(formatNumber(0)).toBe('0');
  });
});
