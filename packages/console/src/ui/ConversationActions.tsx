/**
 * A conversation's actions: claim (or take over from the bot), transfer, close, reopen. Transfer
 * and close open a small form over the log — never in the flow, so the log keeps its size and its
 * newest lines stay in view. Escape or a click elsewhere closes it; focus goes back to its button.
 */
import type { ConversationSummary } from '@switchboard/protocol';
import { useEffect, useRef, useState } from 'preact/hooks';
import { openChatsOf } from '../state.js';
import { newId, useConsole } from './context.js';

const RESOLUTIONS = ['resolved', 'unresolved', 'spam', 'duplicate', 'no_reply'] as const;

type Panel = 'none' | 'transfer' | 'close';

export function ConversationActions({ c, onClaim }: { c: ConversationSummary; onClaim(): void }) {
  const { state, conn } = useConsole();
  const [panel, setPanel] = useState<Panel>('none');
  const [toAgent, setToAgent] = useState('');
  const [note, setNote] = useState('');
  const [resolution, setResolution] = useState<string>('resolved');
  const firstField = useRef<HTMLSelectElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const toggles = { transfer: useRef<HTMLButtonElement>(null), close: useRef<HTMLButtonElement>(null) };

  useEffect(() => {
    if (panel === 'none') return;
    firstField.current?.focus();
    const outside = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setPanel('none');
    };
    document.addEventListener('mousedown', outside);
    return () => document.removeEventListener('mousedown', outside);
  }, [panel]);

  function dismiss() {
    if (panel === 'none') return;
    const back = toggles[panel].current;
    setPanel('none');
    back?.focus();
  }

  const others = Object.values(state.agents).filter((a) => a.active && a.role !== 'bot' && a.id !== c.agent?.id);
  const act = (frame: Parameters<typeof conn.send>[0]) => conn.send(frame);
  const toggle = (p: Exclude<Panel, 'none'>) => setPanel(panel === p ? 'none' : p);

  return (
    <div
      class="actions"
      ref={root}
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || panel === 'none') return;
        e.preventDefault();
        dismiss();
      }}
    >
      <div class="buttons" role="group" aria-label="Conversation actions">
        {(c.state === 'queued' || c.state === 'bot') && (
          <button
            type="button"
            class="primary"
            onClick={() => {
              onClaim();
              act({ type: 'claim', id: newId('claim'), conversationId: c.id });
            }}
          >
            {c.state === 'bot' ? 'Take over from bot' : 'Claim'}
          </button>
        )}
        {c.state === 'assigned' && (
          <button type="button" ref={toggles.transfer} aria-expanded={panel === 'transfer'} onClick={() => toggle('transfer')}>
            Transfer…
          </button>
        )}
        {c.state !== 'closed' && (
          <button type="button" ref={toggles.close} aria-expanded={panel === 'close'} onClick={() => toggle('close')}>
            Close…
          </button>
        )}
        {c.state === 'closed' && (
          <button type="button" class="primary" onClick={() => act({ type: 'reopen', id: newId('reopen'), conversationId: c.id })}>
            Reopen
          </button>
        )}
      </div>
      {panel === 'transfer' && (
        <form
          class="popover"
          aria-label="Transfer"
          onSubmit={(e) => {
            e.preventDefault();
            if (!toAgent) return;
            act({ type: 'transfer', id: newId('transfer'), conversationId: c.id, toAgentId: toAgent, ...(note.trim() ? { note: note.trim() } : {}) });
            setNote('');
            dismiss();
          }}
        >
          <label for="transfer-agent">Transfer to</label>
          <select id="transfer-agent" ref={firstField} value={toAgent} onChange={(e) => setToAgent(e.currentTarget.value)} required>
            <option value="">Choose an agent…</option>
            {others.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
                {a.id === state.me?.id ? ' (me)' : ''} — {a.status}, {openChatsOf(state, a.id)}/{a.maxChats}
              </option>
            ))}
          </select>
          <label for="transfer-note">Note for the next agent (internal)</label>
          <textarea id="transfer-note" rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
          <div class="buttons">
            <button type="submit" class="primary">
              Transfer
            </button>
            <button type="button" onClick={dismiss}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {panel === 'close' && (
        <form
          class="popover"
          aria-label="Close conversation"
          onSubmit={(e) => {
            e.preventDefault();
            act({ type: 'close', id: newId('close'), conversationId: c.id, resolution });
            setPanel('none');
          }}
        >
          <label for="close-resolution">Resolution</label>
          <select id="close-resolution" ref={firstField} value={resolution} onChange={(e) => setResolution(e.currentTarget.value)}>
            {RESOLUTIONS.map((r) => (
              <option key={r} value={r}>
                {r.replace('_', ' ')}
              </option>
            ))}
          </select>
          <div class="buttons">
            <button type="submit" class="primary">
              Close conversation
            </button>
            <button type="button" onClick={dismiss}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
