import { CLOSE_CODES } from '@switchboard/protocol/client';
import { describe, expect, it } from 'vitest';
import { closedNotice, connectionOf, sessionEnd } from './connection.js';

describe('console connection', () => {
  it('reads the core status as the header shows it', () => {
    expect(['connecting', 'open', 'reconnecting', 'down'].map((s) => connectionOf(s as Parameters<typeof connectionOf>[0]))).toEqual(['connecting', 'online', 'offline', 'closed']);
  });

  it('ends the session only on the credential codes; other final codes keep it and say why', () => {
    for (const [name, { code, final }] of Object.entries(CLOSE_CODES)) {
      if (!final) continue;
      const credentials = name === 'UNAUTHORIZED' || name === 'SESSION_REVOKED';
      expect(sessionEnd(code) !== null, name).toBe(credentials);
    }
    expect(closedNotice(CLOSE_CODES.TOO_BIG.code)).toBe('The relay closed the connection (frame larger than the relay accepts). Reload the page to reconnect.');
  });
});
