import { describe, expect, it } from 'vitest';
import { Synonyms, normalizeText, termOf, terms, words } from './normalize.js';

const stem = termOf;

describe('words', () => {
  it('lowercases, strips accents and punctuation', () => {
    expect(words('Café CRÈME, s’il vous plaît!')).toEqual(['cafe', 'creme', 's', 'il', 'vous', 'plait']);
  });
  it('expands contractions with straight and curly apostrophes', () => {
    expect(words("I can't log in, what's wrong? I’m stuck")).toEqual(['i', 'can', 'not', 'log', 'in', 'what', 'is', 'wrong', 'i', 'am', 'stuck']);
    expect(words("won't didn't they're")).toEqual(['will', 'not', 'did', 'not', 'they', 'are']);
  });
  it('drops possessive s', () => {
    expect(words("the shop's address")).toEqual(['the', 'shop', 'address']);
  });
});

describe('English stems (Snowball)', () => {
  it.each([
    ['shipping', 'ship'],
    ['shipped', 'ship'],
    ['ships', 'ship'],
    ['replies', 'repli'],
    ['reply', 'repli'],
    ['changes', 'chang'],
    ['changing', 'chang'],
    ['cancellation', 'cancel'],
    ['cancelled', 'cancel'],
    ['status', 'status'],
    ['address', 'address'],
  ])('%s → %s', (word, expected) => {
    expect(stem(word)).toBe(expected);
  });
  it('leaves short words and numbers alone', () => {
    expect(stem('is')).toBe('is');
    expect(stem('abc123')).toBe('#');
  });
});

describe('synonyms and terms', () => {
  it('rewrites every phrase of a group to its first phrase, longest first', () => {
    const s = new Synonyms([['refund', 'money back'], ['discount code', 'promo code', 'coupon']]);
    expect(terms('I want my money back', s)).toEqual(terms('I want my refund'));
    expect(terms('my promo code fails', s)).toEqual(terms('my discount code fails'));
    expect(terms('coupons', s)).toEqual(terms('discount code'));
  });
  it('collapses numbers to one token', () => {
    expect(terms('order 12345')).toEqual(['order', '#']);
  });
  it('normalizeText shows the matcher view', () => {
    expect(normalizeText("What's the shipping cost?")).toBe('what is the ship cost');
  });
});
