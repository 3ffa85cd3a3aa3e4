/**
 * Random frames on both sockets (deterministic seed): the relay answers or ignores each, never
 * crashes, stores nothing for refused frames, and keeps serving a well-behaved client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, agentSocket, api, cid, loginAs, testRelay, visitor, type TestRelay } from './helpers.js';

function prng(seed: number): () => number {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

const TYPES = ['hello', 'message', 'typing', 'handoff', 'offline_ticket', 'rating', 'seen', 'resume', 'new_conversation', 'page', 'identify', 'profile', 'ping', 'auth', 'claim', 'transfer', 'close', 'reopen', 'presence', 'nope', ''];
const FIELDS = ['id', 'v', 'text', 'conversationId', 'on', 'email', 'message', 'score', 'seq', 'afterSeq', 'page', 'identity', 'name', 'attributes', 'token', 'status', 'maxChats', 'toAgentId', 'internal', 'resume', '__proto__', 'constructor'];

function randomValue(r: () => number, depth = 0): unknown {
  const pick = Math.floor(r() * 11);
  switch (pick) {
    case 0: return null;
    case 1: return r() < 0.5;
    case 2: return Math.floor(r() * 2 ** 31) * (r() < 0.3 ? -1 : 1);
    case 3: return r() * 1e308;
    case 4: return 'x'.repeat(Math.floor(r() * 40));
    case 5: return '\u0000\ud800<script>alert(1)</script>💥'.slice(0, 1 + Math.floor(r() * 30));
    case 6: return `c_${Math.floor(r() * 1e6)}`;
    case 7: return depth < 3 ? Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1)) : [];
    case 8: return depth < 3 ? Object.fromEntries(Array.from({ length: Math.floor(r() * 4) }, () => [FIELDS[Math.floor(r() * FIELDS.length)]!, randomValue(r, depth + 1)])) : {};
    case 9: return 'a'.repeat(9000);
    default: return 'ok-' + Math.floor(r() * 1000);
  }
}

function randomFrame(r: () => number): string {
  const roll = r();
  if (roll < 0.05) return '{"type":"message","id":'; // truncated JSON
  if (roll < 0.08) return '['.repeat(5000) + ']'.repeat(5000); // deep nesting
  if (roll < 0.1) return JSON.stringify(randomValue(r));
  const frame: Record<string, unknown> = { type: TYPES[Math.floor(r() * TYPES.length)] };
  const n = Math.floor(r() * 6);
  for (let i = 0; i < n; i++) frame[FIELDS[Math.floor(r() * FIELDS.length)]!] = randomValue(r);
  if (r() < 0.3) frame.id = `f${Math.floor(r() * 1e9)}`;
  if (r() < 0.2) frame.v = 1;
  return JSON.stringify(frame);
}

describe('fuzzing the sockets', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await testRelay({ ratePerSec: 10_000, rateBurst: 10_000, abuseLimit: 100_000, visitorPerMin: 100_000 });
  });
  afterAll(() => relay?.stop());

  it('survives 3,000 random frames per socket kind and keeps serving', async () => {
    const r = prng(Number(process.env.SB_FUZZ_SEED ?? 20261123));
    const { client: v } = await visitor(relay);
    const fresh = await Client.open(`${relay.wsUrl}/ws/visitor`, { origin: 'http://localhost:5173' });
    const admin = await loginAs(relay);
    const { client: a } = await agentSocket(relay, admin);
    const rawAgent = await Client.open(`${relay.wsUrl}/ws/agent`);
    for (let i = 0; i < 3000; i++) {
      for (const c of [v, fresh, a, rawAgent]) if (!c.closed) c.send(randomFrame(r));
      if (i % 200 === 0) await new Promise((res) => setTimeout(res, 5));
    }
    await new Promise((res) => setTimeout(res, 500));
    // Every error frame is well formed.
    for (const f of [...v.frames, ...fresh.frames, ...a.frames, ...rawAgent.frames].filter((x) => x.type === 'error')) {
      expect(typeof f.code).toBe('string');
      expect(typeof f.message).toBe('string');
      expect(typeof f.retryable).toBe('boolean');
    }
    expect(v.frames.some((f) => f.type === 'error' && f.code === 'BAD_JSON')).toBe(true);
    // Bad input is the client's fault: never an INTERNAL error (that would be an unhandled path).
    const internal = [...v.frames, ...fresh.frames, ...a.frames, ...rawAgent.frames].filter((x) => x.type === 'error' && x.code === 'INTERNAL');
    expect(internal).toEqual([]);
    // Still serving: health, and a normal conversation.
    const health = await fetch(`${relay.url}/healthz`);
    expect(health.status).toBe(200);
    const { client: ok } = await visitor(relay);
    const id = cid();
    ok.send({ type: 'message', id, text: 'still there?' });
    expect((await ok.type('ack', (f) => f.id === id)).seq).toBeGreaterThan(0);
    for (const c of [v, fresh, a, rawAgent, ok]) c.close();
  }, 60_000);

  it('answers random REST bodies and queries with 4xx, never 5xx', async () => {
    const r = prng(Number(process.env.SB_FUZZ_SEED ?? 7));
    const admin = await loginAs(relay);
    const routes: [string, string][] = [
      ['POST', '/api/login'],
      ['POST', '/api/agents'],
      ['PATCH', '/api/agents/a_missing'],
      ['POST', '/api/presence'],
      ['GET', '/api/conversations'],
      ['GET', '/api/conversations/c_missing/messages'],
      ['GET', '/api/tickets'],
      ['PATCH', '/api/tickets/t_missing'],
      ['POST', '/api/canned'],
      ['PATCH', '/api/canned/k_missing'],
      ['PUT', '/api/kb/entries/some-entry'],
      ['GET', '/api/kb/match'],
      ['PATCH', '/api/site'],
      ['GET', '/api/reports'],
      ['GET', '/api/figures'],
    ];
    const statuses = new Map<number, number>();
    for (let i = 0; i < 600; i++) {
      const [method, path] = routes[i % routes.length]!;
      const value = randomValue(r);
      const query = new URLSearchParams(Object.entries(typeof value === 'object' && value !== null && !Array.isArray(value) ? value : { q: value }).map(([k, v]) => [k, String(v)])).toString();
      const body = method === 'GET' ? undefined : r() < 0.1 ? '{"broken":' : (randomValue(r) ?? {});
      const res = await api(relay, method, method === 'GET' ? `${path}?${query}` : path, body, r() < 0.9 ? admin : undefined);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.status, `${method} ${path} ${JSON.stringify(body)?.slice(0, 80)}`).toBeLessThan(500);
      if (res.status >= 400) expect(typeof res.body?.error?.code, `${res.status} ${method} ${path} ${JSON.stringify(res.body)?.slice(0, 200)}`).toBe('string');
    }
    expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
  }, 60_000);
});
