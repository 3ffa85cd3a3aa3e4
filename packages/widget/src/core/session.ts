/**
 * The visitor side of the protocol on top of the shared client core: what goes in `hello`, where
 * to resume, and merging messages, acks and conversation changes into the store without losing or
 * doubling a line. Reconnecting, the outbox and its resends, heartbeat and size caps are the
 * core's (`@switchboard/protocol/client`).
 */
import type { ConversationView, Identity, PageInfo, VisitorClientFrame, VisitorServerFrame } from '@switchboard/protocol';
import { closeReason, createVisitorClient, type HelloFields, type Outgoing as CoreOutgoing, type SocketFactory } from '@switchboard/protocol/client';
import type { ChatMessage } from '../api.js';
import type { Emitter } from './emitter.js';
import type { KV } from './storage.js';
import { lineFromMessage, upsertLine, type Line, type Store } from './store.js';
import { newId } from './storage.js';

/** Frames that carry a client id and wait for an ack. */
type Outgoing = CoreOutgoing<VisitorClientFrame>;

export interface SessionOptions {
  url: string;
  store: Store;
  kv: KV;
  events: Emitter;
  siteId?: string;
  locale: string;
  identity?: Identity;
  page: () => PageInfo;
  socket?: SocketFactory;
  /** Called after the store changed because of live (not replayed) incoming messages. */
  onIncoming?: (lines: Line[]) => void;
}

export interface Session {
  start(): void;
  stop(): void;
  kick(): void;
  send(text: string): void;
  retry(clientId: string): void;
  handoff(): void;
  newConversation(): void;
  rate(score: number, comment?: string): void;
  ticket(t: { email: string; name?: string; message: string }): void;
  profile(p: { name?: string; email?: string; attributes?: Record<string, string | number | boolean>; consent?: true }): void;
  identify(identity: Identity): void;
  typing(on: boolean): void;
  seen(): void;
  page(info: PageInfo): void;
}

