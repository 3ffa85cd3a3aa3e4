/**
 * Offline tickets: messages left while nobody could answer, answered by email, then marked done.
 * The open ones come from the socket (`ready`, `ticket` frames), so the list and its count are
 * the same store; done ones are fetched when asked for.
 */
import type { OfflineTicket } from '@switchboard/protocol';
import { useEffect, useState } from 'preact/hooks';
import { openTickets } from '../state.js';
import { useConsole } from './context.js';
import { TicketCard } from './TicketCard.js';

export function Tickets() {
  const { api, state, dispatch } = useConsole();
  const [error, setError] = useState<string | null>(null);
  const [show, setShow] = useState<OfflineTicket['status']>('open');
  useEffect(() => {
    if (show !== 'done') return;
    api
      .tickets('done')
      .then((r) => dispatch({ type: 'tickets', tickets: r.tickets }))
      .catch((err: Error) => setError(err.message));
  }, [show]);

  const open = openTickets(state);
  const list = show === 'open' ? open : state.tickets.filter((t) => t.status === 'done');
  return (
    <section class="page" aria-labelledby="tickets-title">
      <div class="page-head">
        <div>
          <h2 id="tickets-title">Offline tickets</h2>
          <p class="hint">Left while nobody could answer. Reply by email, then mark them done.</p>
        </div>
        <div class="segmented" role="group" aria-label="Show tickets">
          <button type="button" aria-pressed={show === 'open'} onClick={() => setShow('open')}>
            Open <span class="count">{open.length}</span>
          </button>
          <button type="button" aria-pressed={show === 'done'} onClick={() => setShow('done')}>
            Done
          </button>
        </div>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {list.length === 0 ? (
        <p class="empty">{show === 'open' ? 'No open tickets.' : 'No done tickets.'}</p>
      ) : (
        <ul class="cards">
          {list.map((t) => (
            <li key={t.id}>
              <TicketCard t={t} showConversation />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
