/**
 * Explicit requests for a person. Phrases are matched as whole words on stems, so "Agent?",
 * "talk to someone please" and "ich will mit einem Menschen sprechen" match, and "agenda" does not.
 * A KB's languages each bring their phrases; a message is checked against all of them.
 */
import { type Language, languageOf } from '../text/languages.js';
import { words } from '../text/normalize.js';
import { languageTools } from '../text/stemmers.js';

export const DEFAULT_HANDOFF_PHRASES: Record<Language, string[]> = {
  en: [
    'human', 'agent', 'real person', 'talk to a person', 'speak to a person', 'speak with a person', 'representative', 'operator', 'talk to someone', 'speak to someone',
    'talk to somebody', 'speak to somebody', 'live chat', 'live person', 'customer service rep', 'support staff',
    'speak with someone', 'talk with someone', 'someone from support', 'staff member',
  ],
  de: ['mensch', 'mitarbeiter', 'mitarbeiterin', 'berater', 'beraterin', 'echte person', 'echten person', 'agent', 'mit jemandem sprechen', 'mit jemandem reden', 'person sprechen'],
  fr: ['humain', 'conseiller', 'conseillere', 'agent', 'vraie personne', 'une personne', 'parler a quelqu un', 'operateur', 'operatrice'],
  es: ['humano', 'agente', 'persona real', 'una persona', 'representante', 'operador', 'hablar con alguien', 'asesor'],
  nl: ['mens', 'medewerker', 'echte persoon', 'agent', 'iemand spreken', 'met iemand praten', 'persoon spreken'],
  it: ['umano', 'operatore', 'persona reale', 'una persona', 'agente', 'parlare con qualcuno', 'consulente'],
};

/**
 * Openings of a question about what the bot is ("are you a real person?", "am I talking to a
 * human?"): it names a person without asking for one, so a KB that answers it confidently does.
 */
const ABOUT_THE_BOT: Record<Language, string[]> = {
  en: ['are you', 'r u', 'am i talking', 'am i speaking', 'am i chatting', 'is this a', 'is this an', 'is that a'],
  de: ['bist du', 'sind sie', 'ist das ein', 'spreche ich mit', 'rede ich mit'],
  fr: ['es tu', 'etes vous', 'est ce que tu es', 'est ce que vous etes', 'je parle a'],
  es: ['eres', 'es usted', 'estoy hablando con'],
  nl: ['ben je', 'bent u', 'praat ik met', 'spreek ik met'],
  it: ['sei', 'e un', 'sto parlando con'],
};

/** Whether a message asks what the bot is rather than asking for a person. */
export function asksAboutTheBot(text: string, lang: Language): boolean {
  const tokens = words(text);
  const openings = lang === 'en' ? ABOUT_THE_BOT.en : [...ABOUT_THE_BOT[lang], ...ABOUT_THE_BOT.en];
  return openings.some((o) => {
    const parts = o.split(' ');
    return parts.every((p, k) => tokens[k] === p);
  });
}

/** The default phrases of a locale (English when the bot does not read it). */
export function handoffPhrasesFor(locale: string | undefined): string[] {
  return DEFAULT_HANDOFF_PHRASES[languageOf(locale)];
}

export class HandoffDetector {
  private readonly phrases: { lang: Language; stems: string[] }[];

  /** `phrases` per language: the stems of each language's phrases are compared with that language's stems of the message. */
  constructor(phrases: Partial<Record<Language, readonly string[]>>) {
    this.phrases = (Object.entries(phrases) as [Language, readonly string[]][]).flatMap(([lang, list]) =>
      list.map((p) => ({ lang, stems: words(p).map((w) => languageTools(lang).stem(w)) })).filter((p) => p.stems.length > 0),
    );
  }

  /** Whether the text asks for a person. Long messages that merely mention an agent do not count. */
  requested(text: string): boolean {
    const tokens = words(text);
    if (tokens.length === 0 || tokens.length > 20) return false;
    const stemmed = new Map<Language, string[]>();
    return this.phrases.some(({ lang, stems }) => {
      let t = stemmed.get(lang);
      if (!t) {
        const { stem } = languageTools(lang);
        t = tokens.map(stem);
        stemmed.set(lang, t);
      }
      for (let i = 0; i + stems.length <= t.length; i++) if (stems.every((s, k) => t[i + k] === s)) return true;
      return false;
    });
  }
}
