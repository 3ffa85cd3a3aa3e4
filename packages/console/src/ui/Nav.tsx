/** Inbox views with their counts and unread badges, then the other pages (route.ts lists them). */
import { formatRoute, PAGES, type Route } from '../route.js';
import { allOpen, mine, openTickets, queue, unreadIn, unreadLabel, VIEW_LABELS, type Unread, type ViewName } from '../state.js';
import { useConsole } from './context.js';

export function Nav({ route, isAdmin }: { route: Route; isAdmin: boolean }) {
  const { state } = useConsole();
  const q = queue(state);
  const m = mine(state);
  const o = allOpen(state);
  const none: Unread = { count: 0, more: false };
  // Every number is the length of the list it names, read from the same store.
  const counts: Record<ViewName, { total: number | null; unread: Unread }> = {
    queue: { total: q.length, unread: unreadIn(state, q) },
    mine: { total: m.length, unread: unreadIn(state, m) },
    open: { total: o.length, unread: unreadIn(state, o) },
    tickets: { total: openTickets(state).length, unread: none },
    closed: { total: null, unread: none },
  };
  const current = (view: ViewName) => route.section === 'inbox' && route.view === view;
  return (
    <nav class="nav" aria-label="Main">
      <h2 class="nav-h">Inbox</h2>
      <ul>
        {(Object.keys(VIEW_LABELS) as ViewName[]).map((view) => {
          const c = counts[view];
          return (
            <li key={view}>
              <a href={formatRoute({ section: 'inbox', view, conversationId: null, q: '' })} aria-current={current(view) ? 'page' : undefined}>
                <span class="nav-label">{VIEW_LABELS[view]}</span>
                {c.unread.count > 0 && (
                  <span class="badge unread">
                    <span class="sr-only">, </span>
                    {unreadLabel(c.unread)}
                    <span class="sr-only"> unread</span>
                  </span>
                )}
                {c.total !== null && (
                  <span class="count">
                    <span class="sr-only">, </span>
                    {c.total}
                  </span>
                )}
              </a>
            </li>
          );
        })}
      </ul>
      <h2 class="nav-h">Team</h2>
      <ul>
        {PAGES.filter((p) => isAdmin || !p.admin).map((p) => (
          <li key={p.page}>
            <a href={formatRoute({ section: 'admin', page: p.page })} aria-current={route.section === 'admin' && route.page === p.page ? 'page' : undefined}>
              <span class="nav-label">{p.label}</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
