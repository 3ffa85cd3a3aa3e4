/** Language choice and string formatting. Translations other than English load on demand. */
import en, { type Strings } from './en.js';

export type { Strings };
export { en };

/** Languages with a bundled translation. */
export const LANGS = ['en', 'de', 'fr', 'es'] as const;
export type Lang = (typeof LANGS)[number];

/** `de-AT` → `de`; anything we have no translation for → `en`. */
export function pickLang(wanted?: string | null): Lang {
  const tag = (wanted || (typeof navigator !== 'undefined' ? navigator.language : '') || 'en').slice(0, 2).toLowerCase();
  return (LANGS as readonly string[]).includes(tag) ? (tag as Lang) : 'en';
}

/** Replaces `{name}` placeholders. */
export function fmt(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}

export function withOverrides(base: Strings, overrides?: Partial<Strings>): Strings {
  return overrides ? { ...base, ...overrides } : base;
}
