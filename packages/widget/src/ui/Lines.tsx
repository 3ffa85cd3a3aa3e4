/** The message log: bubbles, lifecycle events, delivery state, typing. */
import type { Line, State } from '../core/store.js';
import type { Strings } from '../i18n/en.js';
import { fmt } from '../i18n/index.js';
import { markdown } from './markdown.js';

export function authorName(l: Line, t: Strings): string {
  const k = l.author.kind;
  return k === 'visitor' ? t.you : l.author.name || (k === 'bot' ? t.assistant : k === 'agent' ? t.agent : '');
}

export function eventText(l: Line, s: State): string {
  const t = s.t;
  const agent = s.conversation?.agent;
  const name = (agent && (!l.event?.agentId || agent.id === l.event.agentId) && agent.name) || l.author.name || t.agent;
  switch (l.event?.name) {
    case 'handoff':
      return t.evHandoff;
    case 'assigned':
      return fmt(t.evAssigned, { name });
    case 'transferred':
      return fmt(t.evTransferred, { name });
    case 'closed':
      return t.evClosed;
    case 'reopened':
      return t.evReopened;
    case 'rated':
      return t.evRated;
    default:
      return l.text;
  }
}

interface LineProps {
  line: Line;
  state: State;
  showName: boolean;
  /** The visitor's last message the agent has read: "Seen" instead of the check mark. */
  seen?: boolean;
  onRetry: (clientId: string) => void;
}

export function LineView({ line, state, showName, seen, onRetry }: LineProps) {
  const t = state.t;
  if (line.kind === 'event' || line.author.kind === 'system') {
    return <div class="ev">{line.kind === 'event' ? eventText(line, state) : markdown(line.text)}</div>;
  }
  const me = line.author.kind === 'visitor';
  const time = new Date(line.createdAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  const status = line.status;
  return (
    <div class={me ? 'msg me' : 'msg'}>
      {showName && !me && <p class="by">{authorName(line, t)}</p>}
      <span class="sr">{authorName(line, t)}: </span>
      <div class="bubble" title={time}>
        {markdown(line.text)}
      </div>
      {me && status && (
        <p class="st">
          {status === 'sent' ? seen ? t.seen : <span title={t.sent}>✓<span class="sr">{t.sent}</span></span> : t[status]}
          {status === 'failed' && line.clientId && (
            <button type="button" onClick={() => onRetry(line.clientId!)}>
              {t.retry}
            </button>
          )}
        </p>
      )}
    </div>
  );
}
