/**
 * Character n-grams are indexed through per-word id blocks (CharGramIndexer) and looked up at
 * question time from `charGrams`: both paths must name the same grams in the same order, for any
 * text — short words, repeated words, accents, and alphabets beyond the 127 characters that get
 * integer codes.
 */
import { describe, expect, it } from 'vitest';
import { words } from '../text/normalize.js';
import { CharGramIndexer, type CharGram, charGrams } from './features.js';
import { FeatureSpace } from './sparse.js';

const TEXTS = [
  'where is my order',
  'a b c d',
  'I want a refund, a real refund',
  'Rücksendung für Bestellung 10001',
  'où est ma commande ?',
  // Greek, Cyrillic and CJK: past the 127 coded characters some grams stay strings.
  'πού είναι η παραγγελία μου',
  'где мой заказ',
  '我的订单在哪里 订单',
  Array.from({ length: 200 }, (_, i) => String.fromCharCode(0x4e00 + i)).join(''),
];

describe('character n-grams', () => {
  it('indexing (per-word id blocks) and lookup (charGrams) agree, gram for gram', () => {
    const space = new FeatureSpace<CharGram>();
    const indexer = new CharGramIndexer(space);
    const indexed = TEXTS.map((t) => {
      const n = indexer.ids(words(t));
      return Array.from(indexer.buffer.subarray(0, n));
    });
    TEXTS.forEach((t, i) => {
      expect(charGrams(words(t)).map((g) => space.idOf(g))).toEqual(indexed[i]);
    });
  });

  it('distinct grams get distinct ids, equal grams equal ids', () => {
    const space = new FeatureSpace<CharGram>();
    const indexer = new CharGramIndexer(space);
    for (const t of TEXTS) indexer.ids(words(t));
    const seen = new Map<string, number>();
    for (const t of TEXTS) {
      const text = ` ${words(t).join(' ')} `;
      const grams = [3, 4].flatMap((n) => Array.from({ length: Math.max(0, text.length - n + 1) }, (_, i) => text.slice(i, i + n)));
      charGrams(words(t)).forEach((g, k) => {
        const id = space.idOf(g) as number;
        const gram = grams[k] as string;
        expect(seen.get(gram) ?? id).toBe(id);
        seen.set(gram, id);
      });
    }
    expect(new Set(seen.values()).size).toBe(seen.size);
  });
});
