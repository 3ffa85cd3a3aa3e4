/**
 * The delivery seam. Whatever process holds a socket delivers the frames addressed to it; the
 * in-process bus (default) and the Redis bus (several relays) implement the same interface.
 * Fan-out (conversation/fanout.ts) publishes; each relay's hub (hub.ts) delivers.
 */
import type { AgentServerFrame, VisitorServerFrame } from '@switchboard/protocol';
import type { ConversationRoute } from '../conversation/audience.js';

export type Delivery =
  /** To every socket of one visitor, except the one that caused it (it already got an ack). */
  | { to: 'visitor'; visitorId: string; frame: VisitorServerFrame; exceptSocket?: string }
  /**
   * To agent sockets interested in one conversation (conversation/audience.ts decides who), or
   * in none (`conversation: null`: presence, tickets). `internal` frames never go to bots.
   */
  | {
      to: 'agents';
      conversation: ConversationRoute | null;
      frame: AgentServerFrame;
      internal?: boolean;
      exceptSocket?: string;
    }
  /** To every visitor socket (agent availability changed). */
  | { to: 'visitors'; frame: VisitorServerFrame }
  /**
   * Close the sockets of one agent session, or of every session of the agent when `sessionHash`
   * is absent (every session but `exceptSessionHash`, when that is given).
   */
  | { to: 'revoke'; agentId: string; sessionHash?: string; exceptSessionHash?: string }
  /** Close every socket of a visitor whose data was erased (4006). */
  | { to: 'visitor-erased'; visitorId: string };

export interface Bus {
  publish(delivery: Delivery): Promise<void>;
  /** Registers the local hub; returns an unsubscribe function. */
  subscribe(handler: (delivery: Delivery) => void): () => void;
  close(): Promise<void>;
}
