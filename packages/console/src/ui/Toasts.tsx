/**
 * In-page cues for chats that arrive while the agent looks elsewhere: one toast per chat, in a
 * polite live region (a screen reader says it without moving focus), with a link that opens the
 * chat. A toast goes once the chat is opened, taken by someone else, dismissed, or no longer mine
 * — it is read from the state, not kept beside it.
 */
import { stillPending, type ArrivalKind } from '../attention.js';
import { plainText } from '../markdown.js';
import { formatRoute } from '../route.js';
import { displayName } from '../state.js';
import { Avatar } from './Avatar.js';
import { useConsole } from './context.js';

export interface Toast {
  conversationId: string;
  kind: ArrivalKind;
}

const HEADLINE: Record<ArrivalKind, (name: string) => string> = {
  queued: (name) => `${name} is waiting in Unassigned`,
  assigned: (name) => `New chat from ${name}, assigned to you`,
  transferred: (name) => `${name}'s chat was transferred to you`,
};

export function Toasts({ toasts, onDismiss }: { toasts: Toast[]; onDismiss(conversationId: string): void }) {
  const { state } = useConsole();
  const shown = toasts.filter((t) => stillPending(t.kind, state.conversations[t.conversationId], state));
  return (
    <div class="toasts" aria-live="polite" aria-relevant="additions">
      {shown.map((t) => {
        const c = state.conversations[t.conversationId]!;
        const name = displayName(c);
        const said = c.lastMessage?.author === 'visitor' ? plainText(c.lastMessage.text).slice(0, 100) : null;
        return (
          <div key={t.conversationId} class={`toast toast-${t.kind}`}>
            <Avatar name={name} id={c.visitor.id} size="sm" />
            <div class="grow">
              <p class="toast-title">{HEADLINE[t.kind](name)}</p>
              {said && <p class="toast-text">“{said}”</p>}
            </div>
            <a class="button primary" href={formatRoute({ section: 'inbox', view: t.kind === 'queued' ? 'queue' : 'mine', conversationId: c.id, q: '' })}>
              Open<span class="sr-only"> the chat with {name}</span>
            </a>
            <button type="button" class="icon" onClick={() => onDismiss(t.conversationId)}>
              <span aria-hidden="true">×</span>
              <span class="sr-only">Dismiss the notice about {name}</span>
            </button>
          </div>
        );
      })}
    </div>
  );
}
