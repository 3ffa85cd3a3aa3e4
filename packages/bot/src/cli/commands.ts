/** The CLI commands. Each returns the exit code; output forms are parsed by other tools, keep them stable. */
import { writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { createBot } from '../bot/create-bot.js';
import { answerIdOf, evaluate } from '../eval/evaluate.js';
import { knowledgeBaseFromLabelled, readLabelled } from '../eval/dataset.js';
import { DEFAULT_GRID, evaluateGrid, formatGrid } from '../eval/grid.js';
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
 * `eval-grid --data DIR [--intents 10,30,80] [--phrasings 3,5,10,100] [--seeds 3] [--max-questions 400] [--no-full] [--json]`:
 * synthetic KBs of realistic shapes sampled from DIR/train.jsonl, scored on DIR/val.jsonl (see eval/grid.ts).
 */
export async function evalGrid(argv: readonly string[], io: Io): Promise<number> {
  const flags = parseFlags(argv, ['data', 'intents', 'phrasings', 'seeds', 'max-questions'], ['json', 'no-full']);
  const dir = required(flags, 'data').replace(/\/+$/, '');
  const [train, val] = [await readLabelled(`${dir}/train.jsonl`), await readLabelled(`${dir}/val.jsonl`)];
  const [seeds] = numberList(flags, 'seeds', [DEFAULT_GRID.seeds]);
  const [maxQuestions] = numberList(flags, 'max-questions', [DEFAULT_GRID.maxQuestions]);
  const json = flags.has('json');
  const cells = await evaluateGrid(train, val, {
    intents: numberList(flags, 'intents', DEFAULT_GRID.intents),
    phrasings: numberList(flags, 'phrasings', DEFAULT_GRID.phrasings),
    seeds,
    maxQuestions,
    full: !flags.has('no-full'),
    onCell: json ? undefined : (c) => io.stderr.write(`${c.intents ?? 'all'}x${c.phrasings ?? 'all'}: in-scope ${c.inScopeAccuracy}, OOS ${c.outOfScopeRecall}\n`),
  });
  io.stdout.write(json ? `${JSON.stringify(cells)}\n` : formatGrid(cells));
  return 0;
}
