/**
 * The script-tag loader (`widget.js`, IIFE, ≤ 2 KB gzipped). It reads the options from the
 * script's data attributes (and `window.SwitchboardConfig`), shows a placeholder launcher in a
 * shadow root, and installs `window.Switchboard(...)`, which queues commands until the app has
 * loaded. The app chunk (and the translation, if not English) is fetched from the loader's own
 * base URL when the browser is idle after `load`, or at once on the first click or `open`.
 */
import type { ChatOptions, SwitchboardCommand, ThemeOptions } from '../api.js';
import type { Strings } from '../i18n/en.js';
import css from '../ui/launcher.css?inline';
import { CHAT_PATH } from '../ui/paths.js';

/** File names of the hashed chunks, injected by build.mjs. */
declare const __APP__: string;
declare const __LANGS__: Record<string, string>;

interface MountArgs {
  host: HTMLElement;
  root: ShadowRoot;
  options: ChatOptions;
  strings?: Strings;
}
type Mount = (args: MountArgs) => { run(args: ArrayLike<unknown>): void };
type Global = SwitchboardCommand & {
  q?: ArrayLike<unknown>[];
  /** Chunks register here: `('app', mount)` or `('lang', strings)`. */
  _r?: (kind: 'app' | 'lang', value: Mount | Strings) => void;
};

const OPEN_LABEL: Record<string, string> = { de: 'Chat öffnen', fr: 'Ouvrir la discussion', es: 'Abrir el chat' };

(() => {
  const w = window as unknown as { Switchboard?: Global; SwitchboardConfig?: Partial<ChatOptions> };
  const d = document;
  const me = d.currentScript as HTMLScriptElement | null;
  if (!me || w.Switchboard?._r) return; // no base URL to load from, or loaded twice
  const src = me.src;
  const base = src.slice(0, src.lastIndexOf('/') + 1);
  const data = me.dataset;
  const extra = w.SwitchboardConfig || {};
  const theme: ThemeOptions = { ...extra.theme };
  const options: ChatOptions = { ...extra, relay: data.relay || extra.relay || new URL(src).origin, theme };
  const put = <T extends object>(o: T, k: keyof T, v?: string) => v && (o[k] = v as T[keyof T]);
  put(theme, 'mode', data.theme);
  put(theme, 'primaryColor', data.color);
  put(theme, 'position', data.position);
  put(theme, 'launcherLabel', data.label);
  put(theme, 'fontFamily', data.font);
  put(options, 'siteId', data.site);
  put(options, 'locale', data.lang);
  if ('open' in data) options.open = true;
  if ('prechat' in data) options.preChat = true;
  if ('sound' in data) options.sound = true;
  const lang = (options.locale || navigator.language || 'en').slice(0, 2).toLowerCase();
  const langFile = __LANGS__[lang];

  // Placeholder launcher, styled like the app's, so nothing shifts when the app takes over.
  const host = d.createElement('switchboard-chat');
  const root = host.attachShadow({ mode: 'open' });
  host.setAttribute('data-theme', theme.mode || 'auto');
  host.setAttribute('data-position', theme.position || 'right');
  if (theme.primaryColor) host.style.setProperty('--sb-primary', theme.primaryColor);
  if (theme.fontFamily) host.style.setProperty('--sb-font', theme.fontFamily);
  if (root.adoptedStyleSheets) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  }
  const btn = d.createElement('button');
  btn.type = 'button';
  btn.className = 'launcher';
  btn.setAttribute('aria-label', options.strings?.openChat || OPEN_LABEL[lang] || 'Open chat');
  const ns = 'http://www.w3.org/2000/svg';
  const svg = btn.appendChild(d.createElementNS(ns, 'svg'));
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.appendChild(d.createElementNS(ns, 'path')).setAttribute('d', CHAT_PATH);
  if (theme.launcherLabel) btn.appendChild(d.createElement('span')).textContent = theme.launcherLabel;
  root.appendChild(btn);
  d.documentElement.appendChild(host); // beside <body>: see createHost in core/mount.ts

  const q: ArrayLike<unknown>[] = Array.from(w.Switchboard?.q || []);
  let mount: Mount | undefined;
  let strings: Strings | undefined;
  let app: ReturnType<Mount> | undefined;
  let loading = false;

  const load = () => {
    if (loading) return;
    loading = true;
    for (const file of langFile ? [__APP__, langFile] : [__APP__]) {
      const s = d.createElement('script');
      s.src = base + file;
      s.async = true;
      if (me.nonce) s.nonce = me.nonce;
      s.onerror = () => console.error(`Switchboard: could not load ${s.src}`);
      d.head.appendChild(s);
    }
  };

  const api = function (...args: unknown[]) {
    if (app) app.run(args);
    else {
      q.push(args);
      if (args[0] === 'open' || args[0] === 'toggle' || args[0] === 'send') load();
    }
  } as Global;
  api._r = (kind, value) => {
    if (kind === 'app') mount = value as Mount;
    else strings = value as Strings;
    if (mount && (strings || !langFile) && !app) {
      app = mount({ host, root, options, strings });
      for (const args of q.splice(0)) app.run(args);
    }
  };
  w.Switchboard = api;

  btn.onclick = () => api('open');
  btn.onpointerenter = btn.onfocus = load;
  if (options.open || q.some((a) => a[0] === 'open')) load();
  const idle = () => (w as unknown as Window).requestIdleCallback?.(load, { timeout: 4000 }) ?? setTimeout(load, 1500);
  if (d.readyState === 'complete') idle();
  else addEventListener('load', idle);
})();
