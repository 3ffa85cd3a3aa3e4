/**
 * Mounting one widget into a shadow root: styles adopted as a constructed stylesheet (no
 * `<style>` or inline styles, so a strict host CSP needs no `unsafe-inline`), theme on the
 * host element, Preact rendering the App. Shared by the script tag and the npm entry.
 */
import { h, render } from 'preact';
import type { ChatHandle, ChatOptions } from '../api.js';
import type { Strings } from '../i18n/en.js';
import { withOverrides } from '../i18n/index.js';
import { App } from '../ui/App.js';
import launcherCss from '../ui/launcher.css?inline';
import panelCss from '../ui/panel.css?inline';
import { applyTheme } from '../ui/theme.js';
import { createController, type Controller } from './chat.js';
import type { SocketFactory } from '@switchboard/protocol/client';

export const CSS = launcherCss + panelCss;

/**
 * The host element and its open shadow root (open, so tests and host scripts can reach in).
 * It goes under <html> by default, beside <body>: a transform or filter on the page's body would
 * otherwise capture our fixed positioning, and frameworks that replace <body> leave it alone.
 */
export function createHost(container: HTMLElement = document.documentElement): { host: HTMLElement; root: ShadowRoot } {
  const host = document.createElement('switchboard-chat');
  const root = host.attachShadow({ mode: 'open' });
  container.appendChild(host);
  return { host, root };
}

export function adoptCss(root: ShadowRoot, css: string): void {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } else {
    // Old engines: a <style> element (needs style-src 'unsafe-inline' under a CSP).
    const el = document.createElement('style');
    el.textContent = css;
    root.appendChild(el);
  }
}

export interface MountContext {
  host: HTMLElement;
  root: ShadowRoot;
  options: ChatOptions;
  strings: Strings;
  socket?: SocketFactory;
}

export function mountChat(ctx: MountContext): Controller {
  const { host, root, options } = ctx;
  applyTheme(host, options.theme);
  adoptCss(root, CSS);
  const refocus = root.activeElement !== null;
  // The loader's placeholder launcher goes; Preact owns the root from here on.
  for (const n of [...root.childNodes]) if (n.nodeName !== 'STYLE') root.removeChild(n);
  const c = createController(options, withOverrides(ctx.strings, options.strings), () => {
    render(null, root);
    host.remove();
  }, ctx.socket);
  // The site admin's theme from `welcome` fills in whatever the page's own options leave open.
  let siteTheme = c.store.get().site?.theme;
  c.store.subscribe((s) => {
    if (s.site?.theme === siteTheme) return;
    siteTheme = s.site?.theme;
    applyTheme(host, { ...siteTheme, ...options.theme });
  });
  render(h(App, { c, root }), root);
  if (refocus) root.querySelector<HTMLElement>('.launcher')?.focus();
  return c;
}

/** Runs one script-tag command (`Switchboard('open')`) against a handle. */
export function runCommand(handle: ChatHandle, args: ArrayLike<unknown>): void {
  const [cmd, a, b] = Array.from(args) as [string, unknown, unknown];
  switch (cmd) {
    case 'open':
    case 'close':
    case 'toggle':
    case 'destroy':
      handle[cmd]();
      break;
    case 'identify':
      handle.identify(a as Parameters<ChatHandle['identify']>[0], b as string);
      break;
    case 'setAttributes':
      handle.setAttributes(a as Parameters<ChatHandle['setAttributes']>[0]);
      break;
    case 'send':
      handle.send(String(a));
      break;
    case 'page':
      handle.page(a as Parameters<ChatHandle['page']>[0]);
      break;
    case 'on':
    case 'off':
      handle[cmd](a as 'message', b as (p: unknown) => void);
      break;
    default:
      console.warn(`Switchboard: unknown command ${JSON.stringify(cmd)}`);
  }
}
