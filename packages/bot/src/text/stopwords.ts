/**
 * English function words and generic words of asking (see languages.ts for every language). Stop
 * words are kept in the text (so "what is my name" and "what is your name" still differ) but the
 * index does not look entries up by them, and they weigh little when scoring. Generic words of
 * asking ("I need to know", "can you tell me") still match, but count little when judging how much
 * of a question an entry explains (coverage).
 */
import { LANGUAGE_DATA } from './languages.js';

const list = (s: string): string[] => s.split(/\s+/).filter((w) => w !== '');
export const STOP_WORDS: ReadonlySet<string> = new Set(list(LANGUAGE_DATA.en.stopWords));
export const GENERIC_WORDS: ReadonlySet<string> = new Set(list(LANGUAGE_DATA.en.genericWords));
