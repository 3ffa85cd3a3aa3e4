/** The inbox: one view's list (or search results) beside the open conversation. */
import type { ConversationSummary } from '@switchboard/protocol';
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatRoute, type Route } from '../route.js';
import { allOpen, mine, queue, VIEW_LABELS } from '../state.js';
import { waitingSince } from '../turn.js';
import { useConsole, useNow } from './context.js';
import { ConversationPane } from './ConversationPane.js';
import { ConversationRow } from './ConversationRow.js';
import { Tickets } from './Tickets.js';

type InboxRoute = Extract<Route, { section: 'inbox' }>;

/** Arrow keys, Home and End move focus between the rows' links. */
export function onListKeys(e: KeyboardEvent): void {
  const keys = ['ArrowDown', 'ArrowUp', 'Home', 'End'];
  if (!keys.includes(e.key)) return;
  const list = e.currentTarget as HTMLElement;
  const links = [...list.querySelectorAll<HTMLElement>('[data-row]')];
  if (!links.length) return;
  const at = links.indexOf(document.activeElement as HTMLElement);
  const next = e.key === 'Home' ? 0 : e.key === 'End' ? links.length - 1 : e.key === 'ArrowDown' ? Math.min(links.length - 1, at + 1) : Math.max(0, at - 1);
  e.preventDefault();
  links[next]!.focus();
}

function useRemoteList(route: InboxRoute): { ids: string[] | null; loading: boolean; error: string | null } {
  const { api, dispatch, state } = useConsole();
  const [ids, setIds] = useState<string[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const closedCount = Object.values(state.conversations).filter((c) => c.state === 'closed').length;
  const remote = route.q !== '' || route.view === 'closed';
  useEffect(() => {
    if (!remote) {
      setIds(null);
      return;
    }
    let live = true;
    setLoading(true);
    const t = setTimeout(
      () => {
        api
          .conversations({ ...(route.q ? { q: route.q } : {}), ...(route.view === 'closed' ? { state: 'closed' } : {}), limit: 100 })
          .then((r) => {
            if (!live) return;
            dispatch({ type: 'upsert', conversations: r.conversations });
            setIds(r.conversations.map((c) => c.id));
            setError(null);
          })
          .catch((err: Error) => live && setError(err.message))
          .finally(() => live && setLoading(false));
      },
      route.q ? 250 : 0,
    );
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [route.q, route.view, remote, route.view === 'closed' ? closedCount : 0]);
  return { ids, loading, error };
}

export function Inbox({ route }: { route: InboxRoute }) {
  const { state, navigate } = useConsole();
  // Waiting times are shown in minutes: a calm list does not tick every second.
  const now = useNow(15_000);
  const [search, setSearch] = useState(route.q);
  useEffect(() => setSearch(route.q), [route.q]);
  const remote = useRemoteList(route);
  const searchRef = useRef<HTMLInputElement>(null);

  if (route.view === 'tickets') return <Tickets />;

  let list: ConversationSummary[];
  if (remote.ids) list = remote.ids.map((id) => state.conversations[id]).filter((c): c is ConversationSummary => !!c);
  else if (route.view === 'queue') list = queue(state);
  else if (route.view === 'mine') list = mine(state);
  else list = allOpen(state);
  if (route.view === 'closed' && !route.q) list = list.filter((c) => c.state === 'closed');

  const title = route.q ? `Search results for “${route.q}”` : VIEW_LABELS[route.view];
  const myWaiting = route.view === 'queue' ? mine(state).filter((c) => waitingSince(c) !== null).length : 0;
  // Narrow screens show either the list or the conversation (styles.css); the class says which.
  return (
    <div class={`inbox${route.conversationId ? ' has-conv' : ''}`}>
      <section class="list-pane" aria-labelledby="list-title">
        <div class="list-head">
          <h2 id="list-title" class="list-title">
            {title} <span class="count">{list.length}</span>
          </h2>
          {route.q && (
            <button type="button" class="link" onClick={() => navigate(formatRoute({ ...route, conversationId: null, q: '' }))}>
              Clear search
            </button>
          )}
        </div>
        <form
          role="search"
          class="search"
          onSubmit={(e) => {
            e.preventDefault();
            navigate(formatRoute({ ...route, conversationId: null, q: search.trim() }));
          }}
        >
          <label for="search" class="sr-only">
            Search conversations by visitor name, email or text
          </label>
          <input
            id="search"
            ref={searchRef}
            type="search"
            placeholder="Search name, email or text"
            value={search}
            onInput={(e) => setSearch(e.currentTarget.value)}
          />
          <button type="submit">Search</button>
        </form>
        {remote.error && (
          <p class="error" role="alert">
            {remote.error}
          </p>
        )}
        {remote.loading && !remote.ids ? (
          <p class="empty">Loading…</p>
        ) : list.length === 0 ? (
          <div class="empty">
            <p>{route.view === 'queue' && !route.q ? 'Nobody is waiting in the queue.' : 'No conversations.'}</p>
            {myWaiting > 0 && (
              <p>
                <a href={formatRoute({ section: 'inbox', view: 'mine', conversationId: null, q: '' })}>
                  {myWaiting === 1 ? '1 chat of yours is waiting for an answer' : `${myWaiting} chats of yours are waiting for an answer`}
                </a>
              </p>
            )}
          </div>
        ) : (
          <ul class="rows" aria-label={title} onKeyDown={onListKeys}>
            {list.map((c) => (
              <ConversationRow key={c.id} c={c} view={route.view} selected={c.id === route.conversationId} now={now} />
            ))}
          </ul>
        )}
      </section>
      {route.conversationId ? (
        <ConversationPane key={route.conversationId} id={route.conversationId} back={{ href: formatRoute({ ...route, conversationId: null }), label: route.q ? 'Search results' : VIEW_LABELS[route.view] }} />
      ) : (
        <section class="placeholder" aria-label="Conversation">
          <p>Select a conversation</p>
          <p class="hint">In the list, ↑ and ↓ move between conversations; Enter opens one.</p>
        </section>
      )}
    </div>
  );
}
