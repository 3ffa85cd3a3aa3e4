/** Hash routes, so a reload or a notification click lands on the same screen. */
import type { ViewName } from './state.js';

export type AdminPage = 'agents' | 'site' | 'kb' | 'canned' | 'reports' | 'audit' | 'account';
export type Route = { section: 'inbox'; view: ViewName; conversationId: string | null; q: string } | { section: 'admin'; page: AdminPage };

const VIEWS: readonly ViewName[] = ['queue', 'mine', 'open', 'tickets', 'closed'];
const PAGES: readonly AdminPage[] = ['agents', 'site', 'kb', 'canned', 'reports', 'audit', 'account'];

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'admin' && PAGES.includes(parts[1] as AdminPage)) return { section: 'admin', page: parts[1] as AdminPage };
  const view = VIEWS.includes(parts[0] as ViewName) ? (parts[0] as ViewName) : 'queue';
  const conversationId = parts[1] === 'c' && parts[2] ? parts[2] : null;
  const q = new URLSearchParams(query).get('q') ?? '';
  return { section: 'inbox', view, conversationId, q };
}

export function formatRoute(route: Route): string {
  if (route.section === 'admin') return `#/admin/${route.page}`;
  const q = route.q ? `?${new URLSearchParams({ q: route.q })}` : '';
  return `#/${route.view}${route.conversationId ? `/c/${encodeURIComponent(route.conversationId)}` : ''}${q}`;
}
