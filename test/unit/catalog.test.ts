/** The authors' catalog documents every component and every prop, in both languages, from the schemas. */
import { describe, expect, it } from 'vitest';
import { TRAINABLE_ACTIVATIONS } from '../../src/core/catalog';
import { authorComponentNames } from '../../src/authoring/component-names';
import { CATALOG, propRows } from '../../src/authoring/catalog';

describe('the component catalog', () => {
  it('has an entry for every component in components/', () => {
    expect(CATALOG.map((e) => e.name).sort()).toEqual([...authorComponentNames()].sort());
  });

  it.each(CATALOG.map((e) => [e.name, e] as const))(
    '<%s>: every prop has a meaning in English and Chinese, and its allowed values',
    (_, entry) => {
      for (const lang of ['en', 'zh'] as const) {
        for (const row of propRows(entry, lang)) {
          expect(row.description, `${entry.name}.${row.name} (${lang})`).not.toBe('');
          expect(row.allowed, `${entry.name}.${row.name}`).not.toBe('');
        }
      }
      expect(entry.usage).toMatch(new RegExp(`^<${entry.name}[ >]`));
    },
  );

  it('describes allowed values and defaults from the schema itself', () => {
    const rows = propRows(CATALOG.find((e) => e.name === 'GradientTrace')!, 'en');
    expect(rows.find((r) => r.name === 'depth')).toMatchObject({
      allowed: 'an integer from 1 to 64',
      default: '20',
      required: false,
    });
    // The trainable activations, in their records' order (a new record adds itself here).
    expect(rows.find((r) => r.name === 'activation')?.allowed).toBe(
      `one of ${TRAINABLE_ACTIVATIONS.map((a) => `"${a}"`).join(', ')}`,
    );
    const value = propRows(CATALOG.find((e) => e.name === 'TraceValue')!, 'en').find((r) => r.name === 'value');
    expect(value).toMatchObject({ required: true, default: '' });
    const explorer = propRows(CATALOG.find((e) => e.name === 'ActivationExplorer')!, 'en');
    expect(explorer.find((r) => r.name === 'activations')).toMatchObject({ default: '["sigmoid", "tanh", "relu"]' });
  });

  it('says what is allowed in Chinese on the Chinese page', () => {
    const rows = propRows(CATALOG.find((e) => e.name === 'GradientTrace')!, 'zh');
    expect(rows.find((r) => r.name === 'depth')?.allowed).toBe('1 到 64 之间的整数');
    expect(rows.find((r) => r.name === 'learningRate')?.allowed).toBe('大于 0 且不大于 10 的数');
    expect(rows.find((r) => r.name === 'activation')?.allowed).toBe(
      `取值之一：${TRAINABLE_ACTIVATIONS.map((a) => `"${a}"`).join('、\u200b')}`,
    );
    for (const entry of CATALOG)
      for (const row of propRows(entry, 'zh'))
        expect(row.allowed, `${entry.name}.${row.name}`).not.toMatch(
          /\b(one of|an integer|a number|a list|text|an object)\b/,
        );
  });
});
