/** What every screen of a logged-in console needs: state, dispatch, the REST client, the socket. */
import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import type { Api } from '../api.js';
import type { AgentClient } from '@switchboard/protocol/client';
import type { Collision } from '../collision.js';
import type { Action, AgentOutgoing, State } from '../state.js';
import type { Drafts } from './drafts.js';

export interface ConsoleContext {
  state: State;
  /** The client's outbox as of this render: my frames on their way. */
  outbox: AgentOutgoing[];
  dispatch(action: Action): void;
  api: Api;
  conn: AgentClient;
  /** Says something in the polite live region. */
  announce(text: string): void;
  navigate(hash: string): void;
  /** Who else views or types in a conversation. */
  collision: Collision;
  /** Unsent text and the Reply/Note choice per conversation, for this session. */
  drafts: Drafts;
}

export const Ctx = createContext<ConsoleContext | null>(null);

export function useConsole(): ConsoleContext {
  const c = useContext(Ctx);
  if (!c) throw new Error('useConsole outside the console');
  return c;
}

/** The current time, refreshed every `ms` (for ticking waiting times). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

export function newId(prefix: string): string {
  const rnd = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
  return `${prefix}-${rnd}`;
}
