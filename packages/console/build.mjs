// Until the console app lands (issue 5) the relay serves this page at /console/.
import { mkdirSync, writeFileSync } from 'node:fs';
const dist = new URL('./dist/', import.meta.url);
mkdirSync(dist, { recursive: true });
writeFileSync(
  new URL('index.html', dist),
  `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Switchboard console</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>Switchboard console</h1>
<p>The agent console is not built yet. Agents can already work over the agent WebSocket
(<code>/ws/agent</code>) and the REST API (<code>/api/*</code>); see docs/protocol.md.</p>
</body></html>
`,
);
