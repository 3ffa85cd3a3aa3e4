/**
 * The logged-in shell: owns the socket and the state, turns socket events into alerts (live
 * region, notification, beep, title badge) and lays out header, navigation and the current screen.
 */
import type { AgentServerFrame } from '@switchboard/protocol';
import { createAgentClient } from '@switchboard/protocol/client';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import { beep, notify, titleWithBadge } from '../alerts.js';
import { Api } from '../api.js';
import { agentSocketUrl, closedNotice, connectionOf, sessionEnd } from '../connection.js';
import { plainText } from '../markdown.js';
import { formatRoute, parseRoute, type Route } from '../route.js';
import type { Session } from '../session.js';
import { displayName, initialState, queue, reducer, resumePoints, type State } from '../state.js';
import { Collision } from '../collision.js';
import { AccountPage } from './account/AccountPage.js';
import { AgentsPage } from './admin/AgentsPage.js';
import { AuditPage } from './admin/AuditPage.js';
import { CannedPage } from './admin/CannedPage.js';
import { KbPage } from './admin/KbPage.js';
import { ReportsPage } from './admin/ReportsPage.js';
import { SitePage } from './admin/SitePage.js';
import { Ctx, type ConsoleContext } from './context.js';
import { Header } from './Header.js';
import { Inbox } from './Inbox.js';
import { Nav } from './Nav.js';

function useRoute(): [Route, (hash: string) => void] {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  const navigate = useCallback((hash: string) => {
    if (location.hash !== hash) location.hash = hash;
  }, []);
  return [route, navigate];
}

export function Console({ session, onEnd }: { session: Session; onEnd(why: string | null): void }) {
  const [state, dispatch] = useReducer(reducer, initialState);
  // The outbox lives in the client; this only makes the views read it again when it changes.
  const [, outboxChanged] = useReducer((n: number) => n + 1, 0);
  const [route, navigate] = useRoute();
  const [announcement, setAnnouncement] = useState('');
  const stateRef = useRef<State>(state);
  stateRef.current = state;

  const announce = useCallback((text: string) => {
    // Clearing first makes screen readers repeat an identical announcement.
    setAnnouncement('');
    setTimeout(() => setAnnouncement(text), 50);
  }, []);

  const api = useMemo(() => new Api(session.token, () => onEnd('Your session has expired. Please log in again.')), [session.token, onEnd]);
  const collision = useMemo(() => new Collision(() => stateRef.current.me?.id ?? null), []);

  const conn = useMemo(
    () =>
      createAgentClient({
        url: agentSocketUrl(),
        token: () => session.token,
        scope: 'all',
        resumeFrom: () => resumePoints(stateRef.current),
        onFrame: (frame: AgentServerFrame, sent) => {
          if (frame.type === 'message') {
            const m = frame.message;
            const s = stateRef.current;
            const c = s.conversations[m.conversationId];
            const mineOrOpen = c && (s.selected === c.id || c.agent?.id === s.me?.id);
            if (m.author.kind === 'visitor' && c && mineOrOpen) announce(`New message from ${displayName(c)}: ${plainText(m.text).slice(0, 140)}`);
          }
          collision.handle(frame, Date.now());
          dispatch({ type: 'frame', frame, ...(sent ? { sent } : {}), now: Date.now() });
        },
        onStatus: (status, code) => {
          const ended = status === 'down' && code !== undefined ? sessionEnd(code) : null;
          if (ended) return onEnd(ended);
          dispatch({ type: 'connection', connection: connectionOf(status) });
          if (status === 'down' && code !== undefined) dispatch({ type: 'error', message: closedNotice(code) });
        },
        onOutbox: () => outboxChanged(0),
        onError: (error) => console.warn('agent socket:', error.message),
      }),
    [session.token, onEnd, announce],
  );

  useEffect(() => {
    conn.start();
    return () => void conn.stop();
  }, [conn]);

  // New chats in the queue: live region, desktop notification, beep. Not for the initial load.
  const known = useRef<Set<string> | null>(null);
  const waiting = queue(state);
  useEffect(() => {
    if (state.connection !== 'online' && known.current === null) return;
    const ids = new Set(waiting.map((c) => c.id));
    if (known.current) {
      const fresh = waiting.filter((c) => !known.current!.has(c.id));
      for (const c of fresh) {
        const name = displayName(c);
        announce(`New chat in the queue from ${name}${c.handoffReason ? ` (${c.handoffReason})` : ''}.`);
        // The visitor's words if they wrote last; not the relay's "nobody is online" line.
        const body = c.lastMessage?.author === 'visitor' ? plainText(c.lastMessage.text).slice(0, 120) : `Waiting in the queue${c.handoffReason ? ` (${c.handoffReason})` : ''}`;
        notify(`New chat from ${name}`, body, () =>
          navigate(formatRoute({ section: 'inbox', view: 'queue', conversationId: c.id, q: '' })),
        );
      }
      if (fresh.length) beep();
    }
    known.current = ids;
  }, [waiting.map((c) => c.id).join(','), state.connection]);

  useEffect(() => {
    document.title = titleWithBadge(waiting.length);
  }, [waiting.length]);

  const ctx: ConsoleContext = { state, outbox: conn.pending(), dispatch, api, conn, announce, navigate, collision };

  async function logout() {
    try {
      await api.logout();
    } catch (err) {
      // Logging out locally matters more than telling the relay; say why it failed anyway.
      console.warn('logout failed', err);
    }
    onEnd(null);
  }

  const isAdmin = state.me?.role === 'admin';
  return (
    <Ctx.Provider value={ctx}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <Header onLogout={logout} />
      <div class="shell">
        <Nav route={route} isAdmin={isAdmin} />
        <main id="main" class="main" tabIndex={-1}>
          {route.section === 'inbox' ? (
            <Inbox route={route} />
          ) : route.page === 'canned' ? (
            <CannedPage />
          ) : route.page === 'account' ? (
            <AccountPage />
          ) : !isAdmin ? (
            <p class="empty">{state.me ? 'Only admins can open this page.' : 'Loading…'}</p>
          ) : route.page === 'agents' ? (
            <AgentsPage />
          ) : route.page === 'site' ? (
            <SitePage />
          ) : route.page === 'kb' ? (
            <KbPage />
          ) : route.page === 'audit' ? (
            <AuditPage />
          ) : (
            <ReportsPage />
          )}
        </main>
      </div>
      <div class="sr-only" aria-live="polite" aria-atomic="true" id="live">
        {announcement}
      </div>
    </Ctx.Provider>
  );
}
