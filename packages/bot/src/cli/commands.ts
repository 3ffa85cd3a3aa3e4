/** The CLI commands. Each returns the exit code; output forms are parsed by other tools, keep them stable. */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';
import { createBot } from '../bot/create-bot.js';
import { answerIdOf, evaluate } from '../eval/evaluate.js';
import { knowledgeBaseFromLabelled, readLabelled } from '../eval/dataset.js';
import { evaluateAnchorGrid } from '../eval/anchor-grid.js';
import { type LearningCurve, learningCurve } from '../eval/learning.js';
import { type BotFactory, DEFAULT_GRID, type GridCell, evaluateGrid, formatAnchor, formatGrid, pct } from '../eval/grid.js';
import { BotError } from '../errors.js';
import { lintKnowledgeBase } from '../kb/lint.js';
import { loadKnowledgeBase } from '../kb/parse.js';
import { parseFlags, required } from './args.js';

export interface Io {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** `ask --kb FILE`: JSON lines {"text"} in, one JSON line {"text","answerId","confidence","handoff"} out per input, in order. */
export async function ask(argv: readonly string[], io: Io): Promise<number> {
  const flags = parseFlags(argv, ['kb']);
  const bot = createBot({ knowledgeBase: await loadKnowledgeBase(required(flags, 'kb')) });
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    if (line.trim() === '') continue;
    n++;
    let input: { text?: unknown; conversationId?: unknown };
    try {
      input = JSON.parse(line) as typeof input;
    } catch {
      input = {};
    }
    if (typeof input.text !== 'string') {
      io.stderr.write(`line ${n}: expected {"text": string}\n`);
      io.stdout.write(`${JSON.stringify({ text: null, answerId: null, confidence: 0, handoff: false, error: 'expected {"text": string}' })}\n`);
      continue;
    }
    // Each line is its own conversation unless the caller groups lines with a conversationId.
    const conversationId = typeof input.conversationId === 'string' ? input.conversationId : `ask-${n}`;
    const result =
      typeof input.conversationId === 'string'
        ? await replyIn(bot, input.text, conversationId)
        : await answerIdOf(bot, input.text, conversationId);
    io.stdout.write(`${JSON.stringify({ text: input.text, ...result })}\n`);
  }
  return 0;
}

async function replyIn(bot: ReturnType<typeof createBot>, text: string, conversationId: string): Promise<{ answerId: string | null; confidence: number; handoff: boolean }> {
  const reply = await bot.reply(text, { conversationId });
  return { answerId: reply.type === 'answer' ? reply.entryId : null, confidence: 'confidence' in reply ? reply.confidence : 0, handoff: reply.type === 'handoff' };
}

/** `eval --kb FILE --data FILE.jsonl [--json]`. */
export async function evalCommand(argv: readonly string[], io: Io): Promise<number> {
  const flags = parseFlags(argv, ['kb', 'data'], ['json']);
  const kb = await loadKnowledgeBase(required(flags, 'kb'));
  const rows = await readLabelled(required(flags, 'data'));
  const report = await evaluate(createBot({ knowledgeBase: kb }), rows);
  if (flags.has('json')) {
    io.stdout.write(`${JSON.stringify(report)}\n`);
    return 0;
  }
  const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
  io.stdout.write(
    [
      `questions: ${report.questions}`,
      `in-scope accuracy: ${pct(report.inScope.accuracy)} (${report.inScope.correct}/${report.inScope.total})`,
      `oos precision: ${pct(report.outOfScope.precision)}`,
      `oos recall: ${pct(report.outOfScope.recall)} (${report.outOfScope.rejected}/${report.outOfScope.total})`,
      `latency p50: ${report.latencyMs.p50.toFixed(3)} ms`,
      `latency p99: ${report.latencyMs.p99.toFixed(3)} ms`,
      '',
    ].join('\n'),
  );
  return 0;
}

/** `lint --kb FILE [--json]`: exit 1 when there is any problem. */
export async function lint(argv: readonly string[], io: Io): Promise<number> {
  const flags = parseFlags(argv, ['kb'], ['json']);
  const file = required(flags, 'kb');
  const kb = await loadKnowledgeBase(file);
  const problems = lintKnowledgeBase(kb);
  if (flags.has('json')) io.stdout.write(`${JSON.stringify({ file, entries: kb.entries.length, problems })}\n`);
  else {
    for (const p of problems) io.stdout.write(`${file}: ${p.severity} ${p.code}: ${p.message}\n`);
    io.stdout.write(problems.length === 0 ? `${file}: ok (${kb.entries.length} entries)\n` : `${file}: ${problems.length} problem(s)\n`);
  }
  return problems.length === 0 ? 0 : 1;
}

/** `build-kb --data FILE.jsonl --out FILE.json`: a KB with one entry per intent (e.g. CLINC150 train). */
export async function buildKb(argv: readonly string[], io: Io): Promise<number> {
  const flags = parseFlags(argv, ['data', 'out']);
  const kb = knowledgeBaseFromLabelled(await readLabelled(required(flags, 'data')));
  await writeFile(required(flags, 'out'), `${JSON.stringify(kb, null, 2)}\n`);
  io.stderr.write(`wrote ${kb.entries.length} entries to ${required(flags, 'out')}\n`);
  return 0;
}

