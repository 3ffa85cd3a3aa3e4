/** Hash routes, so a reload or a notification click lands on the same screen. */
import type { ViewName } from './state.js';

/**
 * The pages beside the inbox, in navigation order. `admin`: only admins see and open it. A new
 * page is one entry here and one component in ui/pages.tsx.
 */
export const PAGES = [
  { page: 'canned', label: 'Canned responses', admin: false },
  { page: 'account', label: 'My account', admin: false },
  { page: 'agents', label: 'Agents', admin: true },
  { page: 'site', label: 'Site settings', admin: true },
  { page: 'kb', label: 'Knowledge base', admin: true },
  { page: 'reports', label: 'Reports', admin: true },
  { page: 'audit', label: 'Audit log', admin: true },
] as const satisfies readonly { page: string; label: string; admin: boolean }[];

export type AdminPage = (typeof PAGES)[number]['page'];
export type Route = { section: 'inbox'; view: ViewName; conversationId: string | null; q: string } | { section: 'admin'; page: AdminPage };

const VIEWS: readonly ViewName[] = ['queue', 'mine', 'open', 'tickets', 'closed'];

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const page = PAGES.find((p) => p.page === parts[1]);
  if (parts[0] === 'admin' && page) return { section: 'admin', page: page.page };
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
