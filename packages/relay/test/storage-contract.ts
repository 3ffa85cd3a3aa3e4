/**
 * The storage contract: every implementation (SQLite, PostgreSQL) must pass this suite.
 * `storageContract(name, open)` registers the tests; `open` returns a fresh, empty storage.
 * `twinOf`, when given, opens a second handle on the same database (what a second relay sees).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Storage, VisitorRecord } from '../src/storage/types.js';

let n = 0;
const uid = (p: string) => `${p}_${Date.now().toString(36)}_${++n}_${Math.random().toString(36).slice(2, 8)}`;

export function storageContract(name: string, open: () => Promise<Storage>, twinOf?: (storage: Storage) => Promise<Storage>): void {
  describe(`storage contract: ${name}`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await open();
      await storage.init();
    });
    afterEach(() => storage.close());

    async function newVisitor(over: Partial<VisitorRecord> = {}): Promise<VisitorRecord> {
      return storage.visitors.create({
        id: uid('v'),
        siteId: 'default',
        name: null,
        email: null,
        userId: null,
        verified: false,
        attributes: {},
        page: null,
        userAgent: null,
        timezone: null,
        locale: null,
        createdAt: Date.now(),
        lastSeenAt: Date.now(),
        ...over,
      });
    }

    async function newConversation(visitorId: string) {
      return storage.conversations.create({ id: uid('c'), siteId: 'default', visitorId, state: 'bot', createdAt: Date.now() });
    }

    const msg = (conversationId: string, clientId: string | null, text: string, kind: 'text' | 'note' = 'text') => ({
      id: uid('m'),
      conversationId,
      authorKey: 'v:x',
      clientId,
      kind,
      author: { kind: 'visitor' as const },
      text,
      createdAt: Date.now(),
    });

    it('allocates gap-free per-conversation sequence numbers', async () => {
      const v = await newVisitor();
      const a = await newConversation(v.id);
      const b = await newConversation(v.id);
      const seqs = [];
      for (let i = 0; i < 5; i++) seqs.push((await storage.messages.append(msg(a.id, null, `a${i}`))).message.seq);
      const other = await storage.messages.append(msg(b.id, null, 'b0'));
      expect(seqs).toEqual([1, 2, 3, 4, 5]);
      expect(other.message.seq).toBe(1);
      expect((await storage.conversations.get(a.id))!.lastSeq).toBe(5);
    });

    it('stores a repeated (author, client id) once and returns the original', async () => {
      const v = await newVisitor();
      const c = await newConversation(v.id);
      const first = await storage.messages.append(msg(c.id, 'client-1', 'hello'));
      const again = await storage.messages.append(msg(c.id, 'client-1', 'hello'));
      expect(first.duplicate).toBe(false);
      expect(again.duplicate).toBe(true);
      expect(again.message.id).toBe(first.message.id);
      expect(again.message.seq).toBe(first.message.seq);
      expect(await storage.messages.list(c.id, { afterSeq: 0, limit: 10, includeNotes: true })).toHaveLength(1);
      expect((await storage.messages.findByClientId('v:x', 'client-1'))?.id).toBe(first.message.id);
    });

    it("keeps people's last text as the conversation's preview, not system notices or events", async () => {
      const v = await newVisitor();
      const c = await newConversation(v.id);
      await storage.messages.append({ ...msg(c.id, null, 'where is my parcel?'), createdAt: 10 });
      await storage.messages.append({ ...msg(c.id, null, 'No agent is online right now.'), author: { kind: 'system' }, createdAt: 20 });
      await storage.messages.append({ ...msg(c.id, null, 'handed off'), kind: 'event', author: { kind: 'system' }, createdAt: 30 });
      expect(await storage.conversations.get(c.id)).toMatchObject({ lastSeq: 3, lastMessageText: 'where is my parcel?', lastMessageAuthor: 'visitor', lastMessageAt: 10 });
    });

    it('lists messages after a seq, in order, with notes only when asked', async () => {
      const v = await newVisitor();
      const c = await newConversation(v.id);
      await storage.messages.append(msg(c.id, null, 'one'));
      await storage.messages.append(msg(c.id, null, 'secret', 'note'));
      await storage.messages.append({ ...msg(c.id, null, 'three'), quickReplies: ['Yes', 'No'], event: { name: 'handoff', reason: 'requested' } });
      const all = await storage.messages.list(c.id, { afterSeq: 0, limit: 10, includeNotes: true });
      expect(all.map((m) => m.text)).toEqual(['one', 'secret', 'three']);
      expect(all[2]!.quickReplies).toEqual(['Yes', 'No']);
      expect(all[2]!.event).toEqual({ name: 'handoff', reason: 'requested' });
      const visible = await storage.messages.list(c.id, { afterSeq: 1, limit: 10, includeNotes: false });
      expect(visible.map((m) => m.text)).toEqual(['three']);
    });

    it('transition applies only from the expected state, so one claim wins', async () => {
      const v = await newVisitor();
      const c = await newConversation(v.id);
      const queued = await storage.conversations.transition(c.id, ['bot'], { state: 'queued', queuedAt: 1 });
      expect(queued?.state).toBe('queued');
      const results = await Promise.all([
        storage.conversations.transition(c.id, ['queued'], { state: 'assigned', agentId: 'a1' }),
        storage.conversations.transition(c.id, ['queued'], { state: 'assigned', agentId: 'a2' }),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.find(Boolean)!;
      expect(await storage.conversations.transition(c.id, ['assigned'], { agentId: 'a3' }, winner.agentId === 'a1' ? 'a2' : 'a1')).toBeNull();
      expect((await storage.conversations.openChatsByAgent()).get(winner.agentId!)).toBe(1);
    });

    it('opens at most one non-closed conversation per visitor, even when asked twice at once', async () => {
      const v = await newVisitor();
      const make = () => ({ id: uid('c'), siteId: 'default', visitorId: v.id, state: 'queued' as const, createdAt: Date.now(), queuedAt: 7, handoffReason: 'no_bot' });
      const [a, b] = await Promise.all([storage.conversations.openFor(make()), storage.conversations.openFor(make())]);
      expect([a.created, b.created].filter(Boolean)).toHaveLength(1);
      expect(a.conversation.id).toBe(b.conversation.id);
      const created = a.created ? a : b;
      expect(created.conversation).toMatchObject({ state: 'queued', queuedAt: 7, handoffReason: 'no_bot' });
      await storage.conversations.transition(created.conversation.id, ['queued'], { state: 'closed', closedAt: 8 });
      const next = await storage.conversations.openFor(make());
      expect(next.created).toBe(true);
      expect(next.conversation.id).not.toBe(created.conversation.id);
    });

    it('assigns within capacity only, atomically', async () => {
      const v = await newVisitor();
      const queued = await Promise.all(
        [1, 2, 3].map(async () => {
          const c = await newConversation(v.id);
          return (await storage.conversations.transition(c.id, ['bot'], { state: 'queued', queuedAt: 1 }))!;
        }),
      );
      const agentId = uid('a');
      const results = await Promise.all(queued.map((c) => storage.conversations.assignWithinCapacity(c.id, agentId, 2, { assignedAt: 5 })));
      expect(results.filter(Boolean)).toHaveLength(2);
      expect(results.find(Boolean)).toMatchObject({ state: 'assigned', agentId, assignedAt: 5 });
      expect((await storage.conversations.openChatsByAgent()).get(agentId)).toBe(2);
      // Not from a state other than queued.
      const taken = results.find(Boolean)!;
      expect(await storage.conversations.assignWithinCapacity(taken.id, uid('a'), 5, {})).toBeNull();
    });

    it('finds the latest conversation and lists by state, oldest first', async () => {
      const v = await newVisitor();
      const first = await storage.conversations.create({ id: uid('c'), siteId: 'default', visitorId: v.id, state: 'queued', createdAt: 1000 });
      const second = await storage.conversations.create({ id: uid('c'), siteId: 'default', visitorId: v.id, state: 'queued', createdAt: 2000 });
      expect((await storage.conversations.latestOf(v.id))?.id).toBe(second.id);
      const queued = await storage.conversations.list({ states: ['queued'], visitorId: v.id, order: 'oldest', limit: 10 });
      expect(queued.map((c) => c.id)).toEqual([first.id, second.id]);
      expect((await storage.conversations.createdBetween(1500, 2500)).map((c) => c.id)).toContain(second.id);
    });

    it('keeps visitors, finds them by verified user id and patches them', async () => {
      const v = await newVisitor({ userId: 'u-1', verified: true, attributes: { plan: 'free' } });
      expect((await storage.visitors.findByUserId('default', 'u-1'))?.id).toBe(v.id);
      const patched = await storage.visitors.update(v.id, { name: 'Ann', page: { url: 'https://x.example/a' } });
      expect(patched).toMatchObject({ name: 'Ann', attributes: { plan: 'free' }, page: { url: 'https://x.example/a' }, verified: true });
      expect(await storage.visitors.update('v_missing', { name: 'x' })).toBeNull();
    });

    it('merges visitor attributes key by key: last write per key wins, no key is lost, even when written at once', async () => {
      const v = await newVisitor({ attributes: { plan: 'free', seats: 1 } });
      const other = twinOf ? await twinOf(storage) : storage;
      const writes = Array.from({ length: 20 }, (_, i) => (i % 2 ? storage : other).visitors.mergeAttributes(v.id, { [`k${i}`]: i, plan: 'pro' }, 50));
      expect(await Promise.all(writes)).toEqual(Array(20).fill('merged'));
      await storage.visitors.mergeAttributes(v.id, { seats: 3 }, 50);
      const merged = (await storage.visitors.get(v.id))!.attributes;
      expect(merged).toEqual({ plan: 'pro', seats: 3, ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i])) });
      // A cap on the number of keys holds atomically too.
      expect(await storage.visitors.mergeAttributes(v.id, { a: 1, b: 2 }, 23)).toBe('too_many');
      expect(await storage.visitors.mergeAttributes(v.id, { seats: 4 }, 22)).toBe('merged');
      expect(await storage.visitors.mergeAttributes('v_missing', { a: 1 }, 50)).toBe('missing');
      expect(Object.keys((await storage.visitors.get(v.id))!.attributes)).toHaveLength(22);
    });

    it('keeps agents and sessions', async () => {
      const agent = await storage.agents.create({ id: uid('a'), email: `${uid('e')}@example.com`, name: 'A', role: 'agent', passwordHash: 'h', avatarUrl: null, maxChats: 3, active: true, createdAt: 1 });
      expect((await storage.agents.getByEmail(agent.email))?.id).toBe(agent.id);
      expect((await storage.agents.update(agent.id, { active: false, maxChats: 7 }))).toMatchObject({ active: false, maxChats: 7 });
      const tokenHash = uid('t');
      await storage.agents.createSession({ tokenHash, agentId: agent.id, createdAt: 1, expiresAt: 2 });
      expect(await storage.agents.getSession(tokenHash)).toEqual({ tokenHash, agentId: agent.id, createdAt: 1, expiresAt: 2 });
      await storage.agents.deleteSessionsOf(agent.id);
      expect(await storage.agents.getSession(tokenHash)).toBeNull();
      expect(await storage.agents.count()).toBeGreaterThanOrEqual(1);
    });

    it('keeps canned responses with unique shortcuts (case-insensitive)', async () => {
      const a = await storage.canned.create({ id: uid('k'), shortcut: 'hello', title: 'Hello', text: 'Hi there', updatedAt: 1 });
      expect(a?.shortcut).toBe('hello');
      expect(await storage.canned.create({ id: uid('k'), shortcut: 'HELLO', title: 'x', text: 'y', updatedAt: 1 })).toBeNull();
      const b = await storage.canned.create({ id: uid('k'), shortcut: 'bye', title: 'Bye', text: 'Goodbye', updatedAt: 1 });
      expect(await storage.canned.update(b!.id, { shortcut: 'Hello' })).toBeNull();
      expect(await storage.canned.update(b!.id, { text: 'See you', updatedAt: 2 })).toMatchObject({ shortcut: 'bye', text: 'See you', updatedAt: 2 });
      expect((await storage.canned.list()).map((c) => c.shortcut)).toEqual(['bye', 'hello']);
      expect(await storage.canned.delete(a!.id)).toBe(true);
      expect(await storage.canned.delete(a!.id)).toBe(false);
      expect(await storage.canned.get(a!.id)).toBeNull();
    });

    it('searches conversations by visitor name, email and message text, escaping wildcards', async () => {
      const v = await newVisitor({ name: 'Grace Hopper', email: 'grace@navy.example' });
      const c = await newConversation(v.id);
      await storage.messages.append(msg(c.id, null, 'The COBOL compiler is 100% broken'));
      for (const text of ['hopper', 'NAVY.example', 'cobol compiler', '100%']) {
        expect((await storage.conversations.search({ text, limit: 10 })).map((x) => x.id), text).toContain(c.id);
      }
      expect((await storage.conversations.search({ text: 'hopper', states: ['closed'], limit: 10 })).map((x) => x.id)).not.toContain(c.id);
      expect((await storage.conversations.search({ text: '_%_', limit: 10 })).map((x) => x.id)).not.toContain(c.id);
    });

    it('finds idle conversations by last activity, and tickets by time; updates ticket status', async () => {
      const v = await newVisitor();
      const old = await storage.conversations.create({ id: uid('c'), siteId: 'default', visitorId: v.id, state: 'bot', createdAt: 1000 });
      const fresh = await storage.conversations.create({ id: uid('c'), siteId: 'default', visitorId: v.id, state: 'bot', createdAt: 1000 });
      await storage.messages.append({ ...msg(fresh.id, null, 'still here'), createdAt: 50_000 });
      const idle = (await storage.conversations.idle('bot', 10_000, 100)).map((c) => c.id);
      expect(idle).toContain(old.id);
      expect(idle).not.toContain(fresh.id);
      const t = { id: uid('t'), siteId: 'default', visitorId: v.id, conversationId: null, clientId: uid('k'), name: null, email: 'a@example.com', message: 'm', createdAt: 5000, status: 'open' as const };
      await storage.tickets.create(t);
      expect((await storage.tickets.createdBetween(4000, 6000)).map((x) => x.id)).toContain(t.id);
      expect((await storage.tickets.createdBetween(6000, 7000)).map((x) => x.id)).not.toContain(t.id);
      expect((await storage.tickets.update(t.id, { status: 'done' }))?.status).toBe('done');
      expect(await storage.tickets.update('t_missing', { status: 'done' })).toBeNull();
    });

    it('stores a ticket once per client id, and settings', async () => {
      const v = await newVisitor();
      const t = { id: uid('t'), siteId: 'default', visitorId: v.id, conversationId: null, clientId: 'k1', name: null, email: 'a@example.com', message: 'call me', createdAt: Date.now(), status: 'open' as const };
      expect((await storage.tickets.create(t)).duplicate).toBe(false);
      const again = await storage.tickets.create({ ...t, id: uid('t') });
      expect(again.duplicate).toBe(true);
      expect(again.ticket.id).toBe(t.id);
      await storage.settings.set('k', 'v1');
      await storage.settings.set('k', 'v2');
      expect(await storage.settings.get('k')).toBe('v2');
      expect(await storage.settings.get('missing')).toBeNull();
    });
  });
}
