/**
 * Run a bot as its own process: join the relay over the agent protocol, answer visitor messages
 * of conversations in the `bot` state, hand off with a reason, and reconnect with backoff when
 * the connection drops (except after a final close code such as 4001 unauthorized).
 */
import { randomUUID } from 'node:crypto';
import {
  AgentServerFrame,
  type AgentClientFrame,
  CLOSE_CODES,
  type ConversationSummary,
  LoginResponse,
  type Message,
  PROTOCOL_VERSION,
} from '@switchboard/protocol';
import WebSocket from 'ws';
import { BotError } from '../errors.js';
import type { Bot, BotReply } from '../bot/types.js';
import { relayEndpoints } from './relay-url.js';

export type ConnectCredentials = { token: string } | { email: string; password: string };

export interface ConnectOptions {
  /** First reconnect delay; doubles up to `maxBackoffMs`, with jitter. @default 500 */
  initialBackoffMs?: number;
  /** @default 30000 */
  maxBackoffMs?: number;
  onReady?: () => void;
  /** Network, protocol and bot errors; the connection carries on unless it is closed for good. */
  onError?: (error: Error) => void;
  /** Called once when the connection stops for good (closed by you or by a final close code). */
  onClose?: (code: number, reason: string) => void;
}

export interface BotConnection {
  /** Resolves on the first `ready` from the relay; rejects if the relay refuses the credentials. */
  readonly ready: Promise<void>;
  readonly connected: boolean;
  close(): Promise<void>;
}

const FINAL_CLOSE_CODES = new Set<number>(Object.values(CLOSE_CODES).filter((c) => c.final).map((c) => c.code));

