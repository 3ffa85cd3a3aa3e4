/**
 * A throwaway "customer website" on its own origin: serves the HTML pages a test gives it, with
 * optional headers (a Content-Security-Policy, say), so the widget is embedded cross-origin as
 * it is in production.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HostPage {
  html: string;
  headers?: Record<string, string>;
}

export interface HostSite {
  url: string;
  set(path: string, page: HostPage): void;
  close(): Promise<void>;
}

export async function startHostSite(pages: Record<string, HostPage> = {}): Promise<HostSite> {
  const routes = new Map(Object.entries(pages));
  const server: Server = createServer((req, res) => {
    const page = routes.get((req.url ?? '/').split('?')[0]!);
    if (!page) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...page.headers }).end(page.html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    set: (path, page) => routes.set(path, page),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A plain page embedding the widget from the relay by script tag. */
export function widgetPage(relayUrl: string, opts: { head?: string; body?: string; attrs?: string; title?: string } = {}): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title ?? "Host page"}</title><link rel="icon" href="data:,">${opts.head ?? ''}</head>
<body>${opts.body ?? '<main><h1>Host page</h1><p>Some content.</p><a href="#top">A link on the page</a></main>'}
<script src="${relayUrl}/widget.js" data-relay="${relayUrl}" ${opts.attrs ?? ''} async></script>
</body></html>`;
}
