/**
 * Run a bot as its own process: join the relay over the agent protocol, answer visitor messages
 * of conversations in the `bot` state and hand off with a reason. Connecting, reconnecting, the
 * outbox of replies, heartbeat and close codes are the shared client core's
 * (`@switchboard/protocol/client`); this file adds logging in and what the bot does with frames.
 */
import { randomUUID } from 'node:crypto';
import { AgentServerFrame, type AgentClientFrame, type ConversationSummary, LoginResponse, type Message } from '@switchboard/protocol';
import { CLOSE_CODES, createAgentClient } from '@switchboard/protocol/client';
import { BotError } from '../errors.js';
import type { Bot, BotReply } from '../bot/types.js';
import { relayEndpoints } from './relay-url.js';
import { wsSocket } from './ws-socket.js';

export type ConnectCredentials = { token: string } | { email: string; password: string };

export interface ConnectOptions {
  /** Reconnect attempt n waits half to all of min(`maxBackoffMs`, `initialBackoffMs` × 2^n). @default 500 */
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
  const conversations = new Map<string, ConversationSummary>();
  /** Messages of one conversation are answered one at a time, in order, so rule memory stays coherent. */
  const queues = new Map<string, Promise<void>>();
  let token = 'token' in credentials ? credentials.token : null;
  let finished = false;
  let resolveReady!: () => void;
  let rejectReady!: (e: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  // Callers that only use onError should not get an unhandled rejection.
  ready.catch(() => undefined);

  const report = (error: unknown): void => options.onError?.(error instanceof Error ? error : new Error(String(error)));

  /** The connection stopped for good: tell the caller once. */
  const finish = (code: number, reason: string, error?: Error): void => {
    if (finished) return;
    finished = true;
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
    // Replies wait in the client's outbox until acked, and go out again after a reconnect.
    for (const frame of replyFrames(message.conversationId, reply)) client.send(frame);
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

  const onFrame = (frame: AgentServerFrame): void => {
    switch (frame.type) {
      case 'ready':
        for (const c of frame.conversations) conversations.set(c.id, c);
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

  const client = createAgentClient({
    url: wsUrl,
    socket: wsSocket,
    token: () => token ?? '',
    // No resumeFrom: while the bot is away the relay's in-process bot answers (or the visitor
    // waits for a human), so replaying those messages would answer them twice.
    ...(options.initialBackoffMs !== undefined ? { baseDelayMs: options.initialBackoffMs } : {}),
    ...(options.maxBackoffMs !== undefined ? { maxDelayMs: options.maxBackoffMs } : {}),
    // Newer relays may send frame types this SDK does not know: skip them rather than guess.
    decode: (value) => {
      const parsed = AgentServerFrame.safeParse(value);
      return parsed.success ? parsed.data : undefined;
    },
    async prepare() {
      if (token !== null || !('email' in credentials)) return;
      try {
        token = await login(httpBase, credentials.email, credentials.password);
      } catch (error) {
        if (error instanceof BotError && error.code === 'CONNECT_AUTH') {
          void client.stop();
          finish(CLOSE_CODES.UNAUTHORIZED.code, error.message, error);
        }
        throw error;
      }
    },
    // An expired session (4001) with a password at hand: log in again before giving up.
    recover(code) {
      if (code !== CLOSE_CODES.UNAUTHORIZED.code || !('email' in credentials) || token === null) return false;
      token = null;
      return true;
    },
    onFrame,
    onStatus(status, code, reason = '') {
      if (status !== 'down' || code === undefined) return;
      const kind = code === CLOSE_CODES.UNAUTHORIZED.code ? 'CONNECT_AUTH' : 'CONNECT_FAILED';
      finish(code, reason, new BotError(kind, `relay closed the connection (${code} ${reason})`));
    },
    onError: (error) => report(error instanceof BotError ? error : new BotError('CONNECT_FAILED', error.message, { cause: error })),
  });
  client.start();

  return {
    ready,
    get connected() {
      return client.connected;
    },
    async close() {
      finish(CLOSE_CODES.NORMAL.code, 'closed by the bot');
      await client.stop();
      await Promise.allSettled([...queues.values()]);
    },
  };
}
