/**
 * The controller behind one widget instance: owns the store and the session, counts unread
 * messages, keeps tabs in step, and builds the public `ChatHandle`. Nothing happens at import
 * time; `createController` starts everything and `destroy` takes all of it down again.
 */
import type { ChatHandle, ChatOptions, PreChatField } from '../api.js';
import type { Strings } from '../i18n/en.js';
import { createEmitter } from './emitter.js';
import { createSession, type Session } from './session.js';
import { createKV, type KV } from './storage.js';
import { createStore, type Line, type State, type Store } from './store.js';
import type { SocketFactory } from '@switchboard/protocol/client';

export interface Controller {
  store: Store;
  session: Session;
  kv: KV;
  options: ChatOptions;
  handle: ChatHandle;
  preChatFields: PreChatField[] | null;
  handoff(): void;
  submitPreChat(values: Record<string, string>): void;
  setStrings(t: Strings): void;
}

const DEFAULT_FIELDS: PreChatField[] = [
  { name: 'name', label: 'name', required: true },
  { name: 'email', label: 'email', type: 'email', required: true },
];

/** `https://relay.example/x` → `wss://relay.example/ws/visitor`. */
export function socketUrl(relay: string): string {
  const u = new URL(relay, location.href);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  u.pathname = '/ws/visitor';
  u.search = u.hash = '';
  return u.href;
}

function currentPage() {
  return { url: location.href.slice(0, 2048), title: document.title.slice(0, 512), referrer: document.referrer.slice(0, 2048) };
}

export function createController(options: ChatOptions, t: Strings, onDestroy: () => void, socket?: SocketFactory): Controller {
  const site = options.siteId || 'default';
  const kv = createKV(`sb:${site}:`);
  const events = createEmitter();
  const preChatFields = options.preChat ? ((typeof options.preChat === 'object' && options.preChat.fields) || DEFAULT_FIELDS) : null;
  const initial: State = {
    t,
    open: false,
    conn: 'idle',
    site: null,
    conversation: null,
    lines: [],
    agentsAvailable: false,
    typing: null,
    unread: 0,
    form: preChatFields && !kv.get('prechat') ? 'prechat' : 'none',
    rated: null,
    notice: null,
    agentSeen: null,
  };
  const store = createStore(initial);
  const cleanups: (() => void)[] = [];
  const listen = (target: Window | Document, type: string, fn: () => void) => {
    target.addEventListener(type, fn);
    cleanups.push(() => target.removeEventListener(type, fn));
  };

  const session = createSession({
    url: socketUrl(options.relay),
    store,
    kv,
    events,
    siteId: options.siteId,
    locale: options.locale || navigator.language || 'en',
    identity: options.identity,
    page: currentPage,
    socket,
    onIncoming(lines: Line[]) {
      if (options.sound && lines.some((l) => l.author.kind !== 'visitor') && (!store.get().open || document.hidden)) beep();
    },
  });

  // Tabs: read markers travel between tabs; messages themselves come from the relay to every socket.
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(`switchboard:${site}`) : null;
  if (channel) {
    channel.onmessage = (ev: MessageEvent<{ read?: string }>) => {
      if (ev.data.read) recount();
    };
    cleanups.push(() => channel.close());
  }

  const readKey = () => `read:${store.get().conversation?.id ?? ''}`;
  let baseTitle = document.title;
  let titled = false;

  function recount(): void {
    const s = store.get();
    const convId = s.conversation?.id;
    if (!convId) return setUnread(0);
    let readSeq = Number(kv.get(readKey()) ?? 0);
    const last = Math.max(0, ...s.lines.filter((l) => l.conversationId === convId && l.seq !== Infinity).map((l) => l.seq));
    if (s.open && !document.hidden && last > readSeq) {
      readSeq = last;
      kv.set(readKey(), String(last));
      channel?.postMessage({ read: convId });
      session.seen();
    }
    setUnread(s.lines.filter((l) => l.conversationId === convId && l.kind === 'text' && l.author.kind !== 'visitor' && l.seq > readSeq).length);
  }

  function setUnread(n: number): void {
    if (store.get().unread !== n) {
      store.set({ unread: n });
      events.emit('unread', n);
    }
    if (options.titleNotice === false) return;
    if (n > 0) {
      if (!titled) baseTitle = document.title;
      document.title = `(${n}) ${store.get().t.newMessage} · ${baseTitle}`;
      titled = true;
    } else if (titled) {
      document.title = baseTitle;
      titled = false;
    }
  }

  let lastLines = store.get().lines;
  let lastOpen = false;
  cleanups.push(
    store.subscribe((s) => {
      if (s.lines === lastLines && s.open === lastOpen) return;
      lastLines = s.lines;
      lastOpen = s.open;
      recount();
    }),
  );
  listen(document, 'visibilitychange', recount);
  listen(window, 'online', () => session.kick());
  const sendPage = () => session.page(currentPage());
  listen(window, 'popstate', sendPage);
  listen(window, 'hashchange', sendPage);

  function setOpen(open: boolean): void {
    if (store.get().open === open) return;
    store.set({ open });
    events.emit(open ? 'open' : 'close', undefined);
  }

  const handle: ChatHandle = {
    open: () => setOpen(true),
    close: () => setOpen(false),
    toggle: () => setOpen(!store.get().open),
    identify(user, signature) {
      session.identify({ ...user, signature });
    },
    setAttributes(attributes) {
      session.profile({ attributes });
    },
    send: (text) => session.send(text),
    page: (info) => session.page({ ...currentPage(), ...info }),
    on: (event, fn) => events.on(event, fn),
    off: (event, fn) => events.off(event, fn),
    destroy() {
      session.stop();
      for (const fn of cleanups.splice(0)) fn();
      if (titled) document.title = baseTitle;
      events.clear();
      onDestroy();
    },
  };

  session.start();
  if (options.open) setOpen(true);

  return {
    store,
    session,
    kv,
    options,
    handle,
    preChatFields,
    handoff() {
      session.handoff();
      const s = store.get();
      // Nobody online, or outside the site's business hours: take a message instead.
      if (!s.agentsAvailable || s.site?.open === false) store.set({ form: 'offline' });
    },
    submitPreChat(values) {
      const { name, email, consent, ...rest } = values;
      const p: Parameters<Session['profile']>[0] = {};
      if (name) p.name = name;
      if (email) p.email = email;
      if (consent) p.consent = true;
      const attributes = Object.fromEntries(Object.entries(rest).filter(([, v]) => v));
      if (Object.keys(attributes).length) p.attributes = attributes;
      session.profile(p);
      kv.set('prechat', '1');
      store.set({ form: 'none' });
    },
    setStrings: (next) => store.set({ t: next }),
  };
}

/** A short two-tone chime; needs no audio file. Browsers may refuse before a user gesture. */
function beep(): void {
  const Ctx = window.AudioContext;
  if (!Ctx) return;
  const ctx = new Ctx();
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.frequency.setValueAtTime(880, ctx.currentTime);
  osc.frequency.setValueAtTime(660, ctx.currentTime + 0.09);
  gain.gain.setValueAtTime(0.08, ctx.currentTime);
  gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + 0.25);
  osc.connect(gain).connect(ctx.destination);
  osc.start();
  osc.stop(ctx.currentTime + 0.25);
  // Not `onended`: a context the autoplay policy keeps suspended never plays, so never ends.
  setTimeout(() => void ctx.close(), 500);
}
