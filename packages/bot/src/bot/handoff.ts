/**
 * Explicit requests for a person. Phrases are matched as whole words on normalised text, so
 * "Agent?" and "talk to someone please" match and "agenda" does not.
 */
import { words } from '../text/normalize.js';

export const DEFAULT_HANDOFF_PHRASES: Record<string, string[]> = {
  en: [
    'human', 'agent', 'real person', 'talk to a person', 'speak to a person', 'speak with a person', 'representative', 'operator', 'talk to someone', 'speak to someone',
    'talk to somebody', 'speak to somebody', 'live chat', 'live person', 'customer service rep', 'support staff',
    'speak with someone', 'talk with someone', 'someone from support', 'staff member',
  ],
  fr: ['humain', 'conseiller', 'agent', 'vraie personne', 'une personne', 'parler a quelqu un', 'operateur'],
  de: ['mensch', 'mitarbeiter', 'berater', 'echte person', 'agent', 'mit jemandem sprechen'],
  es: ['humano', 'agente', 'persona real', 'una persona', 'representante', 'operador', 'hablar con alguien'],
  nl: ['mens', 'medewerker', 'echte persoon', 'agent', 'iemand spreken'],
};

export function handoffPhrasesFor(locale: string | undefined): string[] {
  const lang = (locale ?? 'en').toLowerCase().split(/[-_]/)[0] ?? 'en';
  return DEFAULT_HANDOFF_PHRASES[lang] ?? DEFAULT_HANDOFF_PHRASES.en ?? [];
}

export class HandoffDetector {
  private readonly phrases: string[][];

  constructor(phrases: readonly string[]) {
    this.phrases = phrases.map((p) => words(p)).filter((p) => p.length > 0);
  }

  /** Whether the text asks for a person. Long messages that merely mention an agent do not count. */
  requested(text: string): boolean {
    const tokens = words(text);
    if (tokens.length === 0 || tokens.length > 20) return false;
    return this.phrases.some((p) => {
      for (let i = 0; i + p.length <= tokens.length; i++) {
        if (p.every((t, k) => tokens[i + k] === t || tokens[i + k] === `${t}s`)) return true;
      }
      return false;
    });
  }
}
