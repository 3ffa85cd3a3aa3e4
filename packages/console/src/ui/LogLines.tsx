/** Lines of a conversation's log: messages, notes, lifecycle events, and my lines not stored yet. */
import type { ConversationSummary, Message } from '@switchboard/protocol';
import { handoffReason, time } from '../format.js';
import { displayName, type PendingLine as Pending } from '../state.js';
import { useConsole } from './context.js';
import { Markdown } from './Markdown.js';

function authorLabel(m: Message, c: ConversationSummary): string {
  if (m.author.kind === 'visitor') return displayName(c);
  if (m.author.kind === 'bot') return m.author.name ? `${m.author.name} (bot)` : 'Bot';
  return m.author.name ?? (m.author.kind === 'agent' ? 'Agent' : 'System');
}

export function eventText(m: Message, agents: Record<string, { name: string }>): string {
  const e = m.event;
  if (!e) return m.text;
  const who = e.agentId ? agents[e.agentId]?.name : undefined;
  switch (e.name) {
    case 'handoff':
      return `Handed off to a human${e.reason ? ` — reason: ${handoffReason(e.reason)}` : ''}`;
    case 'assigned':
      return who ? `${who} joined the conversation` : m.text;
    case 'transferred':
      return who ? `Transferred to ${who}` : m.text;
    case 'closed':
      return e.detail === 'offline_ticket' ? 'The visitor left an offline ticket; the chat ended' : `Closed${e.reason || e.detail ? ` — ${(e.reason ?? e.detail ?? '').replace(/_/g, ' ')}` : ''}`;
    default:
      return m.text || e.name;
  }
}

/** `follows`: the same author's previous line, moments ago — shown without name and time again. */
export function Line({ m, c, seen, follows = false }: { m: Message; c: ConversationSummary; seen: boolean; follows?: boolean }) {
  const { state } = useConsole();
  const at = <time dateTime={new Date(m.createdAt).toISOString()}>{time(m.createdAt)}</time>;
  if (m.kind === 'event') {
    return (
      <li class={`event ev-${m.event?.name ?? 'other'}`}>
        <span>{eventText(m, state.agents)}</span> {at}
      </li>
    );
  }
  const note = m.kind === 'note';
  return (
    <li class={`msg from-${m.author.kind}${note ? ' note' : ''}${follows ? ' follows' : ''}`}>
      <div class={follows ? 'meta sr-only' : 'meta'}>
        {note && <span class="note-tag">Internal note</span>}
        <span class="author">{authorLabel(m, c)}</span>
        {at}
      </div>
      <div class="bubble">
        <Markdown text={m.text} />
        {m.quickReplies && m.quickReplies.length > 0 && <p class="qr">Buttons offered: {m.quickReplies.join(' · ')}</p>}
      </div>
      {seen && <div class="seen">Seen</div>}
    </li>
  );
}

export function PendingLine({ p }: { p: Pending }) {
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
          <button type="button" class="link" onClick={() => dispatch({ type: 'dismiss', clientId: frame.id })}>
            Discard
          </button>
        </div>
      )}
    </li>
  );
}
