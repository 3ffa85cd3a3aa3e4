/**
 * The relay load shared by the relay and cluster benchmarks: visitor sockets in conversations with
 * agents, messages both ways, on one relay or spread over several.
 *   open loop:   every visitor sends one message per second; each agent answers each one at
 *                once → end-to-end latency (visitor→agent and agent→visitor) at a steady load.
 *   closed loop: every visitor keeps one message in flight (send, wait for the agent's answer,
 *                send again) → the most messages per second the servers sustain.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';

export const ORIGIN = 'http://localhost:5173';
export const log = (s) => process.stderr.write(`${s}\n`);

export function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) * 1024;
}

/** Starts a node script that prints "listening on URL"; resolves with the child and the URL. */
export function start(cmd, args, env) {
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

export async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

export const open = (url, opts) =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(url, opts);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });

export async function inBatches(n, size, fn) {
  const out = [];
  for (let i = 0; i < n; i += size) out.push(...(await Promise.all(Array.from({ length: Math.min(size, n - i) }, (_, k) => fn(i + k)))));
  return out;
}

export const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] : NaN);

/** Wires the load on top of a transport: `sendV(i, payload)`, `sendA(conv, payload)`, handlers. */
export async function runLoad(t, { sockets, seconds }) {
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
      const perTick = Math.max(1, Math.round(sockets / 100));
      timer = setInterval(() => {
        for (let k = 0; k < perTick; k++) t.sendV(next++ % sockets, performance.now());
      }, 10);
    } else {
      for (let i = 0; i < sockets; i++) t.sendV(i, performance.now());
    }
    await new Promise((r) => setTimeout(r, seconds * 1000));
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

/**
 * Agents and visitors on the relays at `urls` (agent k and visitor i on relay k % n and i % n),
 * each visitor in a conversation assigned to an agent. Returns the transport for runLoad.
 * `beforeConnect` runs once the accounts exist and before any agent or visitor socket opens,
 * `afterConnect` once every socket is open (the relay benchmark reads RSS at both).
 */
export async function relayLoad({ urls, sockets, agents, adminPassword, beforeConnect, afterConnect }) {
  const api = async (path, body, token) => {
    const res = await fetch(`${urls[0]}${path}`, { method: body ? 'POST' : 'GET', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body ? JSON.stringify(body) : undefined });
    return res.json();
  };
  const wsUrls = urls.map((u) => u.replace('http', 'ws'));
  const on = (k) => wsUrls[k % wsUrls.length];
  const admin = (await api('/api/login', { email: 'admin@example.com', password: adminPassword })).token;
  // The admin stays out of routing.
  const adminWs = await open(`${wsUrls[0]}/ws/agent`);
  adminWs.send(JSON.stringify({ type: 'auth', v: 1, token: admin, scope: 'assigned' }));
  adminWs.send(JSON.stringify({ type: 'presence', status: 'away' }));
  const perAgent = Math.ceil(sockets / agents) + 1;
  const agentTokens = await inBatches(agents, 5, async (k) => {
    await api('/api/agents', { email: `agent${k}@bench.example`, name: `Agent ${k}`, password: 'bench-agent-1', maxChats: perAgent }, admin);
    return (await api('/api/login', { email: `agent${k}@bench.example`, password: 'bench-agent-1' })).token;
  });
  await beforeConnect?.();
  const convToAgent = new Map();
  const convToVisitor = new Map();
  const t = { onVisitorGets: () => {}, onAgentGets: () => {} };
  let agentSeq = 0;
  const agentSockets = await inBatches(agents, 10, async (k) => {
    const ws = await open(`${on(k)}/ws/agent`);
    ws.send(JSON.stringify({ type: 'auth', v: 1, token: agentTokens[k], scope: 'assigned' }));
    ws.on('message', (data) => {
      const f = JSON.parse(data);
      if (f.type === 'conversation' && f.conversation.state === 'assigned' && f.conversation.agent?.id) convToAgent.set(f.conversation.id, ws);
      else if (f.type === 'message' && f.message.author.kind === 'visitor' && f.message.text.startsWith('t:')) t.onAgentGets(f.message.conversationId, Number(f.message.text.slice(2)));
    });
    return ws;
  });
  // Presence crosses relays through Redis: give it a moment before the first conversations queue.
  await new Promise((r) => setTimeout(r, urls.length > 1 ? 500 : 0));
  const visitors = await inBatches(sockets, 50, async (i) => {
    const ws = await open(`${on(i)}/ws/visitor`, { origin: ORIGIN });
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
  // Wait until every agent socket knows its conversations (the assignment frame may cross relays).
  for (let k = 0; k < 100 && convToAgent.size < sockets; k++) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 300));
  await afterConnect?.();
  let n = 0;
  t.sendV = (i, at) => visitors[i].send(JSON.stringify({ type: 'message', id: `v${i}-${n++}`, conversationId: convToVisitor.get(i), text: `t:${at}` }));
  t.sendA = (conv, at) => convToAgent.get(conv)?.send(JSON.stringify({ type: 'message', id: `a${agentSeq++}`, conversationId: conv, text: `t:${at}` }));
  return {
    t,
    close() {
      for (const ws of [...visitors, ...agentSockets, adminWs]) ws.terminate();
    },
  };
}
