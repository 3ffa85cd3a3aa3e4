/**
 * The storage contract: every implementation (SQLite, PostgreSQL) must pass this suite.
 * `storageContract(name, open)` registers the tests; `open` returns a fresh, empty storage.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Storage, VisitorRecord } from './types.js';

let n = 0;
const uid = (p: string) => `${p}_${Date.now().toString(36)}_${++n}_${Math.random().toString(36).slice(2, 8)}`;

export function storageContract(name: string, open: () => Promise<Storage>): void {
  describe(`storage contract: ${name}`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await open();
      await storage.init();
    });
    afterEach(() => storage.close());

    async function newVisitor(over: Partial<VisitorRecord> = {}): Promise<VisitorRecord> {
      return storage.createVisitor({
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
      return storage.createConversation({ id: uid('c'), siteId: 'default', visitorId, state: 'bot', createdAt: Date.now() });
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
      for (let i = 0; i < 5; i++) seqs.push((await storage.appendMessage(msg(a.id, null, `a${i}`))).message.seq);
      const other = await storage.appendMessage(msg(b.id, null, 'b0'));
      expect(seqs).toEqual([1, 2, 3, 4, 5]);
      expect(other.message.seq).toBe(1);
      expect((await storage.getConversation(a.id))!.lastSeq).toBe(5);
    });

    it('stores a repeated (author, client id) once and returns the original', async () => {
      const v = await newVisitor();
      const c = await newConversation(v.id);
      const first = await storage.appendMessage(msg(c.id, 'client-1', 'hello'));
      const again = await storage.appendMessage(msg(c.id, 'client-1', 'hello'));
      expect(first.duplicate).toBe(false);
      expect(again.duplicate).toBe(true);
      expect(again.message.id).toBe(first.message.id);
      expect(again.message.seq).toBe(first.message.seq);
      expect(await storage.listMessages(c.id, { afterSeq: 0, limit: 10, includeNotes: true })).toHaveLength(1);
      expect((await storage.findMessageByClientId('v:x', 'client-1'))?.id).toBe(first.message.id);
    });

    it("keeps people's last text as the conversation's preview, not system notices or events", async () => {
      const v = await newVisitor();
      const c = await newConversation(v.id);
      await storage.appendMessage({ ...msg(c.id, null, 'where is my parcel?'), createdAt: 10 });
      await storage.appendMessage({ ...msg(c.id, null, 'No agent is online right now.'), author: { kind: 'system' }, createdAt: 20 });
      await storage.appendMessage({ ...msg(c.id, null, 'handed off'), kind: 'event', author: { kind: 'system' }, createdAt: 30 });
      expect(await storage.getConversation(c.id)).toMatchObject({ lastSeq: 3, lastMessageText: 'where is my parcel?', lastMessageAuthor: 'visitor', lastMessageAt: 10 });
    });

    it('lists messages after a seq, in order, with notes only when asked', async () => {
      const v = await newVisitor();
      const c = await newConversation(v.id);
      await storage.appendMessage(msg(c.id, null, 'one'));
      await storage.appendMessage(msg(c.id, null, 'secret', 'note'));
      await storage.appendMessage({ ...msg(c.id, null, 'three'), quickReplies: ['Yes', 'No'], event: { name: 'handoff', reason: 'requested' } });
      const all = await storage.listMessages(c.id, { afterSeq: 0, limit: 10, includeNotes: true });
      expect(all.map((m) => m.text)).toEqual(['one', 'secret', 'three']);
      expect(all[2]!.quickReplies).toEqual(['Yes', 'No']);
      expect(all[2]!.event).toEqual({ name: 'handoff', reason: 'requested' });
      const visible = await storage.listMessages(c.id, { afterSeq: 1, limit: 10, includeNotes: false });
      expect(visible.map((m) => m.text)).toEqual(['three']);
    });

    it('transition applies only from the expected state, so one claim wins', async () => {
      const v = await newVisitor();
      const c = await newConversation(v.id);
      const queued = await storage.transition(c.id, ['bot'], { state: 'queued', queuedAt: 1 });
      expect(queued?.state).toBe('queued');
      const results = await Promise.all([
        storage.transition(c.id, ['queued'], { state: 'assigned', agentId: 'a1' }),
        storage.transition(c.id, ['queued'], { state: 'assigned', agentId: 'a2' }),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.find(Boolean)!;
      expect(await storage.transition(c.id, ['assigned'], { agentId: 'a3' }, winner.agentId === 'a1' ? 'a2' : 'a1')).toBeNull();
      expect((await storage.openChatsByAgent()).get(winner.agentId!)).toBe(1);
    });

    it('opens at most one non-closed conversation per visitor, even when asked twice at once', async () => {
      const v = await newVisitor();
      const make = () => ({ id: uid('c'), siteId: 'default', visitorId: v.id, state: 'queued' as const, createdAt: Date.now(), queuedAt: 7, handoffReason: 'no_bot' });
      const [a, b] = await Promise.all([storage.openConversationFor(make()), storage.openConversationFor(make())]);
      expect([a.created, b.created].filter(Boolean)).toHaveLength(1);
      expect(a.conversation.id).toBe(b.conversation.id);
      const created = a.created ? a : b;
      expect(created.conversation).toMatchObject({ state: 'queued', queuedAt: 7, handoffReason: 'no_bot' });
      await storage.transition(created.conversation.id, ['queued'], { state: 'closed', closedAt: 8 });
      const next = await storage.openConversationFor(make());
      expect(next.created).toBe(true);
      expect(next.conversation.id).not.toBe(created.conversation.id);
    });

    it('assigns within capacity only, atomically', async () => {
      const v = await newVisitor();
      const queued = await Promise.all(
        [1, 2, 3].map(async () => {
          const c = await newConversation(v.id);
          return (await storage.transition(c.id, ['bot'], { state: 'queued', queuedAt: 1 }))!;
        }),
      );
      const agentId = uid('a');
      const results = await Promise.all(queued.map((c) => storage.assignWithinCapacity(c.id, agentId, 2, { assignedAt: 5 })));
      expect(results.filter(Boolean)).toHaveLength(2);
      expect(results.find(Boolean)).toMatchObject({ state: 'assigned', agentId, assignedAt: 5 });
      expect((await storage.openChatsByAgent()).get(agentId)).toBe(2);
      // Not from a state other than queued.
      const taken = results.find(Boolean)!;
      expect(await storage.assignWithinCapacity(taken.id, uid('a'), 5, {})).toBeNull();
    });

    it('finds the latest conversation and lists by state, oldest first', async () => {
      const v = await newVisitor();
      const first = await storage.createConversation({ id: uid('c'), siteId: 'default', visitorId: v.id, state: 'queued', createdAt: 1000 });
      const second = await storage.createConversation({ id: uid('c'), siteId: 'default', visitorId: v.id, state: 'queued', createdAt: 2000 });
      expect((await storage.latestConversation(v.id))?.id).toBe(second.id);
      const queued = await storage.listConversations({ states: ['queued'], visitorId: v.id, order: 'oldest', limit: 10 });
      expect(queued.map((c) => c.id)).toEqual([first.id, second.id]);
      expect((await storage.conversationsBetween(1500, 2500)).map((c) => c.id)).toContain(second.id);
    });

    it('keeps visitors, finds them by verified user id and patches them', async () => {
      const v = await newVisitor({ userId: 'u-1', verified: true });
      expect((await storage.findVisitorByUserId('default', 'u-1'))?.id).toBe(v.id);
      const patched = await storage.updateVisitor(v.id, { name: 'Ann', attributes: { plan: 'pro' }, page: { url: 'https://x.example/a' } });
      expect(patched).toMatchObject({ name: 'Ann', attributes: { plan: 'pro' }, page: { url: 'https://x.example/a' }, verified: true });
    });

    it('keeps agents and sessions', async () => {
      const agent = await storage.createAgent({ id: uid('a'), email: `${uid('e')}@example.com`, name: 'A', role: 'agent', passwordHash: 'h', avatarUrl: null, maxChats: 3, active: true, createdAt: 1 });
      expect((await storage.getAgentByEmail(agent.email))?.id).toBe(agent.id);
      expect((await storage.updateAgent(agent.id, { active: false, maxChats: 7 }))).toMatchObject({ active: false, maxChats: 7 });
      await storage.createSession({ tokenHash: uid('t'), agentId: agent.id, createdAt: 1, expiresAt: 2 });
      await storage.deleteSessionsForAgent(agent.id);
      expect(await storage.countAgents()).toBeGreaterThanOrEqual(1);
    });

    it('keeps canned responses with unique shortcuts (case-insensitive)', async () => {
      const a = await storage.createCanned({ id: uid('k'), shortcut: 'hello', title: 'Hello', text: 'Hi there', updatedAt: 1 });
      expect(a?.shortcut).toBe('hello');
      expect(await storage.createCanned({ id: uid('k'), shortcut: 'HELLO', title: 'x', text: 'y', updatedAt: 1 })).toBeNull();
      const b = await storage.createCanned({ id: uid('k'), shortcut: 'bye', title: 'Bye', text: 'Goodbye', updatedAt: 1 });
      expect(await storage.updateCanned(b!.id, { shortcut: 'Hello' })).toBeNull();
      expect(await storage.updateCanned(b!.id, { text: 'See you', updatedAt: 2 })).toMatchObject({ shortcut: 'bye', text: 'See you', updatedAt: 2 });
      expect((await storage.listCanned()).map((c) => c.shortcut)).toEqual(['bye', 'hello']);
      expect(await storage.deleteCanned(a!.id)).toBe(true);
      expect(await storage.deleteCanned(a!.id)).toBe(false);
      expect(await storage.getCanned(a!.id)).toBeNull();
    });

    it('searches conversations by visitor name, email and message text, escaping wildcards', async () => {
      const v = await newVisitor({ name: 'Grace Hopper', email: 'grace@navy.example' });
      const c = await newConversation(v.id);
      await storage.appendMessage(msg(c.id, null, 'The COBOL compiler is 100% broken'));
      for (const text of ['hopper', 'NAVY.example', 'cobol compiler', '100%']) {
        expect((await storage.searchConversations({ text, limit: 10 })).map((x) => x.id), text).toContain(c.id);
      }
      expect((await storage.searchConversations({ text: 'hopper', states: ['closed'], limit: 10 })).map((x) => x.id)).not.toContain(c.id);
      expect((await storage.searchConversations({ text: '_%_', limit: 10 })).map((x) => x.id)).not.toContain(c.id);
    });

    it('finds idle conversations by last activity, and tickets by time; updates ticket status', async () => {
      const v = await newVisitor();
      const old = await storage.createConversation({ id: uid('c'), siteId: 'default', visitorId: v.id, state: 'bot', createdAt: 1000 });
      const fresh = await storage.createConversation({ id: uid('c'), siteId: 'default', visitorId: v.id, state: 'bot', createdAt: 1000 });
      await storage.appendMessage({ ...msg(fresh.id, null, 'still here'), createdAt: 50_000 });
      const idle = (await storage.idleConversations('bot', 10_000, 100)).map((c) => c.id);
      expect(idle).toContain(old.id);
      expect(idle).not.toContain(fresh.id);
      const t = { id: uid('t'), siteId: 'default', visitorId: v.id, conversationId: null, clientId: uid('k'), name: null, email: 'a@example.com', message: 'm', createdAt: 5000, status: 'open' as const };
      await storage.createTicket(t);
      expect((await storage.ticketsBetween(4000, 6000)).map((x) => x.id)).toContain(t.id);
      expect((await storage.ticketsBetween(6000, 7000)).map((x) => x.id)).not.toContain(t.id);
      expect((await storage.updateTicket(t.id, { status: 'done' }))?.status).toBe('done');
      expect(await storage.updateTicket('t_missing', { status: 'done' })).toBeNull();
    });

    it('stores a ticket once per client id, and settings', async () => {
      const v = await newVisitor();
      const t = { id: uid('t'), siteId: 'default', visitorId: v.id, conversationId: null, clientId: 'k1', name: null, email: 'a@example.com', message: 'call me', createdAt: Date.now(), status: 'open' as const };
      expect((await storage.createTicket(t)).duplicate).toBe(false);
      const again = await storage.createTicket({ ...t, id: uid('t') });
      expect(again.duplicate).toBe(true);
      expect(again.ticket.id).toBe(t.id);
      await storage.setSetting('k', 'v1');
      await storage.setSetting('k', 'v2');
      expect(await storage.getSetting('k')).toBe('v2');
      expect(await storage.getSetting('missing')).toBeNull();
    });
  });
}
