/**
 * What a visitor does once greeted: write, ask for a human, leave a ticket, rate, start over,
 * type, mark read, resume, tell their page and profile. Every command runs in the visitor's
 * serial turn (all their tabs share it), and what changes a conversation also in that
 * conversation's turn. A visitor only ever reaches their own conversations.
 */
import { LIMITS, type Attributes, type PageInfo, type VisitorClientFrame } from '@switchboard/protocol';
import type { Config } from '../config.js';
import { RelayError } from '../errors.js';
import { newId } from '../ids.js';
import type { SharedRateLimiter } from '../rate-limit-redis.js';
import type { ConversationRecord, Storage, VisitorRecord } from '../storage/types.js';
import type { Assignment } from './assignment.js';
import type { DomainEvents } from './events.js';
import type { Lifecycle } from './lifecycle.js';
import { ackOf, checkTextSize, type AckFields, type ConversationLog } from './log.js';
import type { VisitorConnection } from './ports.js';
import type { ConversationReads } from './reads.js';
import type { Serial } from './serial.js';
import type { VisitorSession } from './visitor-session.js';

type Frame<T extends VisitorClientFrame['type']> = Extract<VisitorClientFrame, { type: T }>;

export interface VisitorCommandDeps {
  storage: Storage;
  events: DomainEvents;
  serial: Serial;
  log: ConversationLog;
  lifecycle: Lifecycle;
  assignment: Assignment;
  reads: ConversationReads;
  session: VisitorSession;
  /** Per-visitor (all tabs, all relays) and per-IP limits on frames that store something. */
  limiter: SharedRateLimiter;
  config: Pick<Config, 'maxTextBytes' | 'visitorPerMin' | 'ipPerMin'>;
  now: () => number;
}

const MINUTE = 60_000;
/** The resolution of a conversation that ended in an offline ticket. */
export const OFFLINE_TICKET = 'offline_ticket';

export class VisitorCommands {
  constructor(private readonly deps: VisitorCommandDeps) {}

  /** Stores a message in the visitor's open conversation (or the one named), opening one when there is none. */
  message(conn: VisitorConnection, visitorId: string, frame: Frame<'message'>): Promise<AckFields> {
    return this.deps.serial.visitor(visitorId, async () => {
      // The visitor (for the author's name) loads while the limits are checked.
      const loading = this.visitor(visitorId);
      loading.catch(() => undefined);
      await this.admit(visitorId, conn.ip);
      checkTextSize(frame.text, this.deps.config.maxTextBytes);
      const visitor = await loading;
      const authorKey = `v:${visitorId}`;
      let named = frame.conversationId;
      // A conversation found closed in its turn (named so, or closed meanwhile) sends this round
      // again: to the visitor's open conversation, or a new one.
      for (let attempt = 0; ; attempt++) {
        let conversationId: string;
        let opened = false;
        if (named !== undefined) conversationId = named;
        else {
          const latest = await this.deps.storage.conversations.latestOf(visitorId);
          if (latest && latest.state !== 'closed') conversationId = latest.id;
          else {
            // A retry of a message stored before the close must not open a conversation of its own.
            // (Otherwise the append's own dedup is enough: the common path skips this lookup.)
            const earlier = await this.deps.storage.messages.findByClientId(authorKey, frame.id);
            if (earlier) {
              await this.deps.log.redeliver(earlier, conn.socketId);
              return ackOf(earlier, true);
            }
            const open = await this.deps.lifecycle.open(visitor);
            conversationId = open.conversation.id;
            opened = open.created;
          }
        }
        const ack = await this.deps.serial.conversation(conversationId, async () => {
          // Read in the turn: whose it is (others' are NOT_FOUND) and its state now.
          const current = await this.deps.reads.readable({ visitorId }, conversationId);
          if (current.state === 'closed' && attempt < 2) return null;
          const author = { kind: 'visitor' as const, id: visitor.id, ...(visitor.name ? { name: visitor.name } : {}) };
          const stored = await this.deps.log.append(current, { author, authorKey, clientId: frame.id, text: frame.text }, conn.socketId);
          if (!stored.duplicate && opened && stored.conversation.state === 'queued') await this.deps.assignment.queued(stored.conversation);
          return ackOf(stored.message, stored.duplicate);
        });
        if (ack) return ack;
        named = undefined;
      }
    });
  }

