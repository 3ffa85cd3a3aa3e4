/** One conversation: header with actions, the whole log (bot part, events, notes), the reply box. */
import type { ConversationSummary, Message } from '@switchboard/protocol';
import { useEffect, useRef, useState } from 'preact/hooks';
import { duration, time } from '../format.js';
import { displayName, mySeenSeq, seenUpTo, timeline, visitorTyping, type PendingLine as Pending } from '../state.js';
import { AlsoHere } from './Collision.js';
import { Composer } from './Composer.js';
import { newId, useConsole, useNow } from './context.js';
import { Markdown } from './Markdown.js';
import { VisitorPanel } from './VisitorPanel.js';

const RESOLUTIONS = ['resolved', 'unresolved', 'spam', 'duplicate', 'no_reply'] as const;

function authorLabel(m: Message, c: ConversationSummary): string {
  if (m.author.kind === 'visitor') return displayName(c);
  if (m.author.kind === 'bot') return m.author.name ? `${m.author.name} (bot)` : 'Bot';
  return m.author.name ?? (m.author.kind === 'agent' ? 'Agent' : 'System');
}

function eventText(m: Message, agents: Record<string, { name: string }>): string {
  const e = m.event;
  if (!e) return m.text;
  const who = e.agentId ? agents[e.agentId]?.name : undefined;
  switch (e.name) {
    case 'handoff':
      return `Handed off to a human${e.reason ? ` — reason: ${e.reason}` : ''}`;
    case 'assigned':
      return who ? `${who} joined the conversation` : m.text;
    case 'transferred':
      return who ? `Transferred to ${who}` : m.text;
    case 'closed':
      return `Closed${e.reason || e.detail ? ` — ${e.reason ?? e.detail}` : ''}`;
    default:
      return m.text || e.name;
  }
}

function Line({ m, c, seen }: { m: Message; c: ConversationSummary; seen: boolean }) {
  const { state } = useConsole();
  if (m.kind === 'event') {
    return (
      <li class={`event ev-${m.event?.name ?? 'other'}`}>
        <span>{eventText(m, state.agents)}</span> <time dateTime={new Date(m.createdAt).toISOString()}>{time(m.createdAt)}</time>
      </li>
    );
  }
  const note = m.kind === 'note';
  return (
    <li class={`msg from-${m.author.kind}${note ? ' note' : ''}`}>
      <div class="meta">
        {note && <span class="note-tag">Internal note</span>}
        <span class="author">{authorLabel(m, c)}</span>
        <time dateTime={new Date(m.createdAt).toISOString()}>{time(m.createdAt)}</time>
      </div>
      <div class="bubble">
        <Markdown text={m.text} />
        {m.quickReplies && m.quickReplies.length > 0 && <p class="qr">Buttons offered: {m.quickReplies.join(' · ')}</p>}
      </div>
      {seen && <div class="seen">Seen</div>}
    </li>
  );
}

function PendingLine({ p }: { p: Pending }) {
  const { conn, dispatch } = useConsole();
  const { frame } = p;
  return (
    <li class={`msg from-agent pending${frame.internal ? ' note' : ''}`}>
      <div class="meta">
        {frame.internal && <span class="note-tag">Internal note</span>}
        <span class="author">You</span>
        <span>{p.error ? 'Not sent' : 'Sending…'}</span>
      </div>
      <div class="bubble">
        <Markdown text={frame.text} />
      </div>
      {p.error && (
        <div class="failed" role="alert">
          {p.error}{' '}
          <button
            type="button"
            class="link"
            onClick={() => {
              dispatch({ type: 'dismiss', clientId: frame.id });
              conn.send(frame);
            }}
          >
            Retry
          </button>{' '}
          <button
            type="button"
            class="link"
            onClick={() => dispatch({ type: 'dismiss', clientId: frame.id })}
          >
            Discard
          </button>
        </div>
      )}
    </li>
  );
}

