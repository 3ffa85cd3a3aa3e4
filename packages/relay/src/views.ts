/** Storage records → the protocol's views. */
import type { AgentRef, AgentView, ConversationSummary, ConversationView, OfflineTicket, PresenceStatus, VisitorProfile } from '@switchboard/protocol';
import type { AgentRecord, ConversationRecord, TicketRecord, VisitorRecord } from './storage/types.js';

export function agentRef(agent: AgentRecord): AgentRef;
export function agentRef(agent: AgentRecord | null): AgentRef | null;
export function agentRef(agent: AgentRecord | null): AgentRef | null {
  if (!agent) return null;
  const ref: AgentRef = { id: agent.id, name: agent.name };
  if (agent.avatarUrl) ref.avatarUrl = agent.avatarUrl;
  return ref;
}

export function conversationView(c: ConversationRecord, agent: AgentRecord | null): ConversationView {
  return {
    id: c.id,
    state: c.state,
    agent: agentRef(agent),
    lastSeq: c.lastSeq,
    createdAt: c.createdAt,
    closedAt: c.closedAt,
    rating: c.rating,
  };
}

export function visitorProfile(v: VisitorRecord): VisitorProfile {
  return {
    id: v.id,
    name: v.name,
    email: v.email,
    userId: v.userId,
    verified: v.verified,
    attributes: v.attributes,
    page: v.page,
    userAgent: v.userAgent,
    timezone: v.timezone,
    locale: v.locale,
    createdAt: v.createdAt,
    consentAt: v.consentAt,
  };
}

export function conversationSummary(c: ConversationRecord, visitor: VisitorRecord, agent: AgentRecord | null): ConversationSummary {
  return {
    ...conversationView(c, agent),
    siteId: c.siteId,
    visitor: visitorProfile(visitor),
    handoffReason: c.handoffReason,
    queuedAt: c.queuedAt,
    lastMessage:
      c.lastMessageText !== null && c.lastMessageAuthor !== null && c.lastMessageAt !== null
        ? { text: c.lastMessageText, author: c.lastMessageAuthor, createdAt: c.lastMessageAt }
        : null,
    resolution: c.resolution,
    agentSeenSeq: c.agentSeenSeq,
    visitorSeenSeq: c.visitorSeenSeq,
  };
}

export function agentView(a: AgentRecord, status: PresenceStatus): AgentView {
  return {
    id: a.id,
    email: a.email,
    name: a.name,
    role: a.role,
    avatarUrl: a.avatarUrl,
    status,
    maxChats: a.maxChats,
    active: a.active,
  };
}

export function ticketView(t: TicketRecord): OfflineTicket {
  return {
    id: t.id,
    siteId: t.siteId,
    visitorId: t.visitorId,
    conversationId: t.conversationId,
    name: t.name,
    email: t.email,
    message: t.message,
    createdAt: t.createdAt,
    status: t.status,
  };
}
