/**
 * The widget's public types: what `createChat` takes and returns, and what the script tag's
 * `window.Switchboard(...)` command queue accepts. Kept free of protocol imports so the
 * published `.d.ts` stands alone.
 */
import type { Strings } from './i18n/en.js';

export type { Strings };

/** Light, dark, or follow `prefers-color-scheme`. */
export type ThemeMode = 'light' | 'dark' | 'auto';

export interface ThemeOptions {
  /** @default 'auto' */
  mode?: ThemeMode;
  /** Launcher, visitor bubbles and buttons. Text on it turns black or white for contrast. @default '#2456d6' */
  primaryColor?: string;
  /** Which bottom corner the launcher sits in. @default 'right' */
  position?: 'right' | 'left';
  /** Text shown next to the launcher icon; icon only when absent. */
  launcherLabel?: string;
  /** CSS font-family for the whole widget. @default system-ui stack */
  fontFamily?: string;
}

export interface PreChatField {
  /** Stored as `name`/`email` on the visitor, any other name as a custom attribute. */
  name: string;
  label: string;
  /** @default 'text' */
  type?: 'text' | 'email' | 'tel';
  required?: boolean;
}

export interface PreChatOptions {
  /** @default name (required) and email (required) */
  fields?: PreChatField[];
}

/** Identity verification: `signature` is hex(HMAC-SHA256(identitySecret, userId)), computed by your server. */
export interface ChatUser {
  userId: string;
  name?: string;
  email?: string;
}

export interface ChatOptions {
  /** Relay base URL, e.g. `https://chat.example.com`. */
  relay: string;
  /** Site key when the relay hosts several sites. */
  siteId?: string;
  /** BCP 47 tag; only the language part is used (en, de, fr, es). @default navigator.language */
  locale?: string;
  /** Replace any UI string of the chosen language. */
  strings?: Partial<Strings>;
  theme?: ThemeOptions;
  /** Open the panel right away. @default false */
  open?: boolean;
  /** Ask for name and email (or your own fields) before the first message. @default false */
  preChat?: boolean | PreChatOptions;
  /** Play a short tone when a message arrives while the panel is closed or the tab hidden. @default false */
  sound?: boolean;
  /** Prefix the page title with the unread count while the panel is closed. @default true */
  titleNotice?: boolean;
  /** Verified identity to send with the first `hello`. */
  identity?: ChatUser & { signature: string };
  /** Element the widget's host element is appended to. @default document.documentElement */
  container?: HTMLElement;
}

/** A message as the widget's events expose it. */
export interface ChatMessage {
  id: string;
  conversationId: string;
  seq: number;
  kind: 'text' | 'event';
  author: { kind: 'visitor' | 'bot' | 'agent' | 'system'; name?: string; avatarUrl?: string };
  text: string;
  createdAt: number;
}

export interface ChatEvents {
  /** A message arrived live (not replayed history), from anyone including this visitor's other tabs. */
  message: ChatMessage;
  open: undefined;
  close: undefined;
  /** Unread count changed. */
  unread: number;
  /** The conversation was queued for, or assigned to, a human. */
  handoff: { state: 'queued' | 'assigned'; agent: { name: string; avatarUrl?: string } | null };
  /** The visitor rated the conversation. */
  rating: { score: number; comment?: string };
  /** The relay rejected something or the connection failed for good. */
  error: { code: string; message: string };
}

export type ChatEventName = keyof ChatEvents;
export type ChatListener<K extends ChatEventName> = (payload: ChatEvents[K]) => void;

export interface ChatHandle {
  open(): void;
  close(): void;
  toggle(): void;
  /** Verified identity; sent now if connected and with every later `hello`. */
  identify(user: ChatUser, signature: string): void;
  /** Custom attributes shown to agents (plan, cart value…). */
  setAttributes(attributes: Record<string, string | number | boolean>): void;
  /** Send a message as the visitor. */
  send(text: string): void;
  /** Tell agents which page the visitor is on (call it after SPA route changes). @default location and document.title */
  page(info?: { url?: string; title?: string; referrer?: string }): void;
  /** Returns a function that removes the listener. */
  on<K extends ChatEventName>(event: K, listener: ChatListener<K>): () => void;
  off<K extends ChatEventName>(event: K, listener: ChatListener<K>): void;
  /** Close the socket and remove every element, listener and timer the widget added. */
  destroy(): void;
}

/**
 * The script tag's global. Calls made before the app has loaded are queued and replayed in order.
 * @example
 * Switchboard('on', 'message', (m) => console.log(m.text));
 * Switchboard('open');
 */
export interface SwitchboardCommand {
  (command: 'open' | 'close' | 'toggle' | 'destroy'): void;
  (command: 'identify', user: ChatUser, signature: string): void;
  (command: 'setAttributes', attributes: Record<string, string | number | boolean>): void;
  (command: 'send', text: string): void;
  (command: 'page', info?: { url?: string; title?: string; referrer?: string }): void;
  <K extends ChatEventName>(command: 'on' | 'off', event: K, listener: ChatListener<K>): void;
}