async function login(httpBase: string, email: string, password: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(`${httpBase}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
  } catch (error) {
    throw new BotError('CONNECT_FAILED', `cannot reach ${httpBase}/api/login (${(error as Error).message})`, { cause: error });
  }
  if (response.status === 401 || response.status === 403) throw new BotError('CONNECT_AUTH', `login refused for ${email}`);
  if (!response.ok) throw new BotError('CONNECT_FAILED', `login failed with HTTP ${response.status}`);
  const body = LoginResponse.pick({ token: true }).safeParse(await response.json());
  if (!body.success) throw new BotError('CONNECT_FAILED', 'login response has no token');
  return body.data.token;
}

/** The frames that carry a bot reply to the relay. */
export function replyFrames(conversationId: string, reply: BotReply, newId: () => string = randomUUID): AgentClientFrame[] {
  const message: AgentClientFrame = { type: 'message', id: newId(), conversationId, text: reply.text };
  if (reply.type === 'suggest') message.suggestions = reply.suggestions.slice(0, 3);
  else if (reply.type !== 'handoff' && reply.quickReplies && reply.quickReplies.length > 0) message.quickReplies = reply.quickReplies.slice(0, 10);
  if (reply.type !== 'handoff') return [message];
  return [message, { type: 'handoff', id: newId(), conversationId, reason: reply.reason }];
}

/**
 * @example
 * const connection = connectBot('http://localhost:8080', { token: process.env.BOT_TOKEN! }, bot);
 * await connection.ready;
 */
export function connectBot(relayUrl: string, credentials: ConnectCredentials, bot: Bot, options: ConnectOptions = {}): BotConnection {
  const { httpBase, wsUrl } = relayEndpoints(relayUrl);
  const initialBackoff = options.initialBackoffMs ?? 500;
  const maxBackoff = options.maxBackoffMs ?? 30_000;
  const conversations = new Map<string, ConversationSummary>();
  /** Messages of one conversation are answered one at a time, in order, so rule memory stays coherent. */
  const queues = new Map<string, Promise<void>>();
  let socket: WebSocket | null = null;
  let token = 'token' in credentials ? credentials.token : null;
  let attempt = 0;
  let stopped = false;
  let isReady = false;
  let heartbeat: NodeJS.Timeout | null = null;
  let retry: NodeJS.Timeout | null = null;
  let resolveReady!: () => void;
  let rejectReady!: (e: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  // Callers that only use onError should not get an unhandled rejection.
  ready.catch(() => undefined);

  const report = (error: unknown): void => options.onError?.(error instanceof Error ? error : new Error(String(error)));

  const send = (frame: AgentClientFrame): void => {
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
    else report(new BotError('CONNECT_FAILED', `not connected; dropped a ${frame.type} frame`));
  };

  const stop = (code: number, reason: string, error?: Error): void => {
    if (stopped) return;
    stopped = true;
    if (retry) clearTimeout(retry);
    if (heartbeat) clearInterval(heartbeat);
    if (error) rejectReady(error);
    options.onClose?.(code, reason);
  };

  const answer = async (message: Message): Promise<void> => {
    const summary = conversations.get(message.conversationId);
    const visitor = summary?.visitor;
    const reply = await bot.reply(message.text, {
      conversationId: message.conversationId,
      ...(visitor?.locale ? { locale: visitor.locale } : {}),
      ...(visitor ? { visitor: { name: visitor.name, email: visitor.email, userId: visitor.userId, attributes: visitor.attributes } } : {}),
    });
    for (const frame of replyFrames(message.conversationId, reply)) send(frame);
    if (reply.type === 'handoff' && summary) conversations.set(message.conversationId, { ...summary, state: 'queued' });
  };

  const onMessage = (message: Message): void => {
    if (message.author.kind !== 'visitor' || message.kind !== 'text') return;
    const state = conversations.get(message.conversationId)?.state;
    if (state !== undefined && state !== 'bot') return;
    const previous = queues.get(message.conversationId) ?? Promise.resolve();
    const next = previous.then(() => answer(message)).catch(report);
    queues.set(message.conversationId, next);
    void next.then(() => {
      if (queues.get(message.conversationId) === next) queues.delete(message.conversationId);
    });
  };

  const onFrame = (raw: WebSocket.RawData): void => {
    let value: unknown;
    try {
      value = JSON.parse(raw.toString());
    } catch {
      report(new BotError('CONNECT_FAILED', 'relay sent a frame that is not JSON'));
      return;
    }
    const parsed = AgentServerFrame.safeParse(value);
    if (!parsed.success) {
      // Newer relays may send frame types this SDK does not know; skip them rather than drop the socket.
      return;
    }
    const frame = parsed.data;
    switch (frame.type) {
      case 'ready':
        attempt = 0;
        isReady = true;
        for (const c of frame.conversations) conversations.set(c.id, c);
        if (heartbeat) clearInterval(heartbeat);
        if (frame.heartbeatMs > 0) heartbeat = setInterval(() => send({ type: 'ping', ts: Date.now() }), frame.heartbeatMs);
        heartbeat?.unref();
        resolveReady();
        options.onReady?.();
        return;
      case 'conversation':
        conversations.set(frame.conversation.id, frame.conversation);
        if (frame.conversation.state === 'closed') bot.forget(frame.conversation.id);
        return;
      case 'message':
        onMessage(frame.message);
        return;
      case 'error':
        report(new BotError(frame.code === 'UNAUTHORIZED' ? 'CONNECT_AUTH' : 'CONNECT_FAILED', `${frame.code}: ${frame.message}`));
        return;
      default:
        return;
    }
  };

  const scheduleReconnect = (): void => {
    if (stopped) return;
    const base = Math.min(maxBackoff, initialBackoff * 2 ** attempt);
    attempt++;
    const delay = base / 2 + Math.random() * (base / 2);
    retry = setTimeout(() => void open(), delay);
  };

  const open = async (): Promise<void> => {
    if (stopped) return;
    if (token === null && 'email' in credentials) {
      try {
        token = await login(httpBase, credentials.email, credentials.password);
      } catch (error) {
        if (error instanceof BotError && error.code === 'CONNECT_AUTH') {
          stop(CLOSE_CODES.UNAUTHORIZED.code, error.message, error);
          return;
        }
        report(error);
        scheduleReconnect();
        return;
      }
    }
    if (stopped) return;
    if (token === null) return;
    const authToken = token;
    const ws = new WebSocket(wsUrl);
    socket = ws;
    ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', v: PROTOCOL_VERSION, token: authToken } satisfies AgentClientFrame)));
    ws.on('message', onFrame);
    ws.on('error', (error) => report(new BotError('CONNECT_FAILED', error.message, { cause: error })));
    ws.on('close', (code, reasonBuffer) => {
      isReady = false;
      if (heartbeat) clearInterval(heartbeat);
      heartbeat = null;
      if (socket === ws) socket = null;
      const reason = reasonBuffer.toString();
      if (stopped) return;
      if (code === CLOSE_CODES.UNAUTHORIZED.code && 'email' in credentials && token !== null) {
        // An expired session: log in again once before giving up.
        token = null;
        scheduleReconnect();
        return;
      }
      if (FINAL_CLOSE_CODES.has(code)) {
        stop(code, reason, new BotError(code === CLOSE_CODES.UNAUTHORIZED.code ? 'CONNECT_AUTH' : 'CONNECT_FAILED', `relay closed the connection (${code} ${reason})`));
        return;
      }
      scheduleReconnect();
    });
  };
  void open();

  return {
    ready,
    get connected() {
      return isReady && socket?.readyState === WebSocket.OPEN;
    },
    async close() {
      const ws = socket;
      stop(CLOSE_CODES.NORMAL.code, 'closed by the bot');
      if (ws && ws.readyState !== WebSocket.CLOSED) {
        await new Promise<void>((resolve) => {
          ws.once('close', () => resolve());
          ws.close(CLOSE_CODES.NORMAL.code);
        });
      }
      await Promise.allSettled([...queues.values()]);
    },
  };
}
