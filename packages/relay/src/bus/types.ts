/**
 * The fan-out seam. Whatever process holds a socket delivers the frames addressed to it; the
 * in-process bus (default) and the Redis bus (several relays) implement the same interface.
 */
import type { AgentServerFrame, ConversationState, VisitorServerFrame } from '@switchboard/protocol';

export type Delivery =
  /** To every socket of one visitor, except the one that caused it (it already got an ack). */
  | { to: 'visitor'; visitorId: string; frame: VisitorServerFrame; exceptSocket?: string }
  /**
   * To agent sockets interested in one conversation: console sockets with scope `all`, the
   * assigned agent, and bots while the conversation is with the bot (`internal` frames never go to bots).
   */
  | {
      to: 'agents';
      conversation: { id: string; state: ConversationState; agentId: string | null } | null;
      frame: AgentServerFrame;
      internal?: boolean;
      exceptSocket?: string;
    }
  /** To every visitor socket (agent availability changed). */
  | { to: 'visitors'; frame: VisitorServerFrame }
  /** To every socket of one agent. */
  | { to: 'agent'; agentId: string; frame: AgentServerFrame }
  /** Close every socket of one agent (session revoked, agent deactivated). */
  | { to: 'revoke'; agentId: string };

export interface Bus {
  publish(delivery: Delivery): Promise<void>;
  /** Registers the local hub; returns an unsubscribe function. */
  subscribe(handler: (delivery: Delivery) => void): () => void;
  close(): Promise<void>;
}
