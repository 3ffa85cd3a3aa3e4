/**
 * A tiny history-API router. The chat lives on every route except /account: it is created when
 * needed, told about route changes with `page()`, and destroyed (no listeners or elements left)
 * on the route that doesn't want it.
 */
import { createChat, type ChatHandle } from '@switchboard/widget';

const RELAY = import.meta.env.VITE_RELAY ?? 'http://localhost:8787';
const views: Record<string, string> = {
  '/': '<h1>Home</h1><p>Ask the chat about opening hours or returns.</p>',
  '/pricing': '<h1>Pricing</h1><p>The chat knows which page you are on.</p>',
  '/account': '<h1>Account</h1><p>No chat on this page: the widget was destroyed.</p>',
};

let chat: ChatHandle | null = null;
let unsubscribe: (() => void) | null = null;

function render(path: string): void {
  document.getElementById('view')!.innerHTML = views[path] ?? '<h1>Not found</h1>';
  document.title = `${path === '/' ? 'Home' : path.slice(1)} — SPA example`;
  if (path === '/account') {
    unsubscribe?.();
    chat?.destroy();
    chat = unsubscribe = null;
    return;
  }
  if (!chat) {
    chat = createChat({ relay: RELAY, theme: { primaryColor: '#7c3aed', launcherLabel: 'Help' }, locale: navigator.language });
    unsubscribe = chat.on('unread', (n) => console.log('unread', n));
  }
  chat.page(); // the URL and title of the new route
}

document.addEventListener('click', (e) => {
  const a = (e.target as Element).closest<HTMLAnchorElement>('a[data-link]');
  if (!a) return;
  e.preventDefault();
  history.pushState(null, '', a.pathname);
  render(a.pathname);
});
addEventListener('popstate', () => render(location.pathname));
render(location.pathname);
