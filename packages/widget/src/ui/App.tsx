import { useEffect, useRef } from 'preact/hooks';
import type { Controller } from '../core/chat.js';
import { fmt } from '../i18n/index.js';
import { useStore } from './hooks.js';
import { ChatIcon, CloseIcon } from './icons.js';
import { Panel } from './Panel.js';

export function App({ c, root }: { c: Controller; root: ShadowRoot }) {
  const s = useStore(c.store);
  const t = s.t;
  const launcher = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(s.open);
  useEffect(() => {
    // Focus goes back to the launcher on close, unless the visitor had already moved elsewhere.
    if (wasOpen.current && !s.open && (root.activeElement || document.activeElement === document.body)) launcher.current?.focus();
    wasOpen.current = s.open;
  }, [s.open]);
  const label = c.options.theme?.launcherLabel;
  return (
    <>
      {s.open && <Panel c={c} s={s} />}
      <button
        ref={launcher}
        type="button"
        class="launcher"
        aria-expanded={s.open}
        aria-label={s.open ? t.closeChat : s.unread ? `${t.openChat}, ${fmt(t.unread, { n: s.unread })}` : t.openChat}
        onClick={() => c.handle.toggle()}
      >
        {s.open ? <CloseIcon /> : <ChatIcon />}
        {label && !s.open && <span>{label}</span>}
        {s.unread > 0 && !s.open && (
          <span class="badge" aria-hidden="true">
            {s.unread}
          </span>
        )}
      </button>
    </>
  );
}
