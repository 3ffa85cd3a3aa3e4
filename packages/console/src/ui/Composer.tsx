/**
 * The reply box: Enter sends, Shift+Enter is a new line, "/shortcut" offers canned responses.
 * Reply or internal note is a choice the agent makes and that stays made: it starts as Reply on a
 * chat of theirs and Note on any other, and from the moment the agent picks one, types or sends,
 * it changes only when they change it — or click Claim, which is choosing to answer. So a chat
 * routed to them while they write notes does not silently turn the next note into a message to
 * the visitor. On a chat another agent holds, Reply can be chosen, and sending asks to confirm
 * (collision); on a queued or bot chat only notes are possible. Typing is sent at most every 3 s.
 */
import type { CannedResponse, ConversationSummary } from '@switchboard/protocol';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { newId, useConsole } from './context.js';
import { useDraftField, type ComposerMode } from './drafts.js';

const TYPING_EVERY_MS = 3000;
const TYPING_IDLE_MS = 4000;

/** The canned responses whose shortcut starts with what follows "/" (the whole text is "/word"). */
export function cannedMatches(text: string, canned: readonly CannedResponse[]): CannedResponse[] {
  const m = /^\/([\w-]*)$/.exec(text);
  if (!m) return [];
  const q = m[1]!.toLowerCase();
  return canned.filter((c) => c.shortcut.toLowerCase().startsWith(q)).slice(0, 8);
}

