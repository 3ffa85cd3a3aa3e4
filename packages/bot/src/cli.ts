#!/usr/bin/env node
/**
 * switchboard-bot CLI (`pnpm -s bot <command>`). Exit codes: 0 ok, 1 lint problems,
 * 2 usage or knowledge base errors (message on stderr).
 */
import { BotError } from './errors.js';
import { ask, buildKb, evalCommand, evalGrid, evalLearning, type Io, lint } from './cli/commands.js';

const USAGE = `usage: switchboard-bot <command>
  ask --kb FILE                     JSON lines {"text"} on stdin -> {"text","answerId","confidence","handoff"} per line
  eval --kb FILE --data FILE.jsonl  in-scope accuracy, out-of-scope precision/recall, latency [--json]
  eval-grid --data DIR               synthetic KBs (intents x phrasings) from DIR/train.jsonl scored on DIR/val.jsonl
                                    [--intents 10,30,80,150] [--phrasings 1,3,5,10] [--seeds 3] [--no-full] [--json]
                                    [--baseline OTHER_BUILD/dist/index.js] (before/after, same run) [--anchor] (lexical classifier)
  eval-learning --data DIR           the KB learns from its misses: answered right on held-out questions as misses are added
                                    [--intents 10,30,80] [--phrasings 1,3,5] [--seeds 2] [--json]
  lint --kb FILE                    duplicate ids, duplicate questions, confusable entries [--json]
  build-kb --data FILE.jsonl --out FILE.json   one entry per intent (alias: build-clinc)
`;

const COMMANDS: Record<string, (argv: readonly string[], io: Io) => Promise<number>> = {
  ask,
  eval: evalCommand,
  'eval-grid': evalGrid,
  'eval-learning': evalLearning,
  lint,
  'build-kb': buildKb,
  'build-clinc': buildKb,
};

export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    (command === undefined ? io.stderr : io.stdout).write(USAGE);
    return command === undefined ? 2 : 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    io.stderr.write(`unknown command "${command}"\n${USAGE}`);
    return 2;
  }
  try {
    return await run(rest, io);
  } catch (error) {
    if (error instanceof BotError) {
      io.stderr.write(`error ${error.code}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

const code = await main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
process.exitCode = code;
