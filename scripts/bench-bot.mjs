/**
 * Bot benchmark: index build time and p50/p99 answer time for knowledge bases of 1k, 10k and 100k
 * question variants, against fuse.js alone over the same variants in the same run.
 *
 * Variants are synthesised deterministically from CLINC150 train utterances (../shared/datasets):
 * each utterance, then rewritten with a fixed prefix/suffix/word drop, cycling until the size is
 * reached. Queries are CLINC150 val questions. fuse.js is linear in the KB, so it runs on fewer
 * queries at the larger sizes to keep the run under a few minutes.
 *
 * Run: pnpm --filter @switchboard/bot build && node scripts/bench-bot.mjs [--sizes 1000,10000] [--baseline REV]
 * `--baseline REV` also measures the bot as it was at a git revision (built by bench/bot-baseline.mjs)
 * on the same KBs and queries, for before/after in one run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { createBot } = await import(join(root, 'packages/bot/dist/index.js'));
// fuse.js is a dependency of the bot package; resolve it from there.
const Fuse = createRequire(join(root, 'packages/bot/package.json'))('fuse.js');
const baselineArg = process.argv.indexOf('--baseline');
const baselineRev = baselineArg > 0 ? process.argv[baselineArg + 1] : undefined;
const baseline = baselineRev
  ? (await import(execFileSync(process.execPath, [join(root, 'scripts/bench/bot-baseline.mjs'), baselineRev], { encoding: 'utf8' }).trim())).createBot
  : undefined;

const dataDir = join(root, '..', 'shared', 'datasets', 'clinc150');
if (!existsSync(join(dataDir, 'train.jsonl'))) {
  console.error(`bench-bot: ${dataDir} not found (expected ../shared/datasets/clinc150 next to the repo)`);
  process.exit(2);
}
const read = (f) => readFileSync(join(dataDir, f), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
// Round-robin over intents, so a 1k KB covers every intent rather than the first few.
const byIntentRows = new Map();
for (const r of read('train.jsonl')) if (r.intent !== 'oos') byIntentRows.set(r.intent, [...(byIntentRows.get(r.intent) ?? []), r]);
const train = [];
for (let i = 0; train.length < [...byIntentRows.values()].reduce((n, l) => n + l.length, 0); i++) for (const l of byIntentRows.values()) if (l[i]) train.push(l[i]);
const queries = read('val.jsonl').map((r) => r.text);

const PREFIXES = ['', 'please ', 'hey, ', 'can you tell me ', 'i need to know ', 'quick question: ', 'hi, '];
const SUFFIXES = ['', ' please', ' thanks', ' asap', ' right now', '?', ' for me'];
function variant(text, round) {
  if (round === 0) return text;
  const words = text.split(' ');
  // Drop one word (deterministically) on odd rounds so variants are not mere prefix/suffix copies.
  if (round % 2 === 1 && words.length > 3) words.splice((round * 7) % words.length, 1);
  return `${PREFIXES[round % PREFIXES.length]}${words.join(' ')}${SUFFIXES[(round * 3) % SUFFIXES.length]}`;
}
function knowledgeBase(size) {
  const byIntent = new Map();
  for (let i = 0; i < size; i++) {
    const row = train[i % train.length];
    const list = byIntent.get(row.intent) ?? [];
    list.push(variant(row.text, Math.floor(i / train.length)));
    byIntent.set(row.intent, list);
  }
  return { entries: [...byIntent].map(([id, questions]) => ({ id, questions, answer: id })) };
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
function time(fn, inputs, repeats = 1) {
  const t = [];
  const best = [];
  for (const q of inputs) {
    let min = Infinity;
    for (let r = 0; r < repeats; r++) {
      const s = performance.now();
      fn(q);
      const ms = performance.now() - s;
      if (r === 0) t.push(ms);
      min = Math.min(min, ms);
    }
    best.push(min);
  }
  t.sort((a, b) => a - b);
  best.sort((a, b) => a - b);
  return { p50: pct(t, 50), p99: pct(t, 99), bestP99: pct(best, 99), n: inputs.length };
}

const sizesArg = process.argv.indexOf('--sizes');
const sizes = sizesArg > 0 ? process.argv[sizesArg + 1].split(',').map(Number) : [1_000, 10_000, 100_000];
const fuseQueries = { 1000: 300, 10000: 40, 100000: 8 };
const rows = [];
for (const size of sizes) {
  const kb = knowledgeBase(size);
  let s = performance.now();
  const bot = createBot({ knowledgeBase: kb });
  const botBuild = performance.now() - s;
  // Warm up the JIT and the per-word caches on 1,000 other sentences (training utterances seen in
  // reverse order), as a running relay would be: the measured val questions themselves stay unseen.
  for (const r of train.slice(-1000)) bot.match(r.text);
  // p99 of the first run of each query, and of each query's best of 3 runs: on a shared machine the
  // first includes other jobs' and the collector's pauses, the second is the work the question takes.
  const botTimes = time((q) => bot.match(q), queries, 3);

  let before;
  if (baseline) {
    s = performance.now();
    const old = baseline({ knowledgeBase: kb });
    const build = performance.now() - s;
    for (const r of train.slice(-1000)) old.match(r.text);
    before = { build, times: time((q) => old.match(q), queries, 3) };
  }

  const docs = kb.entries.flatMap((e) => e.questions.map((q) => ({ id: e.id, q })));
  s = performance.now();
  const fuse = new Fuse(docs, { keys: ['q'], includeScore: true, ignoreLocation: true, threshold: 0.6 });
  const fuseBuild = performance.now() - s;
  const n = fuseQueries[size] ?? Math.max(5, Math.round(3e6 / size));
  const fuseTimes = time((q) => fuse.search(q, { limit: 5 }), queries.filter((_, i) => i % Math.floor(queries.length / n) === 0).slice(0, n));
  rows.push({ size, entries: kb.entries.length, botBuild, botTimes, fuseBuild, fuseTimes, before });
  console.error(`done ${size}`);
}

const f = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(3));
const header = ['variants', 'entries', 'bot build ms', 'bot p50 ms', 'bot p99 ms', 'bot p99 best of 3 ms', 'queries', 'fuse build ms', 'fuse p50 ms', 'fuse p99 ms', 'queries'];
if (baseline) header.push(`${baselineRev} build ms`, `${baselineRev} p50 ms`, `${baselineRev} p99 ms`, `${baselineRev} p99 best of 3 ms`);
const table = rows.map((r) =>
  [
    r.size, r.entries, f(r.botBuild), f(r.botTimes.p50), f(r.botTimes.p99), f(r.botTimes.bestP99), r.botTimes.n, f(r.fuseBuild), f(r.fuseTimes.p50), f(r.fuseTimes.p99), r.fuseTimes.n,
    ...(r.before ? [f(r.before.build), f(r.before.times.p50), f(r.before.times.p99), f(r.before.times.bestP99)] : []),
  ].map(String),
);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
const line = (cells) => `| ${cells.map((c, i) => c.padStart(widths[i])).join(' | ')} |`;
console.log('bot: @switchboard/bot match() vs fuse.js alone (same variants, CLINC150 val queries)');
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of table) console.log(line(row));