export function Composer({ c, canReply, mode, onMode }: { c: ConversationSummary; canReply: boolean; mode: ComposerMode | null; onMode(mode: ComposerMode): void }) {
  const { api, conn, dispatch, state } = useConsole();
  const [text, setText] = useDraftField(c.id, 'text');
  // Someone else holds the conversation: I may still reply, once I confirm it (collision).
  const otherAssignee = c.state === 'assigned' && c.agent && c.agent.id !== state.me?.id ? c.agent : null;
  const mayReply = canReply || otherAssignee !== null;
  const [confirming, setConfirming] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  // Focus moves with the render that shows the question, so an Enter pressed right after it
  // answers the question instead of reaching the reply box (and asking again).
  useLayoutEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);
  const [canned, setCanned] = useState<CannedResponse[]>([]);
  const [active, setActive] = useState(0);
  const typingSentAt = useRef(0);
  const idleTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    api
      .canned()
      .then((r) => setCanned(r.canned))
      .catch((err: Error) => dispatch({ type: 'error', message: `Canned responses: ${err.message}` }));
  }, []);
  useEffect(() => () => stopTyping(), []);

  const matches = cannedMatches(text, canned);
  const open = matches.length > 0;
  // Reply starts chosen only on my own chat; on another agent's, Note until I pick Reply.
  const current: ComposerMode = mayReply ? (mode ?? (canReply ? 'reply' : 'note')) : 'note';
  const internal = current === 'note';
  /** Typing or sending makes the mode on screen the agent's choice. */
  const commit = () => {
    if (mode !== current) onMode(current);
  };

  function stopTyping() {
    if (idleTimer.current) clearTimeout(idleTimer.current);
    idleTimer.current = null;
    if (typingSentAt.current) {
      typingSentAt.current = 0;
      conn.send({ type: 'typing', conversationId: c.id, on: false });
    }
  }

  function typed(value: string) {
    commit();
    setText(value);
    setActive(0);
    if (internal || !value.trim()) return stopTyping();
    const now = Date.now();
    if (now - typingSentAt.current > TYPING_EVERY_MS) {
      typingSentAt.current = now;
      conn.send({ type: 'typing', conversationId: c.id, on: true });
    }
    if (idleTimer.current) clearTimeout(idleTimer.current);
    idleTimer.current = setTimeout(stopTyping, TYPING_IDLE_MS);
  }

  function insert(r: CannedResponse) {
    setText(r.text);
    setActive(0);
    box.current?.focus();
  }

  function send(confirmed = false) {
    const body = text.trim();
    if (!body) return;
    commit();
    const asNonAssignee = !internal && !canReply && otherAssignee !== null;
    if (asNonAssignee && !confirmed) return setConfirming(true);
    setConfirming(false);
    const clientId = newId('m');
    // The client's outbox holds it until the ack; the log shows it from there as "Sending…".
    conn.send({ type: 'message', id: clientId, conversationId: c.id, text: body, ...(internal ? { internal: true } : {}), ...(asNonAssignee ? { asNonAssignee: true } : {}) });
    setText('');
    stopTyping();
  }

  function onKeyDown(e: KeyboardEvent) {
    if (open) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setActive((active + (e.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        insert(matches[Math.min(active, matches.length - 1)]!);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setText(text + ' ');
        return;
      }
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      send();
    }
  }

  const closed = c.state === 'closed';
  const label = internal ? 'Internal note (only agents see it)' : `Reply to the visitor`;
  return (
    <form
      class={`composer${internal ? ' is-note' : ''}`}
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && confirming) {
          setConfirming(false);
          box.current?.focus();
        }
      }}
    >
      <div class="composer-top">
        <fieldset class="segmented mode">
          <legend class="sr-only">Write</legend>
          <label class={current === 'reply' ? 'on' : ''}>
            <input type="radio" name="compose-mode" value="reply" checked={current === 'reply'} disabled={!mayReply} onChange={() => onMode('reply')} />
            Reply
          </label>
          <label class={current === 'note' ? 'on' : ''}>
            <input type="radio" name="compose-mode" value="note" checked={current === 'note'} onChange={() => onMode('note')} />
            Internal note
          </label>
        </fieldset>
        <label for="reply" class="composer-label">
          {label}
        </label>
      </div>
      {!mayReply && !closed && <p class="hint">Claim this conversation to reply to the visitor; notes are always possible.</p>}
      {otherAssignee && !canReply && <p class="hint">{otherAssignee.name} is assigned to this conversation; a reply to the visitor asks you to confirm.</p>}
      {confirming && otherAssignee && (
        <div class="confirm" role="alertdialog" aria-labelledby="confirm-reply-t" aria-describedby="confirm-reply-d">
          <p id="confirm-reply-t">
            <strong>Reply although {otherAssignee.name} is assigned?</strong>
          </p>
          <p id="confirm-reply-d" class="hint">
            The visitor will see your reply beside theirs. A note reaches only agents.
          </p>
          <div class="buttons">
            <button type="button" class="primary" ref={confirmButton} onClick={() => send(true)}>
              Send reply
            </button>
            <button
              type="button"
              onClick={() => {
                setConfirming(false);
                box.current?.focus();
              }}
            >
              Cancel
            </button>
          </div>
        </div>
      )}
      <div class="composer-box">
        <textarea
          id="reply"
          ref={box}
          rows={3}
          value={text}
          placeholder={internal ? 'Write a note for your team…' : 'Type a reply. Enter sends, Shift+Enter for a new line, / for canned responses'}
          aria-describedby={open ? 'reply-help canned-status' : 'reply-help'}
          onInput={(e) => typed(e.currentTarget.value)}
          onKeyDown={onKeyDown}
        />
        <span id="canned-status" class="sr-only" aria-live="polite">
          {open ? `${matches.length} canned responses. ${matches[Math.min(active, matches.length - 1)]!.shortcut} selected; arrow keys choose, Enter inserts, Escape closes.` : ''}
        </span>
        {open && (
          <ul id="canned-list" role="listbox" class="canned-pop" aria-label="Canned responses">
            {matches.map((r, i) => (
              <li
                key={r.id}
                id={`canned-${i}`}
                role="option"
                aria-selected={i === active}
                onMouseDown={(e) => {
                  e.preventDefault();
                  insert(r);
                }}
              >
                <strong>/{r.shortcut}</strong> {r.title || r.text.slice(0, 60)}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div class="composer-bottom">
        <span id="reply-help" class="hint">
          **bold**, *italic*, `code`, - lists, [links](https://…)
        </span>
        <button type="submit" class="primary" disabled={!text.trim()}>
          {internal ? 'Add note' : 'Send'}
        </button>
      </div>
    </form>
  );
}