  /** "Talk to a human": the conversation goes from the bot to the queue (one is opened if there is none). */
  handoff(conn: VisitorConnection, visitorId: string, frame: Frame<'handoff'>): Promise<AckFields> {
    return this.deps.serial.visitor(visitorId, async () => {
      await this.admit(visitorId, conn.ip);
      let conversation = await this.target(visitorId, frame.conversationId);
      if (!conversation) {
        const opened = await this.deps.lifecycle.open(await this.visitor(visitorId));
        conversation = opened.conversation;
        if (opened.created && conversation.state === 'queued') {
          const queued = conversation;
          await this.deps.serial.conversation(queued.id, () => this.deps.assignment.queued(queued));
        }
      }
      const id = conversation.id;
      await this.deps.serial.conversation(id, () => this.deps.assignment.handOff(id, 'requested'));
      return { conversationId: id };
    });
  }

  /**
   * An offline ticket (nobody online, or outside business hours); stored once per client id. The
   * conversation it was left in — with the bot, or queued for nobody — ends with resolution
   * `offline_ticket`: the ticket is where the visitor's words wait now, and routing must not hand
   * that chat, without them, to the next agent who comes online. A chat an agent holds stays theirs.
   */
  ticket(conn: VisitorConnection, visitorId: string, frame: Frame<'offline_ticket'>): Promise<AckFields> {
    return this.deps.serial.visitor(visitorId, async () => {
      await this.admit(visitorId, conn.ip);
      checkTextSize(frame.message, this.deps.config.maxTextBytes);
      const visitor = await this.visitor(visitorId);
      const latest = await this.deps.storage.conversations.latestOf(visitorId);
      const result = await this.deps.storage.tickets.create({
        id: newId('t'),
        siteId: visitor.siteId,
        visitorId,
        conversationId: latest && latest.state !== 'closed' ? latest.id : null,
        clientId: frame.id,
        name: frame.name ?? visitor.name,
        email: frame.email,
        message: frame.message,
        createdAt: this.deps.now(),
        status: 'open',
      });
      if (!result.duplicate) {
        if (!visitor.email) await this.deps.storage.visitors.update(visitorId, { email: frame.email, ...(frame.name && !visitor.name ? { name: frame.name } : {}) });
        await this.deps.events.emit({ type: 'ticket.created', ticket: result.ticket });
      }
      // Also on a retry: the relay may have stored the ticket and stopped before this.
      const left = result.ticket.conversationId;
      if (left) await this.deps.serial.conversation(left, () => this.endForTicket(left));
      return { ticketId: result.ticket.id, duplicate: result.duplicate };
    });
  }

  rate(conn: VisitorConnection, visitorId: string, frame: Frame<'rating'>): Promise<AckFields> {
    return this.deps.serial.visitor(visitorId, async () => {
      await this.admit(visitorId, conn.ip);
      const { id } = await this.deps.reads.readable({ visitorId }, frame.conversationId);
      await this.deps.serial.conversation(id, async () => this.deps.lifecycle.rate(await this.deps.reads.existing(id), frame.score, frame.comment ?? null));
      return { conversationId: id };
    });
  }

  /** "Start a new conversation": closes the open one (resolution `visitor_left`); the next message opens a new one. */
  newConversation(conn: VisitorConnection, visitorId: string): Promise<AckFields> {
    return this.deps.serial.visitor(visitorId, async () => {
      await this.admit(visitorId, conn.ip);
      const latest = await this.deps.storage.conversations.latestOf(visitorId);
      if (latest && latest.state !== 'closed') {
        const closedFrom = await this.deps.serial.conversation(latest.id, async () => {
          const current = await this.deps.reads.existing(latest.id);
          return (await this.deps.lifecycle.close(current, 'visitor_left', null)) ? current.state : null;
        });
        // An agent has room again.
        if (closedFrom === 'assigned') await this.deps.assignment.drain();
      }
      return {};
    });
  }

  typing(visitorId: string, frame: Frame<'typing'>): Promise<void> {
    return this.deps.serial.visitor(visitorId, async () => {
      const [visitor, conversation] = await Promise.all([this.visitor(visitorId), this.deps.reads.readable({ visitorId }, frame.conversationId)]);
      const author = { kind: 'visitor' as const, id: visitorId, ...(visitor.name ? { name: visitor.name } : {}) };
      await this.deps.events.emit({ type: 'typing', conversation, author, on: frame.on, toVisitor: false });
    });
  }

