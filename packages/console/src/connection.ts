/**
 * The agent socket: auth, reconnect with backoff and jitter, and an outbox of frames the relay has
 * not acked yet, resent with the same ids after every `ready` (ids make the resend idempotent).
 * 4001/4004 end the session: the caller drops back to the login screen.
 */
import type { AgentClientFrame, AgentServerFrame } from '@switchboard/protocol';

export interface ConnectionEvents {
  frame(frame: AgentServerFrame): void;
  status(status: 'connecting' | 'online' | 'offline'): void;
  /** The session ended (4001 expired/invalid, 4004 revoked); no reconnect follows. */
  ended(code: number): void;
}

/** Close codes after which reconnecting cannot help. */
const FINAL = new Set([1002, 1008, 1009, 4001, 4003, 4004]);

export function backoffMs(attempt: number, random = Math.random): number {
  const base = Math.min(30_000, 500 * 2 ** attempt);
  return Math.round(base * (0.5 + random()));
}

type Outgoing = Extract<AgentClientFrame, { id: string }>;

export class AgentConnection {
  private ws: WebSocket | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private ready = false;
  private readonly outbox = new Map<string, Outgoing>();
  /** Conversations whose log is loaded: after a reconnect, ask for what was missed. */
  readonly lastSeq = new Map<string, number>();

  constructor(
    private readonly url: string,
    private readonly token: string,
    private readonly events: ConnectionEvents,
  ) {}

  start(): void {
    this.stopped = false;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.ws?.close(1000);
    this.ws = null;
  }

  /**
   * Frames with an id wait in the outbox until acked or refused. Returns whether the frame went
   * out now: frames without an id (`seen`, `typing`) are not kept, so a caller can try again.
   */
  send(frame: AgentClientFrame): boolean {
    if ('id' in frame) this.outbox.set(frame.id, frame as Outgoing);
    if (!this.ready || this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  /** Drops a frame from the outbox (the user discarded a failed message). */
  forget(id: string): void {
    this.outbox.delete(id);
  }

  private open(): void {
    this.events.status('connecting');
    const ws = new WebSocket(this.url);
    this.ws = ws;
    this.ready = false;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'auth', v: 1, token: this.token, scope: 'all' } satisfies AgentClientFrame));
    ws.onmessage = (ev) => {
      let frame: AgentServerFrame;
      try {
        frame = JSON.parse(String(ev.data)) as AgentServerFrame;
      } catch {
        this.events.frame({ type: 'error', code: 'BAD_JSON', message: 'The relay sent a frame that is not JSON.', retryable: false });
        return;
      }
      if (frame.type === 'ready') {
        this.ready = true;
        this.attempt = 0;
        this.events.frame(frame);
        this.events.status('online');
        for (const [conversationId, afterSeq] of this.lastSeq) ws.send(JSON.stringify({ type: 'resume', conversationId, afterSeq } satisfies AgentClientFrame));
        for (const f of this.outbox.values()) ws.send(JSON.stringify(f));
        return;
      }
      if ((frame.type === 'ack' || frame.type === 'error') && frame.id) {
        // A retryable error keeps the frame for the next reconnect; others are final.
        if (frame.type === 'ack' || !frame.retryable) this.outbox.delete(frame.id);
      }
      if (frame.type === 'message') {
        const known = this.lastSeq.get(frame.message.conversationId);
        if (known !== undefined && frame.message.seq > known) this.lastSeq.set(frame.message.conversationId, frame.message.seq);
      }
      if (frame.type === 'ack' && frame.conversationId && frame.seq !== undefined) {
        const known = this.lastSeq.get(frame.conversationId);
        if (known !== undefined && frame.seq > known) this.lastSeq.set(frame.conversationId, frame.seq);
      }
      this.events.frame(frame);
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.ready = false;
      if (this.stopped) return;
      if (FINAL.has(ev.code)) {
        this.events.status('offline');
        this.events.ended(ev.code);
        return;
      }
      this.events.status('offline');
      this.timer = setTimeout(() => this.open(), backoffMs(this.attempt++));
    };
  }
}

export function agentSocketUrl(loc: Location = location): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/ws/agent`;
}
