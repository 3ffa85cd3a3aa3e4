/**
 * Relay benchmark: N visitor sockets in conversations with agents, messages both ways, against
 * the real relay (store-before-ack on SQLite) and against a bare `ws` forwarder, in one run.
 *   open loop:   every visitor sends one message per second; each agent answers each one at
 *                once → end-to-end latency (visitor→agent and agent→visitor) at a steady load.
 *   closed loop: every visitor keeps one message in flight (send, wait for the agent's answer,
 *                send again) → the most messages per second the server sustains.
 * Server RSS per connection = (RSS with all sockets − RSS before) / sockets.
 * Options (env): BENCH_SOCKETS=1000 BENCH_AGENTS=20 BENCH_SECONDS=8.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 1000);
const AGENTS = Number(process.env.BENCH_AGENTS ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ORIGIN = 'http://localhost:5173';
const log = (s) => process.stderr.write(`${s}\n`);

function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) * 1024;
}

function start(cmd, args, env) {
  const child = spawn(process.execPath, [...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []), cmd, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on ((?:http|ws):\/\/[\d.:]+)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.once('exit', (code) => reject(new Error(`${cmd} exited ${code}: ${out}`)));
  });
}

const open = (url, opts) =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(url, opts);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });

async function inBatches(n, size, fn) {
  const out = [];
  for (let i = 0; i < n; i += size) out.push(...(await Promise.all(Array.from({ length: Math.min(size, n - i) }, (_, k) => fn(i + k)))));
  return out;
}

const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] : NaN);

/** Wires the load on top of a transport: `sendV(i, payload)`, `sendA(conv, payload)`, handlers. */
async function runLoad(t) {
  const results = {};
  for (const mode of ['open', 'closed']) {
    const lat = [];
    let delivered = 0;
    let running = true;
    const t0 = performance.now();
    t.onVisitorGets = (i, sentAt) => {
      delivered++;
      lat.push(performance.now() - sentAt);
      if (mode === 'closed' && running) t.sendV(i, performance.now());
    };
    t.onAgentGets = (conv, sentAt) => {
      delivered++;
      lat.push(performance.now() - sentAt);
      t.sendA(conv, performance.now());
    };
    let timer;
    if (mode === 'open') {
      // Spread the visitors' sends evenly over each second.
      let next = 0;
      const perTick = Math.max(1, Math.round(SOCKETS / 100));
      timer = setInterval(() => {
        for (let k = 0; k < perTick; k++) t.sendV(next++ % SOCKETS, performance.now());
      }, 10);
    } else {
      for (let i = 0; i < SOCKETS; i++) t.sendV(i, performance.now());
    }
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    running = false;
    clearInterval(timer);
    const elapsed = (performance.now() - t0) / 1000;
    await new Promise((r) => setTimeout(r, 500));
    lat.sort((a, b) => a - b);
    results[mode] = { msgsPerSec: delivered / elapsed, p50: pct(lat, 0.5), p99: pct(lat, 0.99) };
    log(`  ${mode} loop: ${(delivered / elapsed).toFixed(0)} msg/s, p50 ${pct(lat, 0.5).toFixed(2)} ms, p99 ${pct(lat, 0.99).toFixed(2)} ms`);
  }
  return results;
}

async function benchRelay() {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-bench-'));
  const { child, url } = await start(join(ROOT, 'packages/relay/dist/cli.js'), ['start'], {
    PORT: '0', DATA_DIR: dataDir, BOT_ENABLED: 'false', LOG_LEVEL: 'error', ADMIN_PASSWORD: 'bench-admin-1',
    RATE_PER_SEC: '1000', RATE_BURST: '1000', DEMO_PAGE: 'false',
  });
  try {
    const api = async (path, body, token) => {
      const res = await fetch(`${url}${path}`, { method: body ? 'POST' : 'GET', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body ? JSON.stringify(body) : undefined });
      return res.json();
    };
    const admin = (await api('/api/login', { email: 'admin@example.com', password: 'bench-admin-1' })).token;
    const wsUrl = url.replace('http', 'ws');
    // The admin stays out of routing.
    const adminWs = await open(`${wsUrl}/ws/agent`);
    adminWs.send(JSON.stringify({ type: 'auth', v: 1, token: admin, scope: 'assigned' }));
    adminWs.send(JSON.stringify({ type: 'presence', status: 'away' }));
    const perAgent = Math.ceil(SOCKETS / AGENTS) + 1;
    const agentTokens = await inBatches(AGENTS, 5, async (k) => {
      await api('/api/agents', { email: `agent${k}@bench.example`, name: `Agent ${k}`, password: 'bench-agent-1', maxChats: perAgent }, admin);
      return (await api('/api/login', { email: `agent${k}@bench.example`, password: 'bench-agent-1' })).token;
    });
    const rssBefore = rssOf(child.pid);
    const convToAgent = new Map();
    const convToVisitor = new Map();
    const t = { onVisitorGets: () => {}, onAgentGets: () => {} };
    let agentSeq = 0;
    const agents = await inBatches(AGENTS, 10, async (k) => {
      const ws = await open(`${wsUrl}/ws/agent`);
      ws.send(JSON.stringify({ type: 'auth', v: 1, token: agentTokens[k], scope: 'assigned' }));
      ws.on('message', (data) => {
        const f = JSON.parse(data);
        if (f.type === 'conversation' && f.conversation.state === 'assigned' && f.conversation.agent?.id) convToAgent.set(f.conversation.id, ws);
        else if (f.type === 'message' && f.message.author.kind === 'visitor' && f.message.text.startsWith('t:')) t.onAgentGets(f.message.conversationId, Number(f.message.text.slice(2)));
      });
      return ws;
    });
    const visitors = await inBatches(SOCKETS, 50, async (i) => {
      const ws = await open(`${wsUrl}/ws/visitor`, { origin: ORIGIN });
      await new Promise((resolve) => {
        ws.on('message', (data) => {
          const f = JSON.parse(data);
          if (f.type === 'welcome') ws.send(JSON.stringify({ type: 'message', id: `hi${i}`, text: 'hello' }));
          else if (f.type === 'conversation' && f.conversation.state === 'assigned') {
            convToVisitor.set(i, f.conversation.id);
            resolve();
          } else if (f.type === 'message' && f.message.author.kind === 'agent') t.onVisitorGets(i, Number(f.message.text.slice(2)));
        });
        ws.send(JSON.stringify({ type: 'hello', v: 1 }));
      });
      return ws;
    });
    await new Promise((r) => setTimeout(r, 300));
    const rssAfter = rssOf(child.pid);
    let n = 0;
    t.sendV = (i, at) => visitors[i].send(JSON.stringify({ type: 'message', id: `v${i}-${n++}`, conversationId: convToVisitor.get(i), text: `t:${at}` }));
    t.sendA = (conv, at) => convToAgent.get(conv)?.send(JSON.stringify({ type: 'message', id: `a${agentSeq++}`, conversationId: conv, text: `t:${at}` }));
    log(`relay: ${SOCKETS} visitors in conversations with ${AGENTS} agents (SQLite, store before ack)`);
    const load = await runLoad(t);
    for (const ws of [...visitors, ...agents, adminWs]) ws.terminate();
    return { ...load, rssPerConnKB: (rssAfter - rssBefore) / (SOCKETS + AGENTS) / 1024 };
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
    const load = await runLoad(t);
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
