/** A scripted agent on the agent socket (`/ws/agent`), as the console would be. */
import type { AgentClientFrame, AgentServerFrame, ConversationSummary } from '@switchboard/protocol';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { recordFrames } from './frames.js';

export interface TestAgent {
  frames: AgentServerFrame[];
  send(frame: AgentClientFrame): void;
  /** Resolves with the first frame (already received or future) that matches. */
  waitFor<T extends AgentServerFrame>(match: (f: AgentServerFrame) => f is T, timeoutMs?: number): Promise<T>;
  waitFor(match: (f: AgentServerFrame) => boolean, timeoutMs?: number): Promise<AgentServerFrame>;
  reply(conversationId: string, text: string): void;
  close(conversationId: string): void;
  disconnect(): void;
}

export async function connectAgent(relayUrl: string, email: string, password: string): Promise<TestAgent> {
  const res = await fetch(`${relayUrl}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const { token } = (await res.json()) as { token: string };
  const ws = new WebSocket(`${relayUrl.replace(/^http/, 'ws')}/ws/agent`, { headers: { origin: relayUrl } });
  const { frames, waitFor } = recordFrames<AgentServerFrame>(ws, 'agent');
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const send = (frame: AgentClientFrame) => ws.send(JSON.stringify(frame));
  const agent: TestAgent = {
    frames,
    send,
    waitFor,
    reply: (conversationId, text) => send({ type: 'message', id: randomUUID(), conversationId, text }),
    close: (conversationId) => send({ type: 'close', id: randomUUID(), conversationId, resolution: 'resolved' }),
    disconnect: () => ws.close(),
  } as TestAgent;
  send({ type: 'auth', v: 1, token });
  await agent.waitFor((f) => f.type === 'ready');
  send({ type: 'presence', status: 'online' });
  return agent;
}

export function isConversation(f: AgentServerFrame): f is Extract<AgentServerFrame, { type: 'conversation' }> {
  return f.type === 'conversation';
}
export type { ConversationSummary };