export function createSession(o: SessionOptions): Session {
  const { store, kv, events } = o;
  let identity = o.identity;
  let synced = false;
  /** Profile fields set while offline, sent after the next welcome. */
  let profile: Extract<VisitorClientFrame, { type: 'profile' }> | null = null;
  /** Conversations the visitor left with "new conversation": late frames about them are ignored. */
  const abandoned = new Set<string>();

  const conn = createVisitorClient({
    url: o.url,
    ...(o.socket ? { socket: o.socket } : {}),
    hello,
    resumeFrom,
    onFrame: handle,
    onStatus(status, code) {
      store.set({ conn: status });
      if (status === 'reconnecting') markPending('retrying');
      if (status === 'down' && code !== undefined) events.emit('error', { code: `CLOSE_${code}`, message: `connection closed by the relay: ${closeReason(code)}` });
    },
  });

  function hello(): HelloFields {
    synced = false;
    const frame: HelloFields = { locale: o.locale, page: o.page() };
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (tz) frame.timezone = tz;
    if (o.siteId) frame.siteId = o.siteId;
    const token = kv.get('token');
    if (token) frame.token = token;
    if (identity) frame.identity = identity;
    return frame;
  }

  /** Only resume what we actually hold; without it the relay replays the whole conversation. */
  function resumeFrom() {
    const s = store.get();
    const conv = s.conversation;
    const last = lastSeq(s.lines, conv?.id);
    return conv && last > 0 ? [{ conversationId: conv.id, afterSeq: last }] : [];
  }

  function lastSeq(lines: Line[], conversationId?: string): number {
    let max = 0;
    for (const l of lines) if (l.conversationId === conversationId && l.seq !== Infinity && l.seq > max) max = l.seq;
    return max;
  }

  function markPending(status: 'retrying' | 'sending'): void {
    const lines = store.get().lines;
    if (!lines.some((l) => l.status === 'sending' || l.status === 'retrying')) return;
    store.set({ lines: lines.map((l) => (l.status === 'sending' || l.status === 'retrying' ? { ...l, status } : l)) });
  }


  /**
   * The relay sends `seen` only when the agent reads, not again after a reconnect, so the last one
   * is kept (one key, the current conversation's) to still show "Seen" after a reload.
   */
  function restoreSeen(conversationId: string): void {
    if (store.get().agentSeen?.conversationId === conversationId) return;
    const [id, seq] = (kv.get('seen') ?? '').split(' ');
    store.set({ agentSeen: id === conversationId && Number(seq) > 0 ? { conversationId, seq: Number(seq) } : null });
  }

  function setConversation(view: ConversationView): void {
    if (abandoned.has(view.id)) return;
    const prev = store.get().conversation;
    store.set({ conversation: view });
    restoreSeen(view.id);
    if (prev?.id === view.id && prev.state === view.state) return;
    if (view.state === 'queued' || view.state === 'assigned') {
      const a = view.agent;
      events.emit('handoff', { state: view.state, agent: a ? { name: a.name, ...(a.avatarUrl ? { avatarUrl: a.avatarUrl } : {}) } : null });
    }
  }

  /** A conversation id we learned from an ack or message before any `conversation` frame. */
  function adoptConversation(id: string): void {
    const cur = store.get().conversation;
    if (cur?.id === id) return;
    store.set({
      conversation: { id, state: 'bot', agent: null, lastSeq: 0, createdAt: Date.now(), closedAt: null, rating: null },
    });
    restoreSeen(id);
  }

  function handle(f: VisitorServerFrame, sent?: Outgoing): void {
    switch (f.type) {
      case 'welcome': {
        kv.set('token', f.token);
        const s = store.get();
        const patch: Parameters<Store['set']>[0] = { site: f.site, agentsAvailable: f.agentsAvailable, notice: null };
        // The site asks for consent this visitor has not given: the pre-chat form asks first.
        if (f.site.consent && f.consentAt === null && s.form === 'none') patch.form = 'prechat';
        store.set(patch);
        if (f.conversation) setConversation(f.conversation);
        else {
          synced = true; // nothing to replay, so no `synced` will come
          if (s.conversation && !s.lines.some((l) => l.conversationId === s.conversation!.id && l.seq !== Infinity)) {
            store.set({ conversation: null });
          }
        }
        if (profile && conn.send(profile) !== 'dropped') profile = null;
        // The core resends the outbox right after this welcome.
        markPending('sending');
        break;
      }
      case 'message': {
        const m = f.message;
        const s = store.get();
        if (m.kind === 'note' || abandoned.has(m.conversationId) || s.lines.some((l) => l.key === m.id)) break;
        const line = lineFromMessage(m);
        const mine = m.clientId ? s.lines.find((l) => l.clientId === m.clientId) : undefined;
        // The stored copy is here (a replay after reconnect): nothing left to resend.
        if (mine) conn.forget(m.clientId!);
        if (!s.conversation || s.conversation.id !== m.conversationId) adoptConversation(m.conversationId);
        const typing = m.author.kind === 'visitor' ? store.get().typing : null;
        store.set({ lines: upsertLine(store.get().lines, line), typing });
        // Live frames (and other tabs' messages) are news; the replay after welcome is not.
        if (synced) {
          events.emit('message', toPublic(line));
          o.onIncoming?.([line]);
        }
        break;
      }
      case 'ack': {
        if (f.ticketId) store.set({ form: 'ticketSent' });
        if (sent?.type === 'rating') {
          store.set({ rated: sent.conversationId });
          events.emit('rating', { score: sent.score, ...(sent.comment ? { comment: sent.comment } : {}) });
        }
        if (sent?.type === 'new_conversation') break;
        if (f.conversationId) adoptConversation(f.conversationId);
        if (sent?.type === 'message' && f.messageId && f.seq !== undefined) {
          const lines = store.get().lines;
          const line = lines.find((l) => l.clientId === f.id);
          if (line && !lines.some((l) => l.key === f.messageId)) {
            store.set({
              lines: upsertLine(lines, { ...line, key: f.messageId, seq: f.seq, conversationId: f.conversationId ?? line.conversationId, status: 'sent' }),
            });
          } else if (line) {
            // The replay already brought the stored copy: drop the pending one.
            store.set({ lines: lines.filter((l) => l !== line) });
          }
        }
        break;
      }
      case 'conversation':
        setConversation(f.conversation);
        break;
      case 'typing':
        if (f.author.kind !== 'visitor') store.set({ typing: f.on ? f.author : null });
        break;
      case 'availability':
        store.set({ agentsAvailable: f.agentsAvailable });
        break;
      case 'synced':
        synced = true;
        break;
      case 'error':
        onError(f, sent);
        break;
      case 'seen': {
        const cur = store.get().agentSeen;
        // Only the current conversation's marker matters (and is kept); a stale one is older news.
        if (f.by !== 'agent' || f.conversationId !== store.get().conversation?.id) break;
        if (cur?.conversationId === f.conversationId && cur.seq >= f.seq) break;
        kv.set('seen', `${f.conversationId} ${f.seq}`);
        store.set({ agentSeen: { conversationId: f.conversationId, seq: f.seq } });
        break;
      }
      case 'pong':
        break;
      default: {
        const never: never = f;
        void never;
      }
    }
  }

  function onError(f: Extract<VisitorServerFrame, { type: 'error' }>, frame?: Outgoing): void {
    if (frame && f.retryable) {
      // Still in the core's outbox: it sends it again after a backoff.
      markPending('retrying');
      return;
    }
    if (frame) {
      if (frame.type === 'message') {
        store.set({ lines: store.get().lines.map((l) => (l.clientId === frame.id ? { ...l, status: 'failed' } : l)) });
      }
    }
    if (!f.retryable) store.set({ notice: f.message });
    events.emit('error', { code: f.code, message: f.message });
  }

  function toPublic(l: Line): ChatMessage {
    return {
      id: l.key,
      conversationId: l.conversationId ?? '',
      seq: l.seq,
      kind: l.kind === 'event' ? 'event' : 'text',
      author: l.author,
      text: l.text,
      createdAt: l.createdAt,
    };
  }

  function lastConvId(): string | undefined {
    const c = store.get().conversation;
    return c && c.state !== 'closed' ? c.id : undefined;
  }

  return {
    start: () => conn.start(),
    stop() {
      void conn.stop();
    },
    kick: () => conn.kick(),
    send(text) {
      const body = text.trim();
      if (!body) return;
      const id = newId();
      const line: Line = { key: id, clientId: id, seq: Infinity, kind: 'text', author: { kind: 'visitor' }, text: body, createdAt: Date.now(), status: 'sending' };
      const conv = lastConvId();
      if (conv) line.conversationId = conv;
      store.set({ lines: upsertLine(store.get().lines, line) });
      // No conversationId: the relay writes to the open conversation or starts a new one.
      conn.send({ type: 'message', id, text: body });
      if (store.get().conn !== 'open') markPending('retrying');
    },
    retry(clientId) {
      const line = store.get().lines.find((l) => l.clientId === clientId && l.status === 'failed');
      if (!line) return;
      store.set({ lines: store.get().lines.map((l) => (l === line ? { ...l, status: 'sending' } : l)) });
      conn.send({ type: 'message', id: clientId, text: line.text });
    },
    handoff() {
      const frame: Outgoing = { type: 'handoff', id: newId() };
      const conv = lastConvId();
      if (conv) frame.conversationId = conv;
      conn.send(frame);
    },
    newConversation() {
      conn.send({ type: 'new_conversation', id: newId() });
      const c = store.get().conversation;
      if (c) abandoned.add(c.id);
      store.set({ lines: store.get().lines.filter((l) => l.status === 'sending' || l.status === 'retrying'), conversation: null, typing: null, form: 'none' });
    },
    rate(score, comment) {
      const c = store.get().conversation;
      if (!c) return;
      const frame: Outgoing = { type: 'rating', id: newId(), conversationId: c.id, score };
      if (comment) frame.comment = comment;
      conn.send(frame);
    },
    ticket(t) {
      const frame: Outgoing = { type: 'offline_ticket', id: newId(), email: t.email, message: t.message };
      if (t.name) frame.name = t.name;
      conn.send(frame);
    },
    profile(p) {
      const frame = { ...profile, ...p, type: 'profile' as const };
      if (p.attributes && profile?.attributes) frame.attributes = { ...profile.attributes, ...p.attributes };
      // Kept only while offline; a frame refused for its size would be refused again.
      profile = conn.send(frame) === 'dropped' ? frame : null;
    },
    identify(next) {
      identity = next;
      conn.send({ type: 'identify', identity: next });
    },
    typing(on) {
      const c = lastConvId();
      if (c) conn.send({ type: 'typing', conversationId: c, on });
    },
    seen() {
      const s = store.get();
      const seq = lastSeq(s.lines, s.conversation?.id);
      if (s.conversation && seq > 0) conn.send({ type: 'seen', conversationId: s.conversation.id, seq });
    },
    page(info) {
      conn.send({ type: 'page', page: info });
    },
  };
}
