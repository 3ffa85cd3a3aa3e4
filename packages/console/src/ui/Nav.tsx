/** Inbox views with counts and unread badges, then the other pages. */
import { formatRoute, type Route } from '../route.js';
import { allOpen, mine, queue, unreadIn, unreadLabel, VIEW_LABELS, type Unread, type ViewName } from '../state.js';
import { useConsole } from './context.js';

export function Nav({ route, isAdmin }: { route: Route; isAdmin: boolean }) {
  const { state } = useConsole();
  const q = queue(state);
  const m = mine(state);
  const o = allOpen(state);
  const openTickets = state.tickets.filter((t) => t.status === 'open').length;
  const none: Unread = { count: 0, more: false };
  const counts: Record<ViewName, { total: number | null; unread: Unread }> = {
    queue: { total: q.length, unread: unreadIn(state, q) },
    mine: { total: m.length, unread: unreadIn(state, m) },
    open: { total: o.length, unread: unreadIn(state, o) },
    tickets: { total: openTickets, unread: none },
    closed: { total: null, unread: none },
  };
  const current = (view: ViewName) => route.section === 'inbox' && route.view === view;
  const page = (p: string) => route.section === 'admin' && route.page === p;
  return (
    <nav class="nav" aria-label="Main">
      <h2 class="nav-h">Inbox</h2>
      <ul>
        {(Object.keys(VIEW_LABELS) as ViewName[]).map((view) => {
          const c = counts[view];
          return (
            <li key={view}>
              <a href={formatRoute({ section: 'inbox', view, conversationId: null, q: '' })} aria-current={current(view) ? 'page' : undefined}>
                <span>{VIEW_LABELS[view]}</span>
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
        <li>
          <a href="#/admin/canned" aria-current={page('canned') ? 'page' : undefined}>
            Canned responses
          </a>
        </li>
        <li>
          <a href="#/admin/account" aria-current={page('account') ? 'page' : undefined}>
            My account
          </a>
        </li>
        {isAdmin &&
          (
            [
              ['agents', 'Agents'],
              ['site', 'Site settings'],
              ['kb', 'Knowledge base'],
              ['reports', 'Reports'],
              ['audit', 'Audit log'],
            ] as const
          ).map(([p, label]) => (
            <li key={p}>
              <a href={`#/admin/${p}`} aria-current={page(p) ? 'page' : undefined}>
                {label}
              </a>
            </li>
          ))}
      </ul>
    </nav>
  );
}
