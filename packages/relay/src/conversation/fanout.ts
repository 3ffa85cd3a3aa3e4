/**
 * Fan-out: the subscriber that turns events into frames on the bus, addressed to a visitor's tabs
 * or to the agents following a conversation (conversation/audience.ts says which agent sockets).
 * Internal notes never reach a visitor; the socket that sent a message gets its ack, not an echo.
 */
import type { AgentServerFrame, Message } from '@switchboard/protocol';
import type { Bus } from '../bus/types.js';
import type { ConversationRecord } from '../storage/types.js';
import { agentRef, ticketView } from '../views.js';
import { route } from './audience.js';
import type { DomainEvent } from './events.js';
import type { ConversationReads } from './reads.js';

export class FanOut {
  constructor(
    private readonly bus: Bus,
    private readonly reads: ConversationReads,
  ) {}

  readonly handle = async (event: DomainEvent): Promise<void> => {
    switch (event.type) {
      case 'conversation.opened':
        return this.conversationChanged(event.conversation);
      case 'message.stored':
        return this.message(event.conversation, event.message, event.origin);
      case 'conversation.handed_off':
      case 'conversation.assigned':
      case 'conversation.transferred':
      case 'conversation.closed':
      case 'conversation.reopened':
        await this.conversationChanged(event.conversation);
        return this.message(event.conversation, event.log, undefined);
      case 'conversation.rated':
        await this.conversationChanged(event.conversation);
        if (event.log) await this.message(event.conversation, event.log, undefined);
        return;
      case 'ticket.created':
      case 'ticket.updated':
        return this.bus.publish({ to: 'agents', conversation: null, frame: { type: 'ticket', ticket: ticketView(event.ticket) } });
      case 'typing': {
        const { conversation, author, on, origin } = event;
        const frame = { type: 'typing' as const, conversationId: conversation.id, author, on };
        if (event.toVisitor) await this.bus.publish({ to: 'visitor', visitorId: conversation.visitorId, frame });
        // An agent's typing is internal (bots need not see it), and not echoed to the typist's own socket.
        const internal = author.kind !== 'visitor';
        return this.bus.publish({ to: 'agents', conversation: route(conversation), frame, internal, ...(origin ? { exceptSocket: origin } : {}) });
      }
      case 'seen': {
        const frame = { type: 'seen' as const, conversationId: event.conversation.id, seq: event.seq, by: event.by };
        if (event.by === 'agent') return this.bus.publish({ to: 'visitor', visitorId: event.conversation.visitorId, frame });
        return this.bus.publish({ to: 'agents', conversation: route(event.conversation), frame });
      }
      case 'agent.presence':
        return this.bus.publish({ to: 'agents', conversation: null, frame: { type: 'presence', agent: event.agent } });
      case 'availability':
        return this.bus.publish({ to: 'visitors', frame: { type: 'availability', agentsAvailable: event.agentsAvailable } });
      case 'session.ended':
        return this.bus.publish({
          to: 'revoke',
          agentId: event.agentId,
          ...(event.sessionHash ? { sessionHash: event.sessionHash } : {}),
          ...(event.exceptSessionHash ? { exceptSessionHash: event.exceptSessionHash } : {}),
        });
      case 'viewing': {
        const { conversation, agent, on, origin } = event;
        const frame = { type: 'viewing' as const, conversationId: conversation.id, agent: agentRef(agent), on };
        return this.bus.publish({ to: 'agents', conversation: route(conversation), frame, internal: true, ...(origin ? { exceptSocket: origin } : {}) });
      }
      case 'visitor.erased':
        return this.bus.publish({ to: 'visitor-erased', visitorId: event.visitorId });
      default:
        // Account facts are for the audit log; nothing is sent to sockets.
        return;
    }
  };

  /** The conversation's new state: the visitor's view to their tabs, the inbox row to agents. */
  private async conversationChanged(conversation: ConversationRecord): Promise<void> {
    await this.bus.publish({ to: 'visitor', visitorId: conversation.visitorId, frame: { type: 'conversation', conversation: await this.reads.view(conversation) } });
    await this.bus.publish({ to: 'agents', conversation: route(conversation), frame: { type: 'conversation', conversation: await this.reads.summary(conversation) } });
  }

  private async message(conversation: ConversationRecord, message: Message, origin: string | undefined): Promise<void> {
    const frame = { type: 'message' as const, message };
    const fromVisitor = message.author.kind === 'visitor';
    if (message.kind !== 'note') {
      await this.bus.publish({ to: 'visitor', visitorId: conversation.visitorId, frame, ...(fromVisitor && origin ? { exceptSocket: origin } : {}) });
    }
    const agentFrame: AgentServerFrame = frame;
    await this.bus.publish({
      to: 'agents',
      conversation: route(conversation),
      frame: agentFrame,
      internal: message.kind === 'note',
      ...(!fromVisitor && origin ? { exceptSocket: origin } : {}),
    });
  }
}
