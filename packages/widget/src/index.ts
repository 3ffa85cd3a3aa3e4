/**
 * npm entry: `createChat(options)` mounts the widget into a shadow root on the current page.
 * @example
 * import { createChat } from '@switchboard/widget';
 * const chat = createChat({ relay: 'https://chat.example.com' });
 * chat.on('message', (m) => console.log(m.text));
 */
import type { ChatHandle, ChatOptions } from './api.js';
import { pickLang, en, type Strings } from './i18n/index.js';
import { createHost, mountChat } from './core/mount.js';

export type * from './api.js';

const translations: Record<string, () => Promise<{ default: Strings }>> = {
  de: () => import('./i18n/de.js'),
  fr: () => import('./i18n/fr.js'),
  es: () => import('./i18n/es.js'),
};

/** Mount a chat widget. Call `destroy()` on the handle to remove everything it added. */
export function createChat(options: ChatOptions): ChatHandle {
  const { host, root } = createHost(options.container);
  const c = mountChat({ host, root, options, strings: en });
  const load = translations[pickLang(options.locale)];
  let destroyed = false;
  if (load) {
    void load().then(
      (m) => destroyed || c.setStrings({ ...m.default, ...options.strings }),
      (err: unknown) => console.warn('Switchboard: translation failed to load; staying in English.', err),
    );
  }
  return {
    ...c.handle,
    destroy() {
      destroyed = true;
      c.handle.destroy();
    },
  };
}