function numberList(flags: Map<string, string>, name: string, fallback: readonly number[]): number[] {
  const value = flags.get(name);
  if (value === undefined) return [...fallback];
  const list = value.split(',').map(Number);
  if (list.some((n) => !Number.isInteger(n) || n < 1)) throw new BotError('USAGE', `--${name} expects positive integers separated by commas`);
  return list;
}

/**
 * `eval-grid --data DIR [--intents 10,30,80,150] [--phrasings 1,3,5,10] [--seeds 3] [--max-questions 400] [--no-full]
 * [--baseline FILE] [--anchor] [--json]`: synthetic KBs sampled from DIR/train.jsonl, scored on DIR/val.jsonl (see
 * eval/grid.ts). `--baseline` scores another build of the bot (its `dist/index.js`) on the same KBs in the same run;
 * `--anchor` adds the lexical classifier (eval/lexical-classifier.ts).
 */
export async function evalGrid(argv: readonly string[], io: Io): Promise<number> {
  const flags = parseFlags(argv, ['data', 'intents', 'phrasings', 'seeds', 'max-questions', 'baseline'], ['json', 'no-full', 'anchor']);
  const dir = required(flags, 'data').replace(/\/+$/, '');
  const [train, val] = [await readLabelled(`${dir}/train.jsonl`), await readLabelled(`${dir}/val.jsonl`)];
  const [seeds] = numberList(flags, 'seeds', [DEFAULT_GRID.seeds]);
  const [maxQuestions] = numberList(flags, 'max-questions', [DEFAULT_GRID.maxQuestions]);
  const json = flags.has('json');
  const options = {
    intents: numberList(flags, 'intents', DEFAULT_GRID.intents),
    phrasings: numberList(flags, 'phrasings', DEFAULT_GRID.phrasings),
    seeds,
    maxQuestions,
    full: !flags.has('no-full'),
  };
  const progress = (label: string) => (c: GridCell) =>
    json ? undefined : io.stderr.write(`${label} ${c.intents ?? 'all'}x${c.phrasings ?? 'all'}: right ${pct(c.answeredRight)}, precision ${pct(c.answeredPrecision)}, other-topic rejected ${pct(c.otherTopicRejection)}\n`);
  const baselinePath = flags.get('baseline');
  const before = baselinePath === undefined ? undefined : await evaluateGrid(await loadBotFactory(baselinePath), train, val, { ...options, onCell: progress('before') });
  const cells = await evaluateGrid(createBot, train, val, { ...options, onCell: progress(before ? 'now' : 'bot') });
  const anchor = flags.has('anchor')
    ? evaluateAnchorGrid(train, val, { ...options, onAnchorCell: (c) => (json ? undefined : io.stderr.write(`anchor ${c.intents}x${c.phrasings}: top-1 ${pct(c.top1)}, right at 88% precision ${pct(c.answeredRightAtPrecision)}\n`)) })
    : undefined;
  if (json) io.stdout.write(`${JSON.stringify({ cells, before, anchor })}\n`);
  else {
    io.stdout.write(formatGrid(cells, before));
    if (anchor) io.stdout.write(`\n${formatAnchor(anchor, cells)}`);
  }
  return 0;
}

/** `createBot` from another build of this package (a path to its dist/index.js). */
async function loadBotFactory(path: string): Promise<BotFactory> {
  let mod: { createBot?: unknown };
  try {
    mod = (await import(pathToFileURL(resolve(path)).href)) as { createBot?: unknown };
  } catch (error) {
    throw new BotError('USAGE', `--baseline ${path}: cannot load (${(error as Error).message})`, { cause: error });
  }
  if (typeof mod.createBot !== 'function') throw new BotError('USAGE', `--baseline ${path}: exports no createBot`);
  return mod.createBot as BotFactory;
}

/**
 * `eval-learning --data DIR [--intents 30] [--phrasings 3] [--seeds 2] [--json]`: the KB learns from its misses
 * (see eval/learning.ts); answered right on a held-out split as stream questions are added.
 */
export async function evalLearning(argv: readonly string[], io: Io): Promise<number> {
  const flags = parseFlags(argv, ['data', 'intents', 'phrasings', 'seeds'], ['json']);
  const dir = required(flags, 'data').replace(/\/+$/, '');
  const [train, val] = [await readLabelled(`${dir}/train.jsonl`), await readLabelled(`${dir}/val.jsonl`)];
  const [seeds] = numberList(flags, 'seeds', [2]);
  const curves: LearningCurve[] = [];
  for (const intents of numberList(flags, 'intents', [10, 30, 80])) {
    for (const phrasings of numberList(flags, 'phrasings', [1, 3, 5])) {
      for (let seed = 1; seed <= (seeds ?? 2); seed++) curves.push(await learningCurve(train, val, { intents, phrasings }, seed));
    }
  }
  if (flags.has('json')) {
    io.stdout.write(`${JSON.stringify(curves)}\n`);
    return 0;
  }
  io.stdout.write('| intents | phrasings | seed | answered right on held-out: start → after each quarter of the stream (questions added) |\n|---:|---:|---:|---|\n');
  for (const c of curves) {
    io.stdout.write(`| ${c.intents} | ${c.phrasings} | ${c.seed} | ${c.points.map((p) => `${pct(p.answeredRight)}${p.seen ? ` (+${p.added})` : ''}`).join(' → ')} |\n`);
  }
  return 0;
}
