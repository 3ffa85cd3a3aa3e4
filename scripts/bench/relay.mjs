/**
 * Relay benchmark: N visitor sockets in conversations with agents, messages both ways, against
 * the real relay (store-before-ack on SQLite) and against a bare `ws` forwarder, in one run.
 * The load (open and closed loop) is in load.mjs, shared with the cluster benchmark.
 * Server RSS per connection = (RSS with all sockets − RSS before) / sockets.
 * Options (env): BENCH_SOCKETS=1000 BENCH_AGENTS=20 BENCH_SECONDS=8.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inBatches, log, open, relayLoad, rssOf, runLoad, start } from './load.mjs';

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 1000);
const AGENTS = Number(process.env.BENCH_AGENTS ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ORIGIN = 'http://localhost:5173';

async function benchRelay() {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-bench-'));
  const { child, url } = await start(join(ROOT, 'packages/relay/dist/cli.js'), ['start'], {
    PORT: '0', DATA_DIR: dataDir, BOT_ENABLED: 'false', LOG_LEVEL: 'error', ADMIN_PASSWORD: 'bench-admin-1',
    RATE_PER_SEC: '1000', RATE_BURST: '1000', VISITOR_PER_MIN: '100000', IP_PER_MIN: '1000000', IP_CONNECTS_PER_MIN: '100000', DEMO_PAGE: 'false',
  });
  try {
    let rssBefore = 0;
    let rssAfter = 0;
    const load = await relayLoad({
      urls: [url], sockets: SOCKETS, agents: AGENTS, adminPassword: 'bench-admin-1',
      beforeConnect: () => (rssBefore = rssOf(child.pid)),
      afterConnect: () => (rssAfter = rssOf(child.pid)),
    });
    log(`relay: ${SOCKETS} visitors in conversations with ${AGENTS} agents (SQLite, store before ack)`);
    const result = await runLoad(load.t, { sockets: SOCKETS, seconds: SECONDS });
    load.close();
    return { ...result, rssPerConnKB: (rssAfter - rssBefore) / (SOCKETS + AGENTS) / 1024 };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function benchBare() {
  const { child, url } = await start(join(ROOT, 'scripts/bench/bare-server.mjs'), [], {});
  try {
    const rssBefore = rssOf(child.pid);
    const t = { onVisitorGets: () => {}, onAgentGets: () => {} };
    const agents = await inBatches(AGENTS, 10, async (k) => {
      const ws = await open(`${url}/?id=a${k}`);
      ws.on('message', (data) => {
        const f = JSON.parse(data);
        t.onAgentGets(f.conv, f.at);
      });
      return ws;
    });
    const visitors = await inBatches(SOCKETS, 50, async (i) => {
      const ws = await open(`${url}/?id=v${i}`, { origin: ORIGIN });
      ws.on('message', (data) => t.onVisitorGets(i, JSON.parse(data).at));
      return ws;
    });
    await new Promise((r) => setTimeout(r, 300));
    const rssAfter = rssOf(child.pid);
    t.sendV = (i, at) => visitors[i].send(JSON.stringify({ to: `a${i % AGENTS}`, conv: i, at }));
    t.sendA = (conv, at) => agents[conv % AGENTS].send(JSON.stringify({ to: `v${conv}`, at }));
    log(`bare ws forwarder: same sockets, same load`);
    const load = await runLoad(t, { sockets: SOCKETS, seconds: SECONDS });
    for (const ws of [...visitors, ...agents]) ws.terminate();
    return { ...load, rssPerConnKB: (rssAfter - rssBefore) / (SOCKETS + AGENTS) / 1024 };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

export async function benchRelayVsBare() {
  const relay = await benchRelay();
  const bare = await benchBare();
  const rows = [
    ['closed-loop throughput (msg/s)', relay.closed.msgsPerSec, bare.closed.msgsPerSec],
    ['open-loop p50 latency (ms)', relay.open.p50, bare.open.p50],
    ['open-loop p99 latency (ms)', relay.open.p99, bare.open.p99],
    ['closed-loop p99 latency (ms)', relay.closed.p99, bare.closed.p99],
    ['server RSS per connection (KB)', relay.rssPerConnKB, bare.rssPerConnKB],
  ];
  console.log(`\nRelay vs bare ws — ${SOCKETS} visitor sockets, ${AGENTS} agents, ${SECONDS} s per phase, open loop ${SOCKETS} msg/s offered`);
  console.log(`| figure | relay | bare ws | relay/bare |\n|---|---:|---:|---:|`);
  for (const [name, r, b] of rows) console.log(`| ${name} | ${r.toFixed(2)} | ${b.toFixed(2)} | ${(r / b).toFixed(2)} |`);
  return { relay, bare };
}

if (import.meta.url === `file://${process.argv[1]}`) await benchRelayVsBare();
