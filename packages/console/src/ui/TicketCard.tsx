/** One offline ticket: who, how to reach them, what they wrote, and marking it done or open again. */
import type { OfflineTicket } from '@switchboard/protocol';
import { useState } from 'preact/hooks';
import { time } from '../format.js';
import { formatRoute } from '../route.js';
import { Avatar } from './Avatar.js';
import { useConsole } from './context.js';

/** A mailto: link with the address as typed (validated by the relay as an email) and a subject. */
function mailto(t: OfflineTicket): string {
  const to = encodeURIComponent(t.email).replace(/%40/g, '@');
  return `mailto:${to}?subject=${encodeURIComponent('Your message to our support')}`;
}

export function TicketCard({ t, showConversation }: { t: OfflineTicket; showConversation: boolean }) {
  const { api, dispatch } = useConsole();
  const [error, setError] = useState<string | null>(null);
  // Erasing the visitor's data blanks the address (which the relay never accepts empty) and the text.
  const erased = t.email === '';
  const name = t.name || (erased ? 'an erased visitor' : t.email);

  async function mark(status: OfflineTicket['status']) {
    try {
      // The relay tells every console (this one too) with a `ticket` frame; the answer is the same ticket.
      const r = await api.updateTicket(t.id, status);
      dispatch({ type: 'tickets', tickets: [r.ticket] });
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }

  return (
    <article class={`ticket card${t.status === 'done' ? ' done' : ''}`} aria-label={`Offline ticket from ${name}`}>
      <header class="ticket-head">
        <Avatar name={name} id={t.visitorId} />
        <div class="grow">
          <strong>{t.name || 'No name given'}</strong>{' '}
          <a href={mailto(t)} class="url">
            {t.email}
          </a>
          <div class="muted small">
            Offline ticket · <time dateTime={new Date(t.createdAt).toISOString()}>{time(t.createdAt)}</time>
            {t.status === 'done' && ' · done'}
          </div>
        </div>
      </header>
      {erased ? <p class="ticket-text muted">The visitor's data was erased; nothing is left to answer.</p> : <p class="ticket-text">{t.message}</p>}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="buttons">
        {!erased && (
          <a class="button" href={mailto(t)}>
            Reply by email<span class="sr-only"> to {t.email}</span>
          </a>
        )}
        <button type="button" class={t.status === 'open' ? 'primary' : ''} onClick={() => mark(t.status === 'open' ? 'done' : 'open')}>
          {t.status === 'open' ? 'Mark done' : 'Reopen'}
          <span class="sr-only"> ticket from {name}</span>
        </button>
        {showConversation && t.conversationId && (
          <a class="button" href={formatRoute({ section: 'inbox', view: 'closed', conversationId: t.conversationId, q: '' })}>
            Chat before the ticket<span class="sr-only"> of {name}</span>
          </a>
        )}
      </div>
    </article>
  );
}
