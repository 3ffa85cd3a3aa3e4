/**
 * What a command may do with the socket that sent the frame. Sockets hold ids only (which
 * visitor, which agent and session); commands load the records they need in their own turn.
 */
import type { AgentRole, AgentServerFrame, VisitorServerFrame } from '@switchboard/protocol';

interface Connection<F> {
  readonly socketId: string;
  /** Answers the frame (welcome, replays). Acks and errors are sent by the socket layer. */
  send(frame: F): void;
  /** Resolves when the socket's send buffer has room: a replay waits here, live frames do not. */
  drained(): Promise<void>;
}

export interface VisitorConnection extends Connection<VisitorServerFrame> {
  /** The client's address (per-IP limits). */
  readonly ip: string;
  readonly userAgent: string | null;
  /** From now on this socket speaks for `visitorId` and gets that visitor's live frames. */
  attach(visitorId: string): void;
}

/** Who an agent socket is: ids only, checked against storage on every frame. */
export interface AgentActor {
  agentId: string;
  sessionHash: string;
  role: AgentRole;
}

export interface AgentConnection extends Connection<AgentServerFrame> {
  /** From now on this socket gets live frames for `actor` (with `scope`: everything, or mine and the queue). */
  attach(actor: AgentActor, scope: 'all' | 'assigned'): void;
}
