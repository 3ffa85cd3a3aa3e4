/** One inbox row: who, what they said last, whose turn it is, how long they have waited. */
import type { ConversationSummary } from '@switchboard/protocol';
import { handoffReason, time, waited } from '../format.js';
import { plainText } from '../markdown.js';
import { formatRoute, type Route } from '../route.js';
import { displayName, isNewToMe, unreadLabel, unreadOf, type State, type ViewName } from '../state.js';
import { waitingSince } from '../turn.js';
import { Avatar } from './Avatar.js';
import { useConsole } from './context.js';

type InboxRoute = Extract<Route, { section: 'inbox' }>;

const STATE_LABEL: Record<ConversationSummary['state'], string> = { bot: 'With bot', queued: 'Queued', assigned: 'Assigned', closed: 'Closed' };

/** The last line, with who wrote it when it was not the visitor. */
function preview(state: State, c: ConversationSummary): string {
  const last = c.lastMessage;
  if (!last) return c.handoffReason ? 'Asked for a person; no message yet' : 'No messages yet';
  const who = last.author === 'agent' ? (c.agent?.id === state.me?.id ? 'You: ' : `${c.agent?.name ?? 'Agent'}: `) : last.author === 'bot' ? 'Bot: ' : '';
  return who + plainText(last.text).slice(0, 120);
}

export function ConversationRow({ c, view, selected, now }: { c: ConversationSummary; view: InboxRoute['view']; selected: boolean; now: number }) {
  const { state } = useConsole();
  const unread = unreadOf(state, c);
  const fresh = isNewToMe(state, c);
  const name = displayName(c);
  const since = waitingSince(c);
  // In Unassigned and Mine the state goes without saying.
  const showState = !(['queue', 'mine'] as ViewName[]).includes(view);
  return (
    <li>
      <a
        data-row
        class={`row${selected ? ' selected' : ''}${unread.count > 0 || fresh ? ' unread' : ''}`}
        href={formatRoute({ section: 'inbox', view, conversationId: c.id, q: '' })}
        aria-current={selected ? 'true' : undefined}
      >
        <Avatar name={name} id={c.visitor.id} />
        <span class="row-body">
          <span class="row-top">
            <span class="row-name">{name}</span>
            <time class="row-time" dateTime={new Date(c.lastMessage?.createdAt ?? c.createdAt).toISOString()}>
              {time(c.lastMessage?.createdAt ?? c.createdAt)}
            </time>
          </span>
          <span class="row-mid">
            <span class="row-preview">{preview(state, c)}</span>
            {unread.count > 0 ? (
              <span class="badge unread">
                <span class="sr-only">, </span>
                {unreadLabel(unread)}
                <span class="sr-only"> unread</span>
              </span>
            ) : (
              fresh && (
                <span class="badge new">
                  <span class="sr-only">, </span>New
                </span>
              )
            )}
          </span>
          {(since !== null || showState || (view === 'queue' && c.handoffReason)) && (
            <span class="row-meta">
              {since !== null && (
                <span class="wait" title={`Waiting for a person since ${time(since)}`}>
                  waiting {waited(now - since)}
                </span>
              )}
              {showState && <span class={`state state-${c.state}`}>{STATE_LABEL[c.state]}</span>}
              {showState && c.agent && <span class="meta-item">{c.agent.name}</span>}
              {c.state === 'queued' && c.handoffReason && <span class="meta-item">{handoffReason(c.handoffReason)}</span>}
              {c.state === 'closed' && c.resolution && <span class="meta-item">{c.resolution.replace(/_/g, ' ')}</span>}
            </span>
          )}
        </span>
      </a>
    </li>
  );
}
