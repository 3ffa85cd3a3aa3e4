import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KnowledgeBaseError } from '../errors.js';
import { lintKnowledgeBase } from './lint.js';
import { loadKnowledgeBase, parseKnowledgeBase } from './parse.js';

const SAMPLE = fileURLToPath(new URL('../../kb/sample-support.json', import.meta.url));

function thrown(fn: () => unknown): KnowledgeBaseError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(KnowledgeBaseError);
    return error as KnowledgeBaseError;
  }
  throw new Error('expected a KnowledgeBaseError');
}

describe('parseKnowledgeBase', () => {
  it('reads the fixed JSON form', () => {
    const kb = parseKnowledgeBase(
      JSON.stringify({ entries: [{ id: 'returns', questions: ['How do I return an item?'], answer: 'Like **this**', quickReplies: ['Refund'], tags: ['orders'] }], synonyms: [['refund', 'money back']], locale: 'en' }),
      'json',
    );
    expect(kb.entries[0]?.id).toBe('returns');
    expect(kb.synonyms).toEqual([['refund', 'money back']]);
  });

  it('reads YAML', () => {
    const kb = parseKnowledgeBase('entries:\n  - id: hours\n    questions: [When are you open?, opening hours]\n    answer: 9 to 5\n', 'yaml');
    expect(kb.entries[0]?.questions).toEqual(['When are you open?', 'opening hours']);
  });

  it('reads Markdown: headings, ids, alternate phrasings, body, quick replies, tags, front matter', () => {
    const md = [
      '---',
      'locale: en',
      'synonyms: [[refund, money back]]',
      '---',
      '# Our FAQ',
      'Intro text that belongs to no entry.',
      '',
      '## How do I return an item? {#returns}',
      '? send it back',
      '? what is your return policy',
      '',
      'Within **30 days**.',
      '',
      '- step one',
      '',
      'Quick replies: Refund status | Exchanges',
      'Tags: orders, returns',
      '',
      '## When are you open?',
      'Monday to Friday.',
    ].join('\n');
    const kb = parseKnowledgeBase(md, 'markdown', 'faq.md');
    expect(kb.locale).toBe('en');
    expect(kb.entries).toHaveLength(2);
    expect(kb.entries[0]).toEqual({
      id: 'returns',
      questions: ['How do I return an item?', 'send it back', 'what is your return policy'],
      answer: 'Within **30 days**.\n\n- step one',
      quickReplies: ['Refund status', 'Exchanges'],
      tags: ['orders', 'returns'],
    });
    expect(kb.entries[1]?.id).toBe('when-are-you-open');
  });

  it('names the file, the entry and the field in validation errors', () => {
    const e = thrown(() => parseKnowledgeBase(JSON.stringify({ entries: [{ id: 'a', questions: ['q'], answer: 'x' }, { id: 'b', questions: [], answer: 'x' }] }), 'json', 'kb.json'));
    expect(e.code).toBe('KB_INVALID');
    expect(e.message).toContain('kb.json');
    expect(e.message).toContain('entry "b" (#2)');
    expect(e.message).toContain('questions');
    const noId = thrown(() => parseKnowledgeBase(JSON.stringify({ entries: [{ questions: ['q'], answer: 'x' }] }), 'json', 'kb.json'));
    expect(noId.message).toMatch(/kb\.json: entry #1: id/);
    const blank = thrown(() => parseKnowledgeBase('## Question\n\n', 'markdown', 'faq.md'));
    expect(blank.message).toMatch(/faq\.md: entry "question" \(#1\): answer/);
  });

  it('reports syntax errors and empty knowledge bases with their own codes', () => {
    expect(thrown(() => parseKnowledgeBase('{ nope', 'json', 'kb.json')).code).toBe('KB_SYNTAX');
    expect(thrown(() => parseKnowledgeBase('entries: [', 'yaml', 'kb.yaml')).code).toBe('KB_SYNTAX');
    expect(thrown(() => parseKnowledgeBase('{"entries": []}', 'json', 'kb.json')).code).toBe('KB_EMPTY');
  });
});

describe('loadKnowledgeBase', () => {
  it('picks the format by extension and rejects unknown ones', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kb-'));
    await writeFile(join(dir, 'kb.yml'), 'entries:\n  - {id: a, questions: [hi there], answer: yes}\n');
    expect((await loadKnowledgeBase(join(dir, 'kb.yml'))).entries[0]?.id).toBe('a');
    await writeFile(join(dir, 'kb.txt'), '');
    await expect(loadKnowledgeBase(join(dir, 'kb.txt'))).rejects.toMatchObject({ code: 'KB_FORMAT' });
    await expect(loadKnowledgeBase(join(dir, 'missing.json'))).rejects.toMatchObject({ code: 'KB_NOT_FOUND' });
  });

  it('ships a sample KB that is valid, rich and lint-clean', async () => {
    const kb = await loadKnowledgeBase(SAMPLE);
    expect(kb.entries.length).toBeGreaterThanOrEqual(25);
    for (const entry of kb.entries) expect(entry.questions.length, entry.id).toBeGreaterThanOrEqual(4);
    expect(kb.entries.filter((e) => e.quickReplies).length).toBeGreaterThan(10);
    expect(kb.synonyms?.length).toBeGreaterThan(5);
    expect(lintKnowledgeBase(kb)).toEqual([]);
  });
});
