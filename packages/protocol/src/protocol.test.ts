import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AgentClientFrame,
  AgentServerFrame,
  CLOSE_CODES,
  ERROR_CODES,
  Identity,
  VisitorClientFrame,
  VisitorServerFrame,
  frameTypes,
  parseFrame,
} from './index.js';

const doc = readFileSync(new URL('../../../docs/protocol.md', import.meta.url), 'utf8');

describe('the error and close registries are documented, and the docs name nothing else', () => {
  it('every error code has a row in docs/protocol.md, and every row is a code', () => {
    const documented = [...doc.matchAll(/^\| `([A-Z_]+)` \| \d{3} \|/gm)].map((m) => m[1]);
    expect(new Set(documented)).toEqual(new Set(Object.keys(ERROR_CODES)));
  });
  it("each error row's HTTP status and retryable columns are the table's", () => {
    const rows = [...doc.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \| (yes|no) \|/gm)];
    expect(rows).toHaveLength(Object.keys(ERROR_CODES).length);
    for (const [, code, status, retryable] of rows) {
      const entry = ERROR_CODES[code as keyof typeof ERROR_CODES];
      expect(Number(status), code).toBe(entry.httpStatus);
      expect(retryable === 'yes', code).toBe(entry.retryable);
    }
  });
  it('every close code is documented with its number', () => {
    for (const [name, { code }] of Object.entries(CLOSE_CODES)) expect(doc).toContain(`| ${code} | \`${name}\` |`);
  });
  it('every frame type of every direction is documented', () => {
    for (const union of [VisitorClientFrame, VisitorServerFrame, AgentClientFrame, AgentServerFrame]) {
      for (const type of frameTypes(union)) expect(doc, type).toContain(`\`${type}\``);
    }
  });
});

describe('parseFrame', () => {
  const types = frameTypes(VisitorClientFrame);
  const parse = (raw: string) => parseFrame(VisitorClientFrame, raw, types);

  it('accepts a valid frame and infers its type', () => {
    const result = parse(JSON.stringify({ type: 'message', id: 'abc-1', text: 'hello' }));
    expect(result.ok).toBe(true);
    if (result.ok && result.frame.type === 'message') expect(result.frame.text).toBe('hello');
  });
  it('codes non-JSON, unknown types and schema violations, echoing the id', () => {
    const bad = parse('{');
    expect(!bad.ok && bad.error.code).toBe('BAD_JSON');
    const unknown = parse(JSON.stringify({ type: 'nope', id: 'x1' }));
    expect(!unknown.ok && unknown.error).toMatchObject({ code: 'UNKNOWN_TYPE', id: 'x1', retryable: false });
    const invalid = parse(JSON.stringify({ type: 'rating', id: 'r1', conversationId: 'c', score: 6 }));
    expect(!invalid.ok && invalid.error.code).toBe('INVALID_FRAME');
    expect(!invalid.ok && invalid.error.message).toMatch(/score/);
    expect(!invalid.ok && invalid.error.id).toBe('r1');
  });
  it('rejects ids outside the allowed alphabet and blank text', () => {
    expect(parse(JSON.stringify({ type: 'message', id: 'a b', text: 'x' })).ok).toBe(false);
    expect(parse(JSON.stringify({ type: 'message', id: 'ab', text: ' \n ' })).ok).toBe(false);
    expect(parse(JSON.stringify({ type: 'message', id: 'x'.repeat(65), text: 'x' })).ok).toBe(false);
  });
  it('checks identity signatures look like HMAC-SHA256 hex, but leaves that check out of hello', () => {
    const identity = (signature: string) => Identity.safeParse({ userId: 'u', signature }).success;
    expect(identity('a'.repeat(64))).toBe(true);
    expect(identity('xyz')).toBe(false);
    // A malformed identity must not cost the visitor the welcome: the relay checks it and answers INVALID_SIGNATURE.
    const hello = (signature: string) => parse(JSON.stringify({ type: 'hello', v: 1, identity: { userId: 'u', signature } }));
    expect(hello('a'.repeat(64)).ok).toBe(true);
    expect(hello('xyz').ok).toBe(true);
  });
  it('echoes the type and conversation of an invalid frame, so id-less frames can be matched', () => {
    const invalid = parse(JSON.stringify({ type: 'seen', conversationId: 'c_1', seq: -1 }));
    expect(!invalid.ok && invalid.error).toMatchObject({ code: 'INVALID_FRAME', frame: 'seen', conversationId: 'c_1' });
  });
});
