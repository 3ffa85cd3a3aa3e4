/**
 * The reconnecting client, written once for the widget, the console and the bot (trpc's wsClient
 * plays the same part): it opens the socket, greets, waits for the relay's answer, keeps an
 * outbox of frames with client ids until each is acked or refused for good, resends it with the
 * same ids after every answer, resumes after the last seq the caller holds, pings, drops a silent
 * socket and reconnects with `backoffMs` unless the close code is final in `CLOSE_CODES`.
 * What differs between the visitor and the agent socket is a `ClientSide` (see sides.ts).
 */
import { CLOSE_CODES } from '../errors.js';
import type { ErrorFrame } from '../shared-frames.js';
import { backoffMs } from './backoff.js';
import { isFinalClose } from './close-codes.js';
import { DEFAULT_MAX_FRAME_BYTES, INITIAL_LIMITS, oversize } from './limits.js';
import { browserSocket, type SocketHandle } from './socket.js';
import type { Announced, Client, ClientFrame, ClientOptions, ClientSide, Outgoing, SendResult, ServerFrame } from './types.js';

interface Live {
  handle: SocketHandle | null;
  onClosed?: () => void;
}

function idOf(frame: ClientFrame): string | undefined {
  return 'id' in frame ? frame.id : undefined;
}

export function createClient<Out extends ClientFrame, In extends ServerFrame>(side: ClientSide<Out, In>, o: ClientOptions<Out, In>): Client<Out> {
  const factory = o.socket ?? browserSocket;
  const wait = (n: number) => backoffMs(n, o.random, o.baseDelayMs, o.maxDelayMs);
  const outbox = new Map<string, Outgoing<Out>>();
  /** Ids the relay asked to retry (retryable error), resent after a backoff. */
  const retrying = new Set<string>();
  let limits = INITIAL_LIMITS;
  let live: Live | null = null;
  let ready = false;
  let stopped = true;
  /** Bumped by start/stop so a connect still awaiting `prepare` knows it is stale. */
  let epoch = 0;
  let attempt = 0;
  let refusals = 0;
  let lastHeard = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let pingTimer: ReturnType<typeof setInterval> | undefined;

  const report = (error: unknown) => o.onError?.(error instanceof Error ? error : new Error(String(error)));
  const write = (frame: ClientFrame) => live?.handle?.send(JSON.stringify(frame));

  async function connect(): Promise<void> {
    const mine = epoch;
    reconnectTimer = undefined;
    o.onStatus?.(attempt ? 'reconnecting' : 'connecting');
    if (o.prepare) {
      try {
        await o.prepare();
      } catch (error) {
        if (!stopped && mine === epoch) {
          report(error);
          schedule();
        }
        return;
      }
      if (stopped || mine !== epoch) return;
    }
    const me: Live = { handle: null };
    live = me;
    try {
      me.handle = factory(o.url, {
        open: () => live === me && write(side.greeting(o.resumeFrom?.() ?? [])),
        message: (data) => live === me && receive(data),
        close: (code, reason) => {
          me.onClosed?.();
          if (live === me) lost(code, reason);
        },
        error: (error) => live === me && report(error),
      });
    } catch (error) {
      // A URL the platform refuses (or a CSP block) throws here: treat it like a lost connection.
      live = null;
      report(error);
      schedule();
    }
  }

  function receive(data: string): void {
    lastHeard = Date.now();
    let value: unknown;
    try {
      value = JSON.parse(data);
    } catch {
      report(new Error('The relay sent a frame that is not JSON.'));
      return;
    }
    const frame = o.decode ? o.decode(value) : (value as In);
    if (!frame) return;
    const announced = side.limitsOf(frame);
    if (announced) return welcomed(frame, announced);
    const f: ServerFrame = frame;
    if ((f.type === 'ack' || f.type === 'error') && f.id !== undefined) {
      const sent = outbox.get(f.id);
      if (sent && f.type === 'error' && f.retryable) retryLater(f.id);
      else if (sent) {
        take(f.id);
        if (f.type === 'ack') refusals = 0;
      }
      return o.onFrame(frame, sent);
    }
    o.onFrame(frame);
  }

  function welcomed(frame: In, announced: Announced): void {
    limits = { heartbeatMs: announced.heartbeatMs, maxTextBytes: announced.maxTextBytes, maxFrameBytes: announced.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES };
    ready = true;
    attempt = 0;
    heartbeat();
    const me = live;
    o.onFrame(frame);
    if (live !== me) return; // the caller stopped the client while handling the answer
    o.onStatus?.('open');
    for (const f of side.catchUp(o.resumeFrom?.() ?? [])) write(f);
    // The whole outbox goes now, including frames that were waiting for a retry.
    retrying.clear();
    for (const f of [...outbox.values()]) transmit(f);
  }

  function take(id: string): void {
    retrying.delete(id);
    if (outbox.delete(id)) o.onOutbox?.();
  }

  /** Sends now if connected; a frame over a cap is answered locally (and leaves the outbox). */
  function transmit(frame: Out): SendResult {
    const json = JSON.stringify(frame);
    const why = oversize(frame, json, limits);
    const id = idOf(frame);
    if (why) {
      const error: ErrorFrame = { type: 'error', code: 'TOO_LARGE', message: why, retryable: false };
      if (id === undefined) o.onFrame(error as In);
      else {
        take(id);
        o.onFrame({ ...error, id } as In, frame as Outgoing<Out>);
      }
      return 'refused';
    }
    if (!ready || !live?.handle) return id === undefined ? 'dropped' : 'queued';
    live.handle.send(json);
    return 'sent';
  }

  function retryLater(id: string): void {
    retrying.add(id);
    if (retryTimer !== undefined) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      const ids = [...retrying];
      retrying.clear();
      // Not connected: the next welcome/ready resends the whole outbox anyway.
      if (ready) for (const f of ids.map((i) => outbox.get(i))) if (f) transmit(f);
    }, wait(refusals++));
  }

  function heartbeat(): void {
    clearInterval(pingTimer);
    const ms = limits.heartbeatMs;
    if (!(ms > 0)) return;
    lastHeard = Date.now();
    pingTimer = setInterval(() => {
      // Every ping is answered, so two intervals without a word means the path is dead.
      if (Date.now() - lastHeard >= 2 * ms) drop();
      else write({ type: 'ping', ts: Date.now() });
    }, ms);
  }

  function detach(): void {
    ready = false;
    clearInterval(pingTimer);
    live = null;
  }

  function halt(): void {
    stopped = true;
    epoch++;
    clearTimeout(reconnectTimer);
    clearTimeout(retryTimer);
    reconnectTimer = retryTimer = undefined;
    detach();
  }

  /** Abandon a silent socket without waiting for its close handshake, then retry. */
  function drop(): void {
    const me = live;
    detach();
    me?.handle?.close(CLOSE_CODES.HEARTBEAT_TIMEOUT.code, 'heartbeat');
    schedule();
  }

  function lost(code: number, reason: string): void {
    detach();
    if (isFinalClose(code) && !o.recover?.(code)) {
      halt();
      o.onStatus?.('down', code, reason);
      return;
    }
    schedule();
  }

  function schedule(): void {
    o.onStatus?.('reconnecting');
    reconnectTimer = setTimeout(() => void connect(), wait(attempt++));
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      epoch++;
      attempt = 0;
      void connect();
    },
    stop() {
      const me = live;
      halt();
      const handle = me?.handle;
      if (!me || !handle) return Promise.resolve();
      return new Promise<void>((resolve) => {
        me.onClosed = resolve;
        handle.close(CLOSE_CODES.NORMAL.code, 'bye');
      });
    },
    kick() {
      if (stopped || reconnectTimer === undefined) return;
      clearTimeout(reconnectTimer);
      attempt = 0;
      void connect();
    },
    send(frame) {
      const id = idOf(frame);
      if (id !== undefined) {
        outbox.set(id, frame as Outgoing<Out>);
        o.onOutbox?.();
      }
      return transmit(frame);
    },
    pending: () => [...outbox.values()],
    forget: take,
    get connected() {
      return ready;
    },
  };
}