function Actions({ c }: { c: ConversationSummary }) {
  const { state, conn } = useConsole();
  const [panel, setPanel] = useState<'none' | 'transfer' | 'close'>('none');
  const [toAgent, setToAgent] = useState('');
  const [note, setNote] = useState('');
  const [resolution, setResolution] = useState<string>('resolved');
  const firstField = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    if (panel !== 'none') firstField.current?.focus();
  }, [panel]);
  const me = state.me;
  const others = Object.values(state.agents).filter((a) => a.active && a.role !== 'bot' && a.id !== c.agent?.id);
  const act = (frame: Parameters<typeof conn.send>[0]) => conn.send(frame);

  return (
    <div class="actions">
      <div class="buttons" role="group" aria-label="Conversation actions">
        {(c.state === 'queued' || c.state === 'bot') && (
          <button type="button" class="primary" onClick={() => act({ type: 'claim', id: newId('claim'), conversationId: c.id })}>
            {c.state === 'bot' ? 'Take over from bot' : 'Claim'}
          </button>
        )}
        {c.state === 'assigned' && (
          <button type="button" aria-expanded={panel === 'transfer'} onClick={() => setPanel(panel === 'transfer' ? 'none' : 'transfer')}>
            Transfer…
          </button>
        )}
        {c.state !== 'closed' && (
          <button type="button" aria-expanded={panel === 'close'} onClick={() => setPanel(panel === 'close' ? 'none' : 'close')}>
            Close…
          </button>
        )}
        {c.state === 'closed' && (
          <button type="button" onClick={() => act({ type: 'reopen', id: newId('reopen'), conversationId: c.id })}>
            Reopen
          </button>
        )}
      </div>
      {panel === 'transfer' && (
        <form
          class="inline-form"
          aria-label="Transfer"
          onSubmit={(e) => {
            e.preventDefault();
            if (!toAgent) return;
            act({ type: 'transfer', id: newId('transfer'), conversationId: c.id, toAgentId: toAgent, ...(note.trim() ? { note: note.trim() } : {}) });
            setPanel('none');
            setNote('');
          }}
        >
          <label for="transfer-agent">Transfer to</label>
          <select id="transfer-agent" ref={firstField} value={toAgent} onChange={(e) => setToAgent(e.currentTarget.value)} required>
            <option value="">Choose an agent…</option>
            {others.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
                {a.id === me?.id ? ' (me)' : ''} — {a.status}, {a.openChats}/{a.maxChats}
              </option>
            ))}
          </select>
          <label for="transfer-note">Note for the next agent (internal)</label>
          <textarea id="transfer-note" rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
          <div class="buttons">
            <button type="submit" class="primary">
              Transfer
            </button>
            <button type="button" onClick={() => setPanel('none')}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {panel === 'close' && (
        <form
          class="inline-form"
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
            <button type="button" onClick={() => setPanel('none')}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

/** The layout breakpoint in styles.css: below it the visitor panel starts hidden. */
const NARROW = '(max-width: 700px)';

export function ConversationPane({ id, back }: { id: string; back: { href: string; label: string } }) {
  const { state, outbox, dispatch, api, conn } = useConsole();
  const [showVisitor, setShowVisitor] = useState(() => typeof matchMedia === 'undefined' || !matchMedia(NARROW).matches);
  const visitorToggle = useRef<HTMLButtonElement>(null);
  const now = useNow(1000);
  const [loadError, setLoadError] = useState<string | null>(null);
  const c = state.conversations[id];
  const logRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    dispatch({ type: 'select', conversationId: id });
    let live = true;
    if (!state.conversations[id]) {
      api
        .conversation(id)
        .then((r) => live && dispatch({ type: 'upsert', conversations: [r.conversation] }))
        .catch((err: Error) => live && setLoadError(err.message));
    }
    if (!state.messages[id]) {
      api
        .history(id)
        .then((messages) => {
          if (!live) return;
          dispatch({ type: 'history', conversationId: id, messages });
        })
        .catch((err: Error) => live && setLoadError(err.message));
    }
    return () => {
      live = false;
      dispatch({ type: 'select', conversationId: null });
    };
  }, [id]);

  const { messages, pending } = timeline(state, outbox, id);
  const lastSeq = messages.reduce((n, m) => Math.max(n, m.seq), 0);
  const assignedToMe = !!c && c.state === 'assigned' && c.agent?.id === state.me?.id;

  // Keep the newest line in view.
  useEffect(() => {
    const el = logRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [messages.length, pending.length]);

  // Mark what I have read: the relay stores it (unread counts survive a reload) and tells the
  // visitor. Only while the tab is visible, and again once the socket is back.
  const readUpTo = c ? mySeenSeq(state, c) : 0;
  useEffect(() => {
    if (!assignedToMe || lastSeq <= readUpTo) return;
    const mark = () => {
      if (document.visibilityState !== 'visible') return;
      if (conn.send({ type: 'seen', conversationId: id, seq: lastSeq }) === 'sent') dispatch({ type: 'read', conversationId: id, seq: lastSeq });
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [assignedToMe, lastSeq, readUpTo, state.connection]);

  if (!c) {
    return (
      <section class="conversation" aria-label="Conversation">
        <p class={loadError ? 'error' : 'empty'} role={loadError ? 'alert' : undefined}>
          {loadError ?? 'Loading…'}
        </p>
      </section>
    );
  }

  const seenSeq = seenUpTo(state, id);
  const typing = visitorTyping(state, id, now);
  const name = displayName(c);
  return (
    <>
      <section class="conversation" aria-labelledby="conv-title">
        <header class="conv-head">
          <a class="back" href={back.href}>
            <span aria-hidden="true">←</span>
            {back.label}
          </a>
          <div class="grow">
            <h2 id="conv-title">{name}</h2>
            <p class="conv-sub">
              <span class={`state state-${c.state}`}>{c.state}</span>
              {c.agent && <span> · {c.agent.name}</span>}
              {c.state === 'queued' && <span> · waiting {duration(now - (c.queuedAt ?? c.createdAt))}</span>}
              {c.handoffReason && <span> · handoff: {c.handoffReason}</span>}
              {c.resolution && <span> · {c.resolution}</span>}
              {c.rating !== null && <span> · rated {c.rating}/5</span>}
            </p>
          </div>
          <div class="head-side">
            <button
              type="button"
              ref={visitorToggle}
              class="visitor-toggle"
              aria-expanded={showVisitor}
              aria-controls="visitor-panel"
              onClick={() => setShowVisitor(!showVisitor)}
            >
              Visitor details
            </button>
            <Actions c={c} />
          </div>
        </header>
        {loadError && (
          <p class="error" role="alert">
            {loadError}
          </p>
        )}
        <ol class="log" ref={logRef} tabIndex={0} aria-label={`Messages with ${name}`}>
          {messages.map((m) => (
            <Line key={m.id} m={m} c={c} seen={seenSeq === m.seq} />
          ))}
          {pending.map((p) => (
            <PendingLine key={p.frame.id} p={p} />
          ))}
        </ol>
        <p class="typing" aria-live="off">
          {typing ? `${name} is typing…` : ''}
        </p>
        <AlsoHere c={c} />
        <Composer c={c} canReply={assignedToMe} />
      </section>
      {showVisitor && (
        <VisitorPanel
          c={c}
          now={now}
          onHide={() => {
            setShowVisitor(false);
            visitorToggle.current?.focus();
          }}
        />
      )}
    </>
  );
}
