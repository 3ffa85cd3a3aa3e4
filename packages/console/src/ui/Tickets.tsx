/** Offline tickets: messages left while nobody was online, answered by email, then marked done. */
import type { OfflineTicket } from '@switchboard/protocol';
import { useEffect, useState } from 'preact/hooks';
import { time } from '../format.js';
import { useConsole } from './context.js';

export function Tickets() {
  const { api, state, dispatch } = useConsole();
  const [error, setError] = useState<string | null>(null);
  const [show, setShow] = useState<OfflineTicket['status']>('open');
  useEffect(() => {
    api
      .tickets()
      .then((r) => dispatch({ type: 'tickets', tickets: r.tickets }))
      .catch((err: Error) => setError(err.message));
  }, []);

  async function mark(t: OfflineTicket, status: OfflineTicket['status']) {
    try {
      const r = await api.updateTicket(t.id, status);
      dispatch({ type: 'tickets', tickets: state.tickets.map((x) => (x.id === t.id ? (r?.ticket ?? { ...x, status }) : x)) });
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }

  const list = state.tickets.filter((t) => t.status === show);
  return (
    <section class="page" aria-labelledby="tickets-title">
      <div class="page-head">
        <h2 id="tickets-title">Offline tickets</h2>
        <div class="buttons" role="group" aria-label="Show tickets">
          <button type="button" aria-pressed={show === 'open'} onClick={() => setShow('open')}>
            Open ({state.tickets.filter((t) => t.status === 'open').length})
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
        <p class="empty">No {show} tickets.</p>
      ) : (
        <ul class="cards">
          {list.map((t) => (
            <li key={t.id} class="card ticket">
              <div class="ticket-head">
                <strong>{t.name || 'Anonymous'}</strong>{' '}
                <a href={`mailto:${encodeURIComponent(t.email).replace(/%40/g, '@')}`} class="url">
                  {t.email}
                </a>
                <span class="muted"> · {time(t.createdAt)}</span>
              </div>
              <p class="ticket-text">{t.message}</p>
              <button type="button" onClick={() => mark(t, t.status === 'open' ? 'done' : 'open')}>
                {t.status === 'open' ? 'Mark done' : 'Reopen'}
                <span class="sr-only"> ticket from {t.email}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
