/**
 * Who receives a conversation's frames. Fan-out addresses a frame to a conversation; the hub of
 * every relay applies these rules to the agent sockets it holds.
 */
import type { AgentRole, ConversationState } from '@switchboard/protocol';
import type { ConversationRecord } from '../storage/types.js';

/** What the rules need to know of a conversation (it travels on the bus with each frame). */
export interface ConversationRoute {
  id: string;
  state: ConversationState;
  agentId: string | null;
}

export interface AgentAudience {
  agentId: string;
  role: AgentRole;
  /** `all`: every conversation (an inbox); `assigned`: mine and the queue. */
  scope: 'all' | 'assigned';
}

export function route(c: ConversationRecord): ConversationRoute {
  return { id: c.id, state: c.state, agentId: c.agentId };
}

/**
 * Bots get frames of conversations with the bot, never internal ones (notes, other agents'
 * typing); `all`-scope sockets get everything; `assigned`-scope sockets get their own
 * conversations, the queue (so they can claim) and frames about no conversation (presence, tickets).
 */
export function agentWants(socket: AgentAudience, conversation: ConversationRoute | null, internal: boolean): boolean {
  if (socket.role === 'bot') return !internal && conversation !== null && conversation.state === 'bot';
  if (socket.scope === 'all') return true;
  return conversation === null || conversation.agentId === socket.agentId || conversation.state === 'queued';
}
