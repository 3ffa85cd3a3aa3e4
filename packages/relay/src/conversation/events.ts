/**
 * The seam between what the relay decides and what follows from it. Commands change state, then
 * emit one event saying what changed; everything that reacts — fan-out to sockets, the in-process
 * bot, and later webhooks, e-mail follow-up, bot liveness or an audit log — subscribes here
 * instead of being called from the commands.
 *
 * Rules subscribers can rely on:
 * - An event is emitted after its change is stored (facts), inside the serial turn of the
 *   command that made it — the conversation's turn, or the visitor's for `conversation.opened` —
 *   so one conversation's events arrive in the order they happened.
 * - Every stored message reaches subscribers exactly once when it is stored: as `message.stored`,
 *   or as the `log` entry of the lifecycle event it records. A client retrying a message it
 *   already sent yields `message.stored` again with `redelivery: true`.
 * - Subscribers run one after another in the order they subscribed (fan-out first, so clients
 *   hear of a fact before anything that follows from it), and `emit` waits for each. So a
 *   subscriber must be quick: queue slow work (network calls) rather than doing it inline. What it
 *   throws is logged with the event and the subscriber's name, and never fails the command.
 */
import type { AgentView, Author, ConversationState, Message } from '@switchboard/protocol';
import type { AgentRecord, ConversationRecord, TicketRecord } from '../storage/types.js';

/** Facts: each was stored before it is emitted. */
export type ConversationFact =
  | { type: 'conversation.opened'; conversation: ConversationRecord }
  | {
      type: 'message.stored';
      conversation: ConversationRecord;
      message: Message;
      /** The socket that sent it, which already has its ack. */
      origin?: string | undefined;
      redelivery: boolean;
    }
  | { type: 'conversation.handed_off'; conversation: ConversationRecord; reason: string; log: Message }
  | { type: 'conversation.assigned'; conversation: ConversationRecord; agent: AgentRecord; from: ConversationState; claimed: boolean; log: Message }
  | { type: 'conversation.transferred'; conversation: ConversationRecord; by: AgentRecord; to: AgentRecord; log: Message }
  | { type: 'conversation.closed'; conversation: ConversationRecord; from: ConversationState; resolution: string; by: AgentRecord | null; log: Message }
  | { type: 'conversation.reopened'; conversation: ConversationRecord; by: AgentRecord; log: Message }
  | { type: 'conversation.rated'; conversation: ConversationRecord; score: number; comment: string | null; log: Message | null }
  | { type: 'ticket.created'; ticket: TicketRecord }
  /** An agent marked a ticket done, or open again; or erasing the visitor blanked it. */
  | { type: 'ticket.updated'; ticket: TicketRecord };

/** Signals: passing states (typing, read marks, presence) that fan-out forwards. */
export type Signal =
  | { type: 'typing'; conversation: ConversationRecord; author: Author; on: boolean; toVisitor: boolean; origin?: string | undefined }
  | { type: 'seen'; conversation: ConversationRecord; by: 'visitor' | 'agent'; seq: number }
  | { type: 'agent.presence'; agent: AgentView }
  | { type: 'availability'; agentsAvailable: boolean }
  /**
   * An agent session ended (logout, password change, deactivation, revoked): its sockets close.
   * Without `sessionHash`, every session of the agent — but `exceptSessionHash` when given.
   */
  | { type: 'session.ended'; agentId: string; sessionHash?: string | undefined; exceptSessionHash?: string | undefined }
  /** An agent opened (`on`) or left a conversation in their console (collision: who else is here). */
  | { type: 'viewing'; conversation: ConversationRecord; agent: AgentRecord; on: boolean; origin?: string | undefined }
  /** A visitor's data was erased: their sockets close (4006) on every relay. */
  | { type: 'visitor.erased'; visitorId: string };

/** Where an account action came from (the audit log keeps it). */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

/**
 * Facts about agent accounts, stored before they are emitted: sign-ins, sessions, passwords and
 * two-factor authentication. The audit log subscribes to them.
 */
export type AccountFact =
  | { type: 'account.login_succeeded'; agent: AgentRecord; via: 'password' | 'totp' | 'recovery_code'; client: ClientInfo }
  | { type: 'account.login_failed'; email: string; agent: AgentRecord | null; reason: 'password' | 'code' | 'deactivated'; client: ClientInfo }
  | { type: 'account.password_changed'; agent: AgentRecord; sessionsEnded: number; client: ClientInfo }
  | { type: 'account.sessions_ended'; agent: AgentRecord; count: number; which: 'others' | 'one'; client: ClientInfo }
  | { type: 'account.two_factor_changed'; agent: AgentRecord; change: 'enabled' | 'disabled' | 'recovery_codes'; client: ClientInfo };

export type DomainEvent = ConversationFact | AccountFact | Signal;
export type DomainEventType = DomainEvent['type'];

export type Subscriber = (event: DomainEvent) => void | Promise<void>;

interface Log {
  error(obj: object, msg: string): void;
}

export class DomainEvents {
  private readonly subscribers: { name: string; handle: Subscriber }[] = [];

  constructor(private readonly log: Log) {}

  /** Adds a subscriber (named for the logs); returns a function that removes it. */
  subscribe(name: string, handle: Subscriber): () => void {
    const entry = { name, handle };
    this.subscribers.push(entry);
    return () => {
      const i = this.subscribers.indexOf(entry);
      if (i >= 0) this.subscribers.splice(i, 1);
    };
  }

  async emit(event: DomainEvent): Promise<void> {
    for (const { name, handle } of this.subscribers) {
      try {
        const pending = handle(event);
        if (pending) await pending;
      } catch (err) {
        this.log.error({ err, event: event.type, subscriber: name }, 'event subscriber failed');
      }
    }
  }
}
