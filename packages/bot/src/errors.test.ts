import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BOT_ERROR_CODES, BotError, KnowledgeBaseError } from './errors.js';

describe('error registry', () => {
  it('every code has a default message and is documented in docs/bot.md', () => {
    const docs = readFileSync(new URL('../../../docs/bot.md', import.meta.url), 'utf8');
    for (const [code, message] of Object.entries(BOT_ERROR_CODES)) {
      expect(message.length, code).toBeGreaterThan(10);
      expect(docs, `docs/bot.md documents ${code}`).toContain(`\`${code}\``);
    }
  });
  it('KnowledgeBaseError joins file, entry and field into the message', () => {
    const e = new KnowledgeBaseError('KB_INVALID', 'must not be blank', { file: 'kb.json', entry: 'entry "a" (#1)', field: 'answer' });
    expect(e).toBeInstanceOf(BotError);
    expect(e.message).toBe('kb.json: entry "a" (#1): answer: must not be blank');
  });
});
