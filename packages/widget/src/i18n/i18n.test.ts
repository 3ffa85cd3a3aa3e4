import { describe, expect, it } from 'vitest';
import de from './de.js';
import en from './en.js';
import es from './es.js';
import fr from './fr.js';
import { fmt, pickLang, withOverrides } from './index.js';

describe('i18n', () => {
  it.each([['de', de], ['fr', fr], ['es', es]] as const)('%s has every English key, non-empty, with the same placeholders', (_, t) => {
    expect(Object.keys(t).sort()).toEqual(Object.keys(en).sort());
    for (const [k, v] of Object.entries(t)) {
      expect(v.trim(), k).not.toBe('');
      expect(v.match(/\{\w+\}/g) ?? [], k).toEqual(en[k as keyof typeof en].match(/\{\w+\}/g) ?? []);
    }
  });

  it('picks a language from a tag and falls back to English', () => {
    expect(pickLang('de-AT')).toBe('de');
    expect(pickLang('FR')).toBe('fr');
    expect(pickLang('pt-BR')).toBe('en');
  });

  it('formats placeholders and applies site overrides', () => {
    expect(fmt(en.typing, { name: 'Anna' })).toBe('Anna is typing…');
    expect(withOverrides(en, { send: 'Go' }).send).toBe('Go');
  });
});
