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
        consentAt: null,
        erasedAt: null,
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
      const session = { tokenHash, id: uid('s'), agentId: agent.id, createdAt: 1, expiresAt: 2, lastSeenAt: 1, userAgent: 'UA/1', ip: '10.0.0.1' };
      await storage.agents.createSession(session);
      expect(await storage.agents.getSession(tokenHash)).toEqual(session);
      expect(await storage.agents.deleteSessionsOf(agent.id)).toBe(1);
      expect(await storage.agents.getSession(tokenHash)).toBeNull();
      expect(await storage.agents.count()).toBeGreaterThanOrEqual(1);
    });

    it("lists an agent's sessions by last use, moves last-seen forward only, and ends all but one", async () => {
      const agent = await storage.agents.create({ id: uid('a'), email: `${uid('e')}@example.com`, name: 'A', role: 'agent', passwordHash: 'h', avatarUrl: null, maxChats: 3, active: true, createdAt: 1 });
      const make = (n: number) => ({ tokenHash: uid('t'), id: uid('s'), agentId: agent.id, createdAt: n, expiresAt: 10_000, lastSeenAt: n, userAgent: null, ip: null });
      const [a, b, c] = [make(1), make(2), make(3)];
      for (const s of [a, b, c]) await storage.agents.createSession(s);
      await storage.agents.touchSession(a.tokenHash, 50);
      await storage.agents.touchSession(a.tokenHash, 40);
      expect((await storage.agents.listSessions(agent.id)).map((s) => [s.id, s.lastSeenAt])).toEqual([
        [a.id, 50],
        [c.id, 3],
        [b.id, 2],
      ]);
      expect((await storage.agents.sessionAgent(a.tokenHash))?.session.lastSeenAt).toBe(50);
      expect(await storage.agents.deleteSessionsOf(agent.id, b.tokenHash)).toBe(2);
      expect((await storage.agents.listSessions(agent.id)).map((s) => s.id)).toEqual([b.id]);
      expect(await storage.agents.getSession(a.tokenHash)).toBeNull();
    });

    it('keeps a TOTP secret pending until enabled, accepts each step once and each recovery code once', async () => {
      const agent = await storage.agents.create({ id: uid('a'), email: `${uid('e')}@example.com`, name: 'A', role: 'agent', passwordHash: 'h', avatarUrl: null, maxChats: 3, active: true, createdAt: 1 });
      const tf = storage.twoFactor;
      expect(await tf.get(agent.id)).toBeNull();
      expect(await tf.begin(agent.id, 'SECRETA')).toBe(true);
      expect(await tf.begin(agent.id, 'SECRETB')).toBe(true);
      expect(await tf.get(agent.id)).toEqual({ agentId: agent.id, secret: 'SECRETB', enabledAt: null, lastStep: 0 });
      expect(await tf.enabledAgentIds()).not.toContain(agent.id);
      expect(await tf.enable(agent.id, 100, 5000, ['h1', 'h2'])).toBe(true);
      expect(await tf.enable(agent.id, 101, 5001, ['h3'])).toBe(false);
      expect(await tf.begin(agent.id, 'SECRETC')).toBe(false);
      expect(await tf.get(agent.id)).toEqual({ agentId: agent.id, secret: 'SECRETB', enabledAt: 5000, lastStep: 100 });
      expect(await tf.enabledAgentIds()).toContain(agent.id);
      expect(await tf.useStep(agent.id, 100)).toBe(false);
      expect(await tf.useStep(agent.id, 101)).toBe(true);
      expect(await tf.useStep(agent.id, 101)).toBe(false);
      expect(await tf.recoveryCodesLeft(agent.id)).toBe(2);
      expect(await tf.useRecoveryCode(agent.id, 'h1', 1)).toBe(true);
      expect(await tf.useRecoveryCode(agent.id, 'h1', 2)).toBe(false);
      expect(await tf.useRecoveryCode(agent.id, 'nope', 2)).toBe(false);
      expect(await tf.recoveryCodesLeft(agent.id)).toBe(1);
      await tf.replaceRecoveryCodes(agent.id, ['h4', 'h5', 'h6']);
      expect(await tf.useRecoveryCode(agent.id, 'h2', 3)).toBe(false);
      expect(await tf.recoveryCodesLeft(agent.id)).toBe(3);
      await tf.remove(agent.id);
      expect(await tf.get(agent.id)).toBeNull();
      expect(await tf.recoveryCodesLeft(agent.id)).toBe(0);
    });

    it('appends audit entries and lists them newest first, filtered and paged', async () => {
      const base = { actor: { type: 'agent' as const, id: 'a_1', name: 'Ann' }, target: null, detail: {}, ip: null };
      const first = await storage.audit.append({ ...base, at: 1000, action: 'login.succeeded', detail: { via: 'password' }, ip: '10.0.0.1' });
      const second = await storage.audit.append({ ...base, at: 2000, action: 'agent.created', target: { type: 'agent', id: 'a_2' } });
      const third = await storage.audit.append({ ...base, at: 3000, action: 'login.failed', actor: { type: 'agent', id: null, name: null } });
      expect(first).toMatchObject({ at: 1000, action: 'login.succeeded', detail: { via: 'password' }, ip: '10.0.0.1', actor: base.actor, target: null });
      const ids = (f: Parameters<typeof storage.audit.list>[0]) => storage.audit.list(f).then((l) => l.map((e) => e.id));
      expect(await ids({ limit: 10, from: 1000, to: 3001 })).toEqual([third.id, second.id, first.id]);
      expect(await ids({ limit: 10, action: 'login.succeeded', from: 1000, to: 3001 })).toEqual([first.id]);
      expect(await ids({ limit: 10, actorId: 'a_1', from: 1000, to: 3001 })).toEqual([second.id, first.id]);
      expect(await ids({ limit: 10, targetId: 'a_2' })).toContain(second.id);
      expect(await ids({ limit: 10, from: 1500, to: 2500 })).toEqual([second.id]);
      expect(await ids({ limit: 1, before: third.id, from: 1000, to: 3001 })).toEqual([second.id]);
      expect((await storage.audit.list({ limit: 10, targetId: 'a_2' }))[0]).toEqual(second);
    });

    it('records consent once: the first time is kept', async () => {
      const v = await newVisitor();
      expect((await storage.visitors.recordConsent(v.id, 5000))?.consentAt).toBe(5000);
      expect((await storage.visitors.recordConsent(v.id, 9000))?.consentAt).toBe(5000);
      expect((await storage.visitors.get(v.id))?.consentAt).toBe(5000);
      expect(await storage.visitors.recordConsent('v_missing', 1)).toBeNull();
    });

    it("collects one visitor's data and nothing of another's", async () => {
      const alice = await newVisitor({ name: 'Alice', email: 'alice@example.com' });
      const bob = await newVisitor({ name: 'Bob', email: 'bob@example.com' });
      const ca = await newConversation(alice.id);
      const cb = await newConversation(bob.id);
      await storage.messages.append({ ...msg(ca.id, null, 'alice writes'), authorKey: `v:${alice.id}` });
      await storage.messages.append(msg(ca.id, null, 'a note about alice', 'note'));
      await storage.messages.append({ ...msg(cb.id, null, 'bob writes'), authorKey: `v:${bob.id}` });
      await storage.tickets.create({ id: uid('t'), siteId: 'default', visitorId: alice.id, conversationId: null, clientId: 'k', name: 'Alice', email: 'alice@example.com', message: 'call me', createdAt: 1, status: 'open' });
      const data = (await storage.privacy.collect(alice.id))!;
      expect(data.visitor).toMatchObject({ id: alice.id, name: 'Alice' });
      expect(data.conversations.map((c) => c.id)).toEqual([ca.id]);
      expect(data.messages.get(ca.id)!.map((m) => m.text)).toEqual(['alice writes', 'a note about alice']);
      expect(data.tickets.map((t) => t.message)).toEqual(['call me']);
      expect(JSON.stringify([...data.messages.values()])).not.toContain('bob');
      expect(await storage.privacy.collect('v_missing')).toBeNull();
    });

    it('erases a visitor: tombstones with seqs kept, identity and words gone, others untouched', async () => {
      const alice = await newVisitor({ name: 'Alice', email: 'alice@example.com', userId: uid('u'), verified: true, attributes: { plan: 'pro' }, userAgent: 'UA' });
      const bob = await newVisitor({ name: 'Bob', email: 'bob@example.com' });
      const ca = await newConversation(alice.id);
      const cb = await newConversation(bob.id);
      await storage.messages.append({ ...msg(ca.id, null, 'my address is 1 Main St'), author: { kind: 'visitor', id: alice.id, name: 'Alice' } });
      await storage.messages.append({ ...msg(ca.id, null, 'thanks Alice'), author: { kind: 'agent', id: 'a_1', name: 'Ann' } });
      await storage.messages.append({ ...msg(ca.id, null, 'closed'), kind: 'event', author: { kind: 'system' }, event: { name: 'closed' } });
      await storage.messages.append(msg(cb.id, null, 'bob stays'));
      await storage.conversations.update(ca.id, { state: 'closed', closedAt: 10, rating: 4, ratingComment: 'Alice was happy' });
      await storage.tickets.create({ id: uid('t'), siteId: 'default', visitorId: alice.id, conversationId: ca.id, clientId: 'k', name: 'Alice', email: 'alice@example.com', message: 'call me', createdAt: 1, status: 'open' });
      await storage.visitors.get(alice.id);
      await storage.conversations.get(ca.id);

      expect(await storage.privacy.erase(alice.id, 777)).toEqual({ conversations: 1, messages: 2, tickets: 1 });
      const v = (await storage.visitors.get(alice.id))!;
      expect(v).toMatchObject({ name: null, email: null, userId: null, verified: false, attributes: {}, userAgent: null, erasedAt: 777 });
      const log = await storage.messages.list(ca.id, { afterSeq: 0, limit: 10, includeNotes: true });
      expect(log.map((m) => [m.seq, m.author.kind, m.text, m.erased ?? false])).toEqual([
        [1, 'visitor', '', true],
        [2, 'agent', '', true],
        [3, 'system', 'closed', false],
      ]);
      expect(log[0]!.author.name).toBeUndefined();
      const c = (await storage.conversations.get(ca.id))!;
      expect(c).toMatchObject({ state: 'closed', rating: 4, ratingComment: null, lastSeq: 3, lastMessageText: '' });
      expect((await storage.tickets.list({ limit: 100 })).find((t) => t.visitorId === alice.id)).toMatchObject({ name: null, email: '', message: '' });
      expect((await storage.messages.list(cb.id, { afterSeq: 0, limit: 10, includeNotes: true }))[0]!.text).toBe('bob stays');
      expect((await storage.visitors.get(bob.id))!.name).toBe('Bob');
      expect(await storage.privacy.erase('v_missing', 1)).toBeNull();
    });

    it('retention takes only conversations closed before the cutoff, and counts each once', async () => {
      const v = await newVisitor({ lastSeenAt: 100 });
      const mk = async (closedAt: number | null) => {
        const c = await newConversation(v.id);
        await storage.messages.append(msg(c.id, null, `said at ${closedAt}`));
        if (closedAt !== null) await storage.conversations.update(c.id, { state: 'closed', closedAt });
        return c.id;
      };
      const old1 = await mk(1000);
      const old2 = await mk(2000);
      const recent = await mk(9000);
      const open = await mk(null);
      expect(await storage.privacy.anonymiseClosedBefore(5000, 1, 1)).toBe(1);
      expect(await storage.privacy.anonymiseClosedBefore(5000, 1, 10)).toBe(1);
      expect(await storage.privacy.anonymiseClosedBefore(5000, 1, 10)).toBe(0);
      const text = async (id: string) => (await storage.messages.list(id, { afterSeq: 0, limit: 5, includeNotes: true }))[0]?.text;
      expect([await text(old1), await text(old2), await text(recent), await text(open)]).toEqual(['', '', 'said at 9000', 'said at null']);
      // The visitor still has a recent and an open conversation: kept.
      expect(await storage.privacy.retainVisitors(5000, 'anonymise', 1, 10)).toBe(0);
      expect(await storage.privacy.deleteClosedBefore(5000, 10)).toBe(2);
      expect(await storage.conversations.get(old1)).toBeNull();
      expect(await storage.messages.list(old1, { afterSeq: 0, limit: 5, includeNotes: true })).toEqual([]);
      expect((await storage.conversations.get(recent))?.state).toBe('closed');
      const idle = await newVisitor({ lastSeenAt: 100, name: 'Gone' });
      const t = { id: uid('t'), siteId: 'default', visitorId: idle.id, conversationId: null, clientId: 'k', name: 'Gone', email: 'g@example.com', message: 'old', createdAt: 100, status: 'open' as const };
      await storage.tickets.create(t);
      expect(await storage.privacy.retainTickets(5000, 'anonymise', 10)).toBeGreaterThanOrEqual(1);
      expect((await storage.tickets.list({ limit: 500 })).find((x) => x.id === t.id)).toMatchObject({ email: '', message: '', name: null });
      expect(await storage.privacy.retainVisitors(5000, 'anonymise', 7, 10)).toBeGreaterThanOrEqual(1);
      expect(await storage.visitors.get(idle.id)).toMatchObject({ name: null, erasedAt: 7 });
      expect(await storage.privacy.retainTickets(5000, 'delete', 10)).toBeGreaterThanOrEqual(1);
      expect(await storage.privacy.retainVisitors(5000, 'delete', 8, 10)).toBeGreaterThanOrEqual(1);
      expect(await storage.visitors.get(idle.id)).toBeNull();
      expect(await storage.visitors.get(v.id)).not.toBeNull();
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
