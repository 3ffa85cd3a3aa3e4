/** The client core's public types: what a caller passes in and gets back (see client.ts). */
import type { AgentClientFrame, AgentServerFrame } from '../agent.js';
import type { VisitorClientFrame, VisitorServerFrame } from '../visitor.js';
import type { Limits } from './limits.js';
import type { SocketFactory } from './socket.js';

export type ClientFrame = VisitorClientFrame | AgentClientFrame;
export type ServerFrame = VisitorServerFrame | AgentServerFrame;
/** Frames with a client id: they wait in the outbox for their ack. */
export type Outgoing<Out extends ClientFrame> = Extract<Out, { id: string }>;

/**
 * `connecting`: first attempt; `open`: the relay answered the greeting; `reconnecting`: lost and
 * retrying; `down`: closed with a final code, no retry (the close code comes with it).
 */
export type ClientStatus = 'connecting' | 'open' | 'reconnecting' | 'down';

/**
 * `sent`: on the wire now; `queued`: in the outbox, goes out after the next welcome/ready;
 * `dropped`: not connected and the frame has no id, so it is not kept; `refused`: over a size
 * cap, answered locally with a TOO_LARGE error and never sent.
 */
export type SendResult = 'sent' | 'queued' | 'dropped' | 'refused';

export interface ResumePoint {
  conversationId: string;
  afterSeq: number;
}

/** The limits an answer to the greeting announces. */
export type Announced = Partial<Limits> & { heartbeatMs: number };

/** What differs between the visitor and the agent socket. */
export interface ClientSide<Out extends ClientFrame, In extends ServerFrame> {
  /** The first frame on every socket (`hello`, `auth`), given where to resume. */
  greeting(resume: readonly ResumePoint[]): Out;
  /** For the answer to the greeting (`welcome`, `ready`): the limits it announces; else undefined. */
  limitsOf(frame: In): Announced | undefined;
  /** Frames that catch up after the answer (agent `resume`); empty when the greeting carries it. */
  catchUp(resume: readonly ResumePoint[]): Out[];
}

export interface ClientOptions<Out extends ClientFrame, In extends ServerFrame> {
  url: string;
  /** @default browserSocket */
  socket?: SocketFactory;
  /**
   * Every frame from the relay, and the local TOO_LARGE refusals. For an `ack` or `error` that
   * answers an outbox frame, `sent` is that frame (already out of the outbox unless the error is
   * retryable).
   */
  onFrame(frame: In, sent?: Outgoing<Out>): void;
  onStatus?(status: ClientStatus, closeCode?: number, closeReason?: string): void;
  /** The outbox gained or lost a frame. */
  onOutbox?(): void;
  /** Transport trouble: a frame that is not JSON, a socket error, a failed `prepare`. */
  onError?(error: Error): void;
  /** Where the caller's copy ends, per conversation; asked on every (re)connect. @default none */
  resumeFrom?(): ResumePoint[];
  /** Turn a parsed frame into `In`, or undefined to skip it. @default trusts the relay */
  decode?(value: unknown): In | undefined;
  /** Runs before each socket is opened (the bot logs in); a rejection is reported and retried. */
  prepare?(): Promise<void>;
  /** A final close the caller can repair (the bot logs in again after 4001): true reconnects. */
  recover?(closeCode: number): boolean;
  random?(): number;
  /** @default 500 */
  baseDelayMs?: number;
  /** @default 30000 */
  maxDelayMs?: number;
}

export interface Client<Out extends ClientFrame> {
  start(): void;
  /** Closes with 1000 and stops reconnecting; resolves once the socket has closed. */
  stop(): Promise<void>;
  /** Reconnect now if waiting to retry (the browser came back online). */
  kick(): void;
  send(frame: Out): SendResult;
  /** The outbox, oldest first. */
  pending(): Outgoing<Out>[];
  /** Take a frame out of the outbox (the user discarded it). */
  forget(id: string): void;
  /** True between the relay's answer to the greeting and the socket closing. */
  readonly connected: boolean;
}
