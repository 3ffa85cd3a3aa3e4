/** One conversation: a header with its state, who else is in it and actions; the whole log (bot part, events, notes, tickets); the reply box. */
import type { Message, OfflineTicket } from '@switchboard/protocol';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { handoffReason, waited } from '../format.js';
import { displayName, mySeenSeq, seenUpTo, timeline, visitorTyping } from '../state.js';
import { waitingSince } from '../turn.js';
import { Avatar } from './Avatar.js';
import { AlsoHere } from './Collision.js';
import { Composer } from './Composer.js';
import { ConversationActions } from './ConversationActions.js';
import { useConsole, useNow } from './context.js';
import { useDraftField } from './drafts.js';
import { Line, PendingLine } from './LogLines.js';
import { TicketCard } from './TicketCard.js';
import { VisitorPanel } from './VisitorPanel.js';

/** The breakpoint in styles.css below which the visitor panel opens over the conversation: it starts hidden there. */
const NARROW = '(max-width: 1100px)';

const STATE_LABEL = { bot: 'With bot', queued: 'Queued', assigned: 'Assigned', closed: 'Closed' } as const;

export function ConversationPane({ id, back }: { id: string; back: { href: string; label: string } }) {
  const { state, outbox, dispatch, api, conn } = useConsole();
  const [showVisitor, setShowVisitor] = useState(() => typeof matchMedia === 'undefined' || !matchMedia(NARROW).matches);
  // Reply or note: the agent's choice, kept for this conversation until they change it.
  const [mode, setMode] = useDraftField(id, 'mode');
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
  const tickets = state.tickets.filter((t) => t.conversationId === id);
  const lastSeq = messages.reduce((n, m) => Math.max(n, m.seq), 0);
  const assignedToMe = !!c && c.state === 'assigned' && c.agent?.id === state.me?.id;

  // Keep the newest line in view.
  useEffect(() => {
    const el = logRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [messages.length, pending.length, tickets.length]);

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
  const since = waitingSince(c);
  return (
    <>
      <section class="conversation" aria-labelledby="conv-title">
        <header class="conv-head">
          <a class="back" href={back.href}>
            <span aria-hidden="true">←</span>
            {back.label}
          </a>
          <Avatar name={name} id={c.visitor.id} />
          <h2 id="conv-title">{name}</h2>
          <div class="head-side">
            <ConversationActions c={c} onClaim={() => setMode('reply')} />
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
          </div>
          <p class="conv-sub">
            <span class={`state state-${c.state}`}>{STATE_LABEL[c.state]}</span>
            {c.agent && <span>{c.agent.id === state.me?.id ? 'You' : c.agent.name}</span>}
            {since !== null && <span class="wait">waiting {waited(now - since)}</span>}
            {c.handoffReason && c.state !== 'closed' && <span>handoff: {handoffReason(c.handoffReason)}</span>}
            {c.resolution && c.state === 'closed' && <span>{c.resolution.replace(/_/g, ' ')}</span>}
            {c.rating !== null && <span>rated {c.rating}/5</span>}
          </p>
          <AlsoHere c={c} />
        </header>
        {loadError && (
          <p class="error" role="alert">
            {loadError}
          </p>
        )}
        <ol class="log" ref={logRef} tabIndex={0} aria-label={`Messages with ${name}`}>
          {withTickets(
            messages.map((m, i) => ({ at: m.createdAt, node: <Line key={m.id} m={m} c={c} seen={seenSeq === m.seq} follows={follows(messages[i - 1], m)} /> })),
            tickets,
          )}
          {pending.map((p) => (
            <PendingLine key={p.frame.id} p={p} />
          ))}
        </ol>
        <p class="typing" aria-live="off">
          {typing ? `${name} is typing…` : ''}
        </p>
        <Composer c={c} canReply={assignedToMe} mode={mode} onMode={setMode} />
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

/** Lines within this of the previous one by the same author read as one turn: no second name and time. */
const SAME_TURN_MS = 5 * 60_000;

function follows(prev: Message | undefined, m: Message): boolean {
  if (!prev || m.kind !== 'text' || prev.kind !== 'text') return false;
  return prev.author.kind === m.author.kind && prev.author.id === m.author.id && m.createdAt - prev.createdAt < SAME_TURN_MS;
}

/** The conversation's tickets (not log entries, but part of its story) placed among its lines by time. */
function withTickets(lines: { at: number; node: ComponentChildren }[], tickets: OfflineTicket[]): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  const rest = [...tickets].sort((a, b) => a.createdAt - b.createdAt);
  for (const line of lines) {
    while (rest.length && rest[0]!.createdAt <= line.at) out.push(ticketLine(rest.shift()!));
    out.push(line.node);
  }
  for (const t of rest) out.push(ticketLine(t));
  return out;
}

function ticketLine(t: OfflineTicket): ComponentChildren {
  return (
    <li key={t.id} class="ticket-line">
      <TicketCard t={t} showConversation={false} />
    </li>
  );
}