  seen(visitorId: string, frame: Frame<'seen'>): Promise<void> {
    return this.deps.serial.visitor(visitorId, async () => {
      const { id } = await this.deps.reads.readable({ visitorId }, frame.conversationId);
      await this.deps.serial.conversation(id, async () => {
        const conversation = await this.deps.reads.existing(id);
        if (frame.seq <= conversation.visitorSeenSeq) return;
        const updated = await this.deps.storage.conversations.update(id, { visitorSeenSeq: Math.min(frame.seq, conversation.lastSeq) });
        if (updated) await this.deps.events.emit({ type: 'seen', conversation: updated, by: 'visitor', seq: updated.visitorSeenSeq });
      });
    });
  }

  /** Messages after `afterSeq` (notes left out), then `synced`. A read: it takes no turn, so a long replay holds up nobody. */
  async resume(conn: VisitorConnection, visitorId: string, frame: Frame<'resume'>): Promise<void> {
    const conversation = await this.deps.reads.readable({ visitorId }, frame.conversationId);
    await this.deps.session.replay(conn, conversation.id, frame.afterSeq);
    conn.send({ type: 'synced', conversationId: conversation.id, lastSeq: conversation.lastSeq });
  }

  page(visitorId: string, page: PageInfo): Promise<void> {
    return this.deps.serial.visitor(visitorId, async () => {
      await this.deps.storage.visitors.update(visitorId, { page, lastSeenAt: this.deps.now() });
    });
  }

  /** Name, email and attributes (e.g. a pre-chat form). Attributes merge key by key with what any tab set before. */
  profile(visitorId: string, frame: Frame<'profile'>): Promise<void> {
    return this.deps.serial.visitor(visitorId, async () => {
      await this.visitor(visitorId);
      const fields = { ...(frame.name !== undefined ? { name: frame.name } : {}), ...(frame.email !== undefined ? { email: frame.email } : {}) };
      if (Object.keys(fields).length) await this.deps.storage.visitors.update(visitorId, fields);
      if (frame.consent) await this.deps.storage.visitors.recordConsent(visitorId, this.deps.now());
      if (frame.attributes && Object.keys(frame.attributes).length) await this.mergeAttributes(visitorId, frame.attributes);
    });
  }

  private async mergeAttributes(visitorId: string, attributes: Attributes): Promise<void> {
    const result = await this.deps.storage.visitors.mergeAttributes(visitorId, attributes, LIMITS.attributes);
    if (result === 'too_many') throw new RelayError('TOO_LARGE', `A visitor has at most ${LIMITS.attributes} attributes.`);
  }

  private async endForTicket(conversationId: string): Promise<void> {
    const current = await this.deps.storage.conversations.get(conversationId);
    if (current && (current.state === 'bot' || current.state === 'queued')) await this.deps.lifecycle.close(current, OFFLINE_TICKET, null);
  }

  /** The visitor's own conversation named by the frame, or their latest; null when that is closed (or there is none). */
  private async target(visitorId: string, conversationId: string | undefined): Promise<ConversationRecord | null> {
    const conversation = conversationId ? await this.deps.reads.readable({ visitorId }, conversationId) : await this.deps.storage.conversations.latestOf(visitorId);
    return conversation && conversation.state !== 'closed' ? conversation : null;
  }

  /** The visitor as stored now; an erased one is gone for their sockets too (they are being closed). */
  private async visitor(visitorId: string): Promise<VisitorRecord> {
    const visitor = await this.deps.storage.visitors.get(visitorId);
    if (!visitor || visitor.erasedAt !== null) throw new RelayError('NOT_FOUND', 'No such visitor.');
    return visitor;
  }

  /** Limits across all of a visitor's tabs and all relays, and per client IP, for frames that store something. */
  private async admit(visitorId: string, ip: string): Promise<void> {
    const { limiter, config } = this.deps;
    if (!(await limiter.take('visitor', visitorId, { limit: config.visitorPerMin, windowMs: MINUTE }))) {
      throw new RelayError('RATE_LIMITED', `More than ${config.visitorPerMin} messages a minute from this visitor; wait a moment.`);
    }
    if (!(await limiter.take('ip', ip, { limit: config.ipPerMin, windowMs: MINUTE }))) {
      throw new RelayError('RATE_LIMITED', 'Too many messages from this network; wait a moment.');
    }
  }

}
