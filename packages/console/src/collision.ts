/**
 * Who else is in a conversation: other agents viewing it (`viewing` frames) and typing in it
 * (agents' `typing` frames). Consoles re-announce every REFRESH_MS while they show a
 * conversation and answer a newcomer at once, so an entry not refreshed within EXPIRE_MS is gone
 * (a console that vanished without a word).
 */
import type { AgentRef, AgentServerFrame } from '@switchboard/protocol';

export const REFRESH_MS = 20_000;
const EXPIRE_MS = 50_000;
const TYPING_MS = 6_000;

type Seen = Map<string, { agent: AgentRef; until: number }>;

export interface Others {
  viewing: AgentRef[];
  typing: AgentRef[];
}

export class Collision {
  private readonly viewers = new Map<string, Seen>();
  private readonly typists = new Map<string, Seen>();
  private readonly listeners = new Set<() => void>();
  private readonly newcomers = new Set<(conversationId: string) => void>();

  constructor(private readonly me: () => string | null) {}

  /** Takes what matters from a frame (viewing, agents' typing and replies). */
  handle(frame: AgentServerFrame, now: number): void {
    if (frame.type === 'viewing') {
      if (frame.agent.id === this.me()) return;
      const fresh = !this.viewers.get(frame.conversationId)?.has(frame.agent.id);
      this.set(this.viewers, frame.conversationId, frame.agent, frame.on ? now + EXPIRE_MS : null);
      if (frame.on && fresh) for (const n of this.newcomers) n(frame.conversationId);
      return;
    }
    if (frame.type === 'typing' && frame.author.kind === 'agent' && frame.author.id && frame.author.id !== this.me()) {
      this.set(this.typists, frame.conversationId, { id: frame.author.id, name: frame.author.name ?? 'An agent' }, frame.on ? now + TYPING_MS : null);
    }
    if (frame.type === 'message' && frame.message.author.kind === 'agent' && frame.message.author.id) {
      // A sent reply ends that agent's typing.
      this.set(this.typists, frame.message.conversationId, { id: frame.message.author.id, name: '' }, null);
    }
  }

  /** Calls `listener` with the conversation an agent newly started viewing (so this console can answer). */
  onNewcomer(listener: (conversationId: string) => void): () => void {
    this.newcomers.add(listener);
    return () => this.newcomers.delete(listener);
  }

  others(conversationId: string, now: number): Others {
    const live = (m: Map<string, Seen>) => [...(m.get(conversationId)?.values() ?? [])].filter((e) => e.until > now).map((e) => e.agent);
    return { viewing: live(this.viewers), typing: live(this.typists) };
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(map: Map<string, Seen>, conversationId: string, agent: AgentRef, until: number | null): void {
    let seen = map.get(conversationId);
    if (!seen) map.set(conversationId, (seen = new Map()));
    if (until === null) seen.delete(agent.id);
    else seen.set(agent.id, { agent, until });
    for (const l of this.listeners) l();
  }
}
