import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { createBot } from '../bot/create-bot.js';
import { connectBot, replyFrames } from './connect-bot.js';
import { relayEndpoints } from './relay-url.js';

const kb = { entries: [{ id: 'hours', questions: ['what are your opening hours', 'when are you open'], answer: 'Nine to five.', quickReplies: ['Contact'] }] };

const agent = { id: 'bot1', email: 'bot@x.io', name: 'Bot', role: 'bot', avatarUrl: null, status: 'online', maxChats: 0, active: true };
const visitorMessage = (conversationId: string, text: string, seq = 1) => ({
  type: 'message',
  message: { id: `m${seq}`, conversationId, seq, kind: 'text', author: { kind: 'visitor' }, text, createdAt: Date.now() },
});

/** A tiny fake relay: HTTP login plus the agent socket. */
async function fakeRelay(options: { password?: string } = {}) {
  let logins = 0;
  const http: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const { password } = JSON.parse(body || '{}') as { password?: string };
      if (req.url === '/api/login' && password === (options.password ?? 'secret')) {
        logins++;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: 'session-token', expiresAt: 0, agent }));
      } else res.writeHead(401).end('{}');
    });
  });
  const wss = new WebSocketServer({ server: http, path: '/ws/agent' });
  const frames: Record<string, unknown>[] = [];
  const sockets: WebSocket[] = [];
  const waiters: (() => void)[] = [];
  wss.on('connection', (ws) => {
    sockets.push(ws);
    ws.on('message', (raw) => {
      const frame = JSON.parse(raw.toString()) as Record<string, unknown>;
      frames.push(frame);
      if (frame.type === 'auth') {
        if (frame.token !== 'session-token') ws.close(4001, 'unauthorized');
        else ws.send(JSON.stringify({ type: 'ready', v: 1, agent, conversations: [], agents: [], tickets: [], heartbeatMs: 0 }));
      }
      waiters.splice(0).forEach((w) => w());
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const until = async (predicate: () => boolean): Promise<void> => {
    while (!predicate()) await new Promise<void>((r) => { waiters.push(r); setTimeout(r, 50); });
  };
  const close = async () => {
    for (const s of wss.clients) s.terminate();
    await new Promise((r) => wss.close(r));
    await new Promise((r) => http.close(r));
  };
  return {
    url,
    frames,
    sockets,
    until,
    close,
    logins: () => logins,
    send: (frame: unknown) => sockets.at(-1)?.send(JSON.stringify(frame)),
  };
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

describe('relayEndpoints', () => {
  it('derives the REST base and the agent socket URL', () => {
    expect(relayEndpoints('http://localhost:8080')).toEqual({ httpBase: 'http://localhost:8080', wsUrl: 'ws://localhost:8080/ws/agent' });
    expect(relayEndpoints('wss://chat.example.com/relay/ws/agent')).toEqual({ httpBase: 'https://chat.example.com/relay', wsUrl: 'wss://chat.example.com/relay/ws/agent' });
  });
});

describe('replyFrames', () => {
  it('maps suggestions and handoffs onto agent frames', () => {
    let n = 0;
    const id = () => `id${++n}`;
    expect(replyFrames('c1', { type: 'suggest', text: 'Did you mean', suggestions: [{ id: 'a', label: 'A?' }], confidence: 0.4 }, id)).toEqual([
      { type: 'message', id: 'id1', conversationId: 'c1', text: 'Did you mean', suggestions: [{ id: 'a', label: 'A?' }] },
    ]);
    expect(replyFrames('c1', { type: 'handoff', text: 'Connecting', reason: 'requested', transcript: [] }, id)).toEqual([
      { type: 'message', id: 'id2', conversationId: 'c1', text: 'Connecting' },
      { type: 'handoff', id: 'id3', conversationId: 'c1', reason: 'requested' },
    ]);
  });
});

describe('connectBot', () => {
  it('logs in with email and password, authenticates, answers and hands off', async () => {
    const relay = await fakeRelay();
    cleanup.push(relay.close);
    const connection = connectBot(relay.url, { email: 'bot@x.io', password: 'secret' }, createBot({ knowledgeBase: kb }));
    cleanup.push(() => connection.close());
    await connection.ready;
    expect(connection.connected).toBe(true);
    expect(relay.frames[0]).toEqual({ type: 'auth', v: 1, token: 'session-token' });

    relay.send(visitorMessage('c1', 'when are you open?'));
    await relay.until(() => relay.frames.length >= 2);
    expect(relay.frames[1]).toMatchObject({ type: 'message', conversationId: 'c1', text: 'Nine to five.', quickReplies: ['Contact'] });

    // The bot ignores its own and agents' messages.
    relay.send({ ...visitorMessage('c1', 'hello', 2), message: { ...visitorMessage('c1', 'x', 2).message, author: { kind: 'agent' } } });
    relay.send(visitorMessage('c1', 'I want a human', 3));
    await relay.until(() => relay.frames.length >= 4);
    expect(relay.frames[2]).toMatchObject({ type: 'message', conversationId: 'c1' });
    expect(relay.frames[3]).toMatchObject({ type: 'handoff', conversationId: 'c1', reason: 'requested' });
    expect(String(relay.frames[3]?.id)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('reconnects with backoff after the connection drops', async () => {
    const relay = await fakeRelay();
    cleanup.push(relay.close);
    const connection = connectBot(relay.url, { token: 'session-token' }, createBot({ knowledgeBase: kb }), { initialBackoffMs: 20 });
    cleanup.push(() => connection.close());
    await connection.ready;
    relay.sockets[0]?.close(1001, 'relay shutting down');
    await relay.until(() => relay.frames.filter((f) => f.type === 'auth').length >= 2);
    expect(relay.sockets).toHaveLength(2);
  });

  it('keeps a reply the relay has not acked and resends it with the same id after reconnecting', async () => {
    const relay = await fakeRelay();
    cleanup.push(relay.close);
    const connection = connectBot(relay.url, { token: 'session-token' }, createBot({ knowledgeBase: kb }), { initialBackoffMs: 20 });
    cleanup.push(() => connection.close());
    await connection.ready;
    relay.send(visitorMessage('c1', 'when are you open?'));
    await relay.until(() => relay.frames.some((f) => f.type === 'message'));
    relay.sockets[0]?.close(1001, 'relay shutting down');
    await relay.until(() => relay.frames.filter((f) => f.type === 'message').length >= 2);
    const replies = relay.frames.filter((f) => f.type === 'message');
    expect(replies[1]).toEqual(replies[0]);
    expect(relay.frames.map((f) => f.type)).toEqual(['auth', 'message', 'auth', 'message']);
    // Acked: not sent again on the next reconnect.
    relay.send({ type: 'ack', id: replies[0]!.id, messageId: 'm9', conversationId: 'c1', seq: 2 });
    await new Promise((r) => setTimeout(r, 20));
    relay.sockets[1]?.close(1001, 'relay shutting down');
    await relay.until(() => relay.frames.filter((f) => f.type === 'auth').length >= 3);
    await new Promise((r) => setTimeout(r, 50));
    expect(relay.frames.filter((f) => f.type === 'message')).toHaveLength(2);
  });

  it('logs in again when its session expires (4001) and it has a password', async () => {
    const relay = await fakeRelay();
    cleanup.push(relay.close);
    const connection = connectBot(relay.url, { email: 'bot@x.io', password: 'secret' }, createBot({ knowledgeBase: kb }), { initialBackoffMs: 10 });
    cleanup.push(() => connection.close());
    await connection.ready;
    relay.sockets[0]?.close(4001, 'session expired');
    await relay.until(() => relay.frames.filter((f) => f.type === 'auth').length >= 2);
    expect(relay.logins()).toBe(2);
    await relay.until(() => connection.connected);
  });

  it('stops for good when the relay refuses the credentials', async () => {
    const relay = await fakeRelay();
    cleanup.push(relay.close);
    let closed = 0;
    const connection = connectBot(relay.url, { token: 'wrong' }, createBot({ knowledgeBase: kb }), { initialBackoffMs: 10, onClose: (code) => (closed = code) });
    await expect(connection.ready).rejects.toMatchObject({ code: 'CONNECT_AUTH' });
    expect(closed).toBe(4001);
    await new Promise((r) => setTimeout(r, 60));
    expect(relay.sockets).toHaveLength(1);
    const badLogin = connectBot(relay.url, { email: 'bot@x.io', password: 'nope' }, createBot({ knowledgeBase: kb }));
    await expect(badLogin.ready).rejects.toMatchObject({ code: 'CONNECT_AUTH' });
  });
});
