import { beforeEach, describe, expect, it } from 'vitest';
import { conv, fakeSockets, msg, welcome } from '../../test/fake-socket.js';
import en from '../i18n/en.js';
import { createEmitter } from './emitter.js';
import { createSession } from './session.js';
import { createKV } from './storage.js';
import { createStore, type State } from './store.js';

function setup() {
  const sockets = fakeSockets();
  const store = createStore({
    t: en, open: false, conn: 'idle', site: null, conversation: null, lines: [], agentsAvailable: false,
    typing: null, unread: 0, form: 'none', rated: null, notice: null, agentSeen: null,
  } satisfies State);
  const kv = createKV('test:');
  const events = createEmitter();
  const session = createSession({ url: 'ws://x/ws/visitor', store, kv, events, locale: 'en', page: () => ({ url: 'http://shop/' }), socket: sockets.factory });
  session.start();
  const connect = (w = welcome()) => {
    sockets.last().open();
    sockets.last().push(w);
    return sockets.last();
  };
  return { sockets, store, kv, events, session, connect };
}

describe('session', () => {
  beforeEach(() => localStorage.clear());

  it('stores the token from welcome and sends it in the next hello', () => {
    const { connect, sockets, kv, session } = setup();
    const s = connect(welcome({ token: 'secret' }));
    expect(kv.get('token')).toBe('secret');
    s.drop(1006);
    session.kick();
    sockets.last().open();
    expect(sockets.last().sent[0]).toMatchObject({ type: 'hello', v: 1, token: 'secret', locale: 'en', page: { url: 'http://shop/' } });
    expect(sockets.last().sent[0]).not.toHaveProperty('resume');
  });

  it('sends a message, shows it as sending, then sent with its seq after the ack', () => {
    const { connect, store, session } = setup();
    const s = connect();
    session.send('  hello  ');
    const [frame] = s.of('message');
    expect(frame).toMatchObject({ text: 'hello' });
    expect(store.get().lines[0]).toMatchObject({ status: 'sending', text: 'hello' });
    s.push({ type: 'ack', id: frame!.id, messageId: 'm1', conversationId: 'c1', seq: 1 });
    expect(store.get().lines).toHaveLength(1);
    expect(store.get().lines[0]).toMatchObject({ key: 'm1', seq: 1, status: 'sent' });
    expect(store.get().conversation?.id).toBe('c1');
  });

  it('queues messages while offline and sends them once, with the same id, after welcome', () => {
    const { sockets, store, session } = setup();
    session.send('typed offline');
    expect(store.get().lines[0]!.status).toBe('retrying');
    const s = sockets.last();
    s.open();
    expect(s.of('message')).toHaveLength(0);
    s.push(welcome());
    expect(s.of('message')).toHaveLength(1);
    expect(store.get().lines[0]!.status).toBe('sending');
  });

  it('resends unacked messages with the same id after a reconnect and resumes from the last seq', async () => {
    const { sockets, store, session, connect } = setup();
    const s1 = connect(welcome({ conversation: conv() }));
    s1.push(msg(1, 'Hello from the bot'));
    s1.push({ type: 'synced', conversationId: 'c1', lastSeq: 1 });
    session.send('are you there?');
    const id = s1.of('message')[0]!.id;
    s1.drop(1006);
    expect(store.get().lines.at(-1)!.status).toBe('retrying');
    await new Promise((r) => setTimeout(r, 600));
    const s2 = sockets.last();
    expect(s2).not.toBe(s1);
    s2.open();
    expect(s2.sent[0]).toMatchObject({ type: 'hello', token: 'tok-1', resume: { conversationId: 'c1', afterSeq: 1 } });
    s2.push(welcome({ conversation: conv() }));
    expect(s2.of('message')[0]!.id).toBe(id);
    // The relay had stored it before the drop: replay brings the stored copy, then the duplicate ack.
    s2.push(msg(2, 'are you there?', 'visitor', { clientId: id }));
    s2.push({ type: 'synced', conversationId: 'c1', lastSeq: 2 });
    s2.push({ type: 'ack', id, messageId: 'm2', conversationId: 'c1', seq: 2, duplicate: true });
    const texts = store.get().lines.map((l) => `${l.seq}:${l.text}:${l.status ?? ''}`);
    expect(texts).toEqual(['1:Hello from the bot:', '2:are you there?:sent']);
  });

  it('ignores replayed duplicates and orders lines by seq', () => {
    const { connect, store } = setup();
    const s = connect(welcome({ conversation: conv() }));
    s.push(msg(3, 'three'));
    s.push(msg(1, 'one'));
    s.push(msg(3, 'three'));
    expect(store.get().lines.map((l) => l.seq)).toEqual([1, 3]);
  });

  it('emits message events only for live messages, not for the replay', () => {
    const { connect, events } = setup();
    const got: string[] = [];
    events.on('message', (m) => got.push(m.text));
    const s = connect(welcome({ conversation: conv() }));
    s.push(msg(1, 'old'));
    s.push({ type: 'synced', conversationId: 'c1', lastSeq: 1 });
    s.push(msg(2, 'new'));
    expect(got).toEqual(['new']);
  });

  it('marks a message failed on a non-retryable error and retries it on request', () => {
    const { connect, store, session } = setup();
    const s = connect();
    session.send('x'.repeat(10));
    const id = s.of('message')[0]!.id;
    s.push({ type: 'error', code: 'TOO_LARGE', message: 'too large', id, retryable: false });
    expect(store.get().lines[0]!.status).toBe('failed');
    session.retry(id);
    expect(s.of('message').map((f) => f.id)).toEqual([id, id]);
  });

  it('never sends or resends a message over the text cap the relay announced', async () => {
    const { connect, sockets, store, session, events } = setup();
    const errors: string[] = [];
    events.on('error', (e) => errors.push(e.code));
    const s = connect(welcome({ limits: { maxTextBytes: 10, heartbeatMs: 0 } }));
    session.send('x'.repeat(11));
    session.send('short');
    expect(s.of('message').map((f) => f.text)).toEqual(['short']);
    expect(store.get().lines.map((l) => l.status)).toEqual(['failed', 'sending']);
    expect(store.get().notice).toBe('The text is 11 bytes; the limit is 10.');
    expect(errors).toEqual(['TOO_LARGE']);
    session.retry(store.get().lines[0]!.clientId!);
    expect(s.of('message').map((f) => f.text)).toEqual(['short']);
    s.drop(1006);
    await new Promise((r) => setTimeout(r, 600));
    const s2 = connect(welcome({ limits: { maxTextBytes: 10, heartbeatMs: 0 } }));
    expect(s2).not.toBe(s);
    expect(sockets.all.flatMap((x) => x.of('message')).map((f) => f.text)).toEqual(['short', 'short']);
  });

  it('shows a message the relay asked to retry as retrying, and the core sends it again with the same id', async () => {
    const { connect, store, session } = setup();
    const s = connect();
    session.send('hello');
    const id = s.of('message')[0]!.id;
    s.push({ type: 'error', code: 'RATE_LIMITED', message: 'slow down', id, retryable: true });
    expect(store.get().lines[0]!.status).toBe('retrying');
    await new Promise((r) => setTimeout(r, 600));
    expect(s.of('message').map((f) => f.id)).toEqual([id, id]);
    s.push({ type: 'ack', id, messageId: 'm1', conversationId: 'c1', seq: 1 });
    expect(store.get().lines[0]).toMatchObject({ key: 'm1', status: 'sent' });
  });

  it('tracks conversation state, agent and typing', () => {
    const { connect, store, events } = setup();
    const handoffs: string[] = [];
    events.on('handoff', (h) => handoffs.push(`${h.state}:${h.agent?.name ?? '-'}`));
    const s = connect(welcome({ conversation: conv() }));
    s.push({ type: 'conversation', conversation: conv('c1', 'queued') });
    s.push({ type: 'conversation', conversation: conv('c1', 'assigned', { id: 'a1', name: 'Anna' }) });
    s.push({ type: 'typing', conversationId: 'c1', author: { kind: 'agent', name: 'Anna' }, on: true });
    expect(store.get().typing?.name).toBe('Anna');
    s.push(msg(5, 'Hi, Anna here', 'agent'));
    expect(store.get().typing).toBeNull();
    expect(handoffs).toEqual(['queued:-', 'assigned:Anna']);
  });

  it('sends handoff, offline tickets and ratings with ids and handles their acks', () => {
    const { connect, store, session, events } = setup();
    const ratings: number[] = [];
    events.on('rating', (r) => ratings.push(r.score));
    const s = connect(welcome({ conversation: conv('c1', 'closed', { id: 'a1', name: 'Anna' }) }));
    session.handoff();
    expect(s.of('handoff')).toHaveLength(1);
    session.ticket({ email: 'a@b.co', message: 'call me' });
    s.push({ type: 'ack', id: s.of('offline_ticket')[0]!.id, ticketId: 't1' });
    expect(store.get().form).toBe('ticketSent');
    session.rate(5, 'great');
    const rating = s.of('rating')[0]!;
    expect(rating).toMatchObject({ conversationId: 'c1', score: 5, comment: 'great' });
    s.push({ type: 'ack', id: rating.id });
    expect(store.get().rated).toBe('c1');
    expect(ratings).toEqual([5]);
  });

  it('starts over on "new conversation" and ignores late frames about the old one', () => {
    const { connect, store, session } = setup();
    const s = connect(welcome({ conversation: conv() }));
    s.push(msg(1, 'old'));
    session.newConversation();
    expect(s.of('new_conversation')).toHaveLength(1);
    s.push({ type: 'conversation', conversation: conv('c1', 'closed') });
    s.push(msg(2, 'late'));
    expect(store.get().conversation).toBeNull();
    expect(store.get().lines).toEqual([]);
  });

  it('sends profile fields set while offline after the next welcome, merged', () => {
    const { sockets, session } = setup();
    session.profile({ attributes: { plan: 'pro' } });
    session.profile({ name: 'Ada', attributes: { cart: 3 } });
    const s = sockets.last();
    s.open();
    s.push(welcome());
    expect(s.of('profile')).toEqual([{ type: 'profile', name: 'Ada', attributes: { plan: 'pro', cart: 3 } }]);
  });
});
