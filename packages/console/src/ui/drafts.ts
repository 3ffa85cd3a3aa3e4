/**
 * What an agent has started in each conversation — the text not sent yet and the Reply/Note
 * choice — kept for the session, so leaving a chat and coming back finds it as it was left.
 */
import { useState } from 'preact/hooks';
import { useConsole } from './context.js';

export type ComposerMode = 'reply' | 'note';

export interface Draft {
  text: string;
  /** Null until the agent chooses (or types, or sends): then the composer shows the default for the chat. */
  mode: ComposerMode | null;
}

export type Drafts = Map<string, Draft>;

/** One field of a conversation's draft as component state that is written through to the session's drafts. */
export function useDraftField<K extends keyof Draft>(conversationId: string, key: K): [Draft[K], (value: Draft[K]) => void] {
  const { drafts } = useConsole();
  const [value, setValue] = useState<Draft[K]>(() => (drafts.get(conversationId) ?? { text: '', mode: null })[key]);
  const set = (next: Draft[K]) => {
    const draft = drafts.get(conversationId) ?? { text: '', mode: null };
    drafts.set(conversationId, { ...draft, [key]: next });
    setValue(next);
  };
  return [value, set];
}
