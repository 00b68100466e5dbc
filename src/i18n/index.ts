/**
 * UI strings: one flat JSON file per locale with the same dotted keys (a test holds the parity), and `{name}`
 * placeholders filled by `format`. Values are plain text: islands render them as text nodes, never as HTML. The
 * activations' names (`act.<id>`) come from their records (src/core/activation-records.ts), not from these files.
 */
import { ACTIVATION_IDS, ACTIVATIONS, type ActivationId } from '../core/activation-records';
import en from './en.json';
import zhCN from './zh-CN.json';

export type StringKey = keyof typeof en | `act.${ActivationId}`;
export type Strings = Record<StringKey, string>;

const activationNames = (locale: 'en' | 'zh-CN') =>
  Object.fromEntries(ACTIVATION_IDS.map((id) => [`act.${id}`, ACTIVATIONS[id].label[locale]])) as Record<
    `act.${ActivationId}`,
    string
  >;

export const LOCALES = {
  en: { ...en, ...activationNames('en') } satisfies Strings,
  'zh-CN': { ...(zhCN satisfies Record<keyof typeof en, string>), ...activationNames('zh-CN') } satisfies Strings,
} as const;
export type Locale = keyof typeof LOCALES;

/** Map a page's `lang` (Starlight's "en", "zh-CN") to a locale of the course; unknown tags fall back to English. */
export function localeOf(lang: string | undefined): Locale {
  return lang?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function stringsFor(locale: Locale): Strings {
  return LOCALES[locale];
}

/** Fill `{name}` placeholders; unknown placeholders stay visible so that a missing value is noticed. */
export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/** A typed lookup bound to one locale. */
export type Translate = (key: StringKey, params?: Record<string, string | number>) => string;
const translators = new Map<Locale, Translate>();

/**
 * The lookup for `locale` — one function per locale for the page's life, so that a component may list it
 * among a memo's or an effect's dependencies: the islands call this on every render, and a new function each time
 * rebuilt their settings and redrew every live panel on every render (each tick of a playing lab, and Play itself).
 */
export function translator(locale: Locale): Translate {
  let t = translators.get(locale);
  if (!t) {
    const strings = stringsFor(locale);
    t = (key, params) => format(strings[key], params);
    translators.set(locale, t);
  }
  return t;
}
