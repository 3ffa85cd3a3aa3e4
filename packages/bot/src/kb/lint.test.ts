import { describe, expect, it } from 'vitest';
import { lintKnowledgeBase } from './lint.js';
import type { KnowledgeBase } from './schema.js';

const entry = (id: string, questions: string[]) => ({ id, questions, answer: `answer ${id}` });

describe('lintKnowledgeBase', () => {
  it('finds duplicate ids', () => {
    const problems = lintKnowledgeBase({ entries: [entry('a', ['opening hours']), entry('a', ['shipping costs'])] });
    expect(problems.map((p) => p.code)).toEqual(['DUPLICATE_ID']);
  });

  it('finds the same question (after normalisation) under two entries', () => {
    const problems = lintKnowledgeBase({ entries: [entry('a', ['How do I return an item?']), entry('b', ['how do i return an item', 'refunds'])] });
    expect(problems.map((p) => p.code)).toEqual(['DUPLICATE_QUESTION']);
    expect(problems[0]?.entries).toEqual(['a', 'b']);
  });

  it('finds entries whose questions are near-identical', () => {
    const kb: KnowledgeBase = {
      entries: [entry('ship-a', ['how much does shipping to germany cost', 'delivery price']), entry('ship-b', ['how much does shipping to germany cost?!! please', 'parcel tracking'])],
    };
    const codes = lintKnowledgeBase(kb).map((p) => p.code);
    expect(codes).toContain('CONFUSABLE');
  });

  it('is quiet for distinct entries', () => {
    expect(lintKnowledgeBase({ entries: [entry('a', ['opening hours', 'when are you open']), entry('b', ['shipping costs', 'how much is delivery'])] })).toEqual([]);
  });
});
