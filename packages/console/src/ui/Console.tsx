/**
 * The logged-in shell: owns the socket and the state, turns arrivals into alerts (toast in a live
 * region, desktop notification, beep, title badge) and lays out header, navigation and the
 * current screen.
 */
import type { AgentServerFrame } from '@switchboard/protocol';
import { createAgentClient } from '@switchboard/protocol/client';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import { beep, notify, titleWithBadge } from '../alerts.js';
import { arrivals, snapshot, stillPending, waitingForMe, type Arrival, type Snapshot } from '../attention.js';
import { Api } from '../api.js';
import { agentSocketUrl, closedNotice, connectionOf, sessionEnd } from '../connection.js';
import { handoffReason } from '../format.js';
import { plainText } from '../markdown.js';
import { formatRoute, PAGES, parseRoute, type Route } from '../route.js';
import type { Session } from '../session.js';
import { displayName, initialState, reducer, resumePoints, type State } from '../state.js';
import { Collision } from '../collision.js';
import { Ctx, type ConsoleContext } from './context.js';
import { Header } from './Header.js';
import { Inbox } from './Inbox.js';
import type { Drafts } from './drafts.js';
import { Nav } from './Nav.js';
import { PAGE_COMPONENTS } from './pages.js';
import { Toasts, type Toast } from './Toasts.js';

/** Toasts shown at most at once: the oldest give way. */
const MAX_TOASTS = 3;

function notifyArrival(a: Arrival, open: () => void): void {
  const c = a.conversation;
  const name = displayName(c);
  const reason = c.handoffReason ? ` (${handoffReason(c.handoffReason)})` : '';
  // The visitor's words if they wrote last; not the relay's "nobody is online" line.
  const body = c.lastMessage?.author === 'visitor' ? plainText(c.lastMessage.text).slice(0, 120) : a.kind === 'queued' ? `Waiting in the queue${reason}` : 'Assigned to you';
  notify(a.kind === 'transferred' ? `${name}'s chat was transferred to you` : `New chat from ${name}`, body, open);
}

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

  // Chats that arrive in the queue or become mine: toast, notification, beep. Not for the first
  // load (a snapshot is taken once the console is online); after a reconnect, what came meanwhile.
  const seen = useRef<Snapshot | null>(null);
  const [toasts, setToasts] = useState<Toast[]>([]);
  useEffect(() => {
    if (state.connection !== 'online' || !state.me) return;
    const fresh = seen.current ? arrivals(seen.current, state) : [];
    seen.current = snapshot(state);
    if (!fresh.length) return;
    const ids = new Set(fresh.map((a) => a.conversation.id));
    setToasts((old) => [...old.filter((t) => !ids.has(t.conversationId)), ...fresh.map((a) => ({ conversationId: a.conversation.id, kind: a.kind }))].slice(-MAX_TOASTS));
    for (const a of fresh) {
      const view = a.kind === 'queued' ? 'queue' : 'mine';
      notifyArrival(a, () => navigate(formatRoute({ section: 'inbox', view, conversationId: a.conversation.id, q: '' })));
    }
    beep();
  }, [state.conversations, state.connection, state.me]);

  // A toast goes for good once its chat is opened or no longer waits for me (it does not come back).
  useEffect(() => {
    setToasts((old) => {
      const left = old.filter((t) => stillPending(t.kind, state.conversations[t.conversationId], state));
      return left.length === old.length ? old : left;
    });
  }, [state.conversations, state.selected]);

  const badge = waitingForMe(state);
  useEffect(() => {
    document.title = titleWithBadge(badge);
  }, [badge]);

  const drafts = useMemo<Drafts>(() => new Map(), []);
  const ctx: ConsoleContext = { state, outbox: conn.pending(), dispatch, api, conn, announce, navigate, collision, drafts };

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
          {route.section === 'inbox' ? <Inbox route={route} /> : <Page page={route.page} isAdmin={isAdmin} loaded={!!state.me} />}
        </main>
      </div>
      <Toasts toasts={toasts} onDismiss={(id) => setToasts((old) => old.filter((t) => t.conversationId !== id))} />
      <div class="sr-only" aria-live="polite" aria-atomic="true" id="live">
        {announcement}
      </div>
    </Ctx.Provider>
  );
}

function Page({ page, isAdmin, loaded }: { page: Extract<Route, { section: 'admin' }>['page']; isAdmin: boolean; loaded: boolean }) {
  const entry = PAGES.find((p) => p.page === page)!;
  if (entry.admin && !isAdmin) return <p class="empty">{loaded ? 'Only admins can open this page.' : 'Loading…'}</p>;
  const Component = PAGE_COMPONENTS[page];
  return <Component />;
}
