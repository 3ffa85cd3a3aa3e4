/**
 * A tiny history-API router. The chat lives on every route except /account: it is created when
 * needed, told about route changes with `page()`, and destroyed (no listeners or elements left)
 * on the route that doesn't want it. The "Ask" button and the last-reply line show the API from
 * the page's side: `open()`, `send()` and `on('message')`.
 */
import { createChat, type ChatHandle } from '@switchboard/widget';

const RELAY = import.meta.env.VITE_RELAY ?? 'http://localhost:8787';
const views: Record<string, string> = {
  '/': '<h1>Home</h1><p>Ask the chat about opening hours or returns.</p><p><button type="button" data-ask="What are your opening hours?">Ask about opening hours</button></p>',
  '/pricing': '<h1>Pricing</h1><p>The chat knows which page you are on.</p>',
  '/account': '<h1>Account</h1><p>No chat on this page: the widget was destroyed.</p>',
};

let chat: ChatHandle | null = null;
let unsubscribe: (() => void)[] = [];

function render(path: string): void {
  document.getElementById('view')!.innerHTML = views[path] ?? '<h1>Not found</h1>';
  document.title = `${path === '/' ? 'Home' : path.slice(1)} — SPA example`;
  if (path === '/account') {
    for (const off of unsubscribe) off();
    chat?.destroy();
    chat = null;
    unsubscribe = [];
    return;
  }
  if (!chat) {
    chat = createChat({ relay: RELAY, theme: { primaryColor: '#7c3aed', launcherLabel: 'Help' }, locale: navigator.language });
    unsubscribe = [
      chat.on('unread', (n) => console.log('unread', n)),
      chat.on('message', (m) => {
        if (m.author.kind !== 'visitor') document.getElementById('last-reply')!.textContent = `${m.author.name || m.author.kind}: ${m.text}`;
      }),
    ];
  }
  chat.page(); // the URL and title of the new route
}

document.addEventListener('click', (e) => {
  const target = e.target as Element;
  const ask = target.closest<HTMLButtonElement>('button[data-ask]');
  if (ask && chat) {
    chat.open();
    chat.send(ask.dataset.ask!);
    return;
  }
  const a = target.closest<HTMLAnchorElement>('a[data-link]');
  if (!a) return;
  e.preventDefault();
  history.pushState(null, '', a.pathname);
  render(a.pathname);
});
addEventListener('popstate', () => render(location.pathname));
render(location.pathname);
