/** Minimal `--flag value` parsing; unknown flags are usage errors, not silently ignored. */
import { BotError } from '../errors.js';

export function parseFlags(argv: readonly string[], known: readonly string[], booleans: readonly string[] = []): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) throw new BotError('USAGE', `unexpected argument "${arg}"`);
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    if (booleans.includes(name)) {
      flags.set(name, 'true');
      continue;
    }
    if (!known.includes(name)) throw new BotError('USAGE', `unknown option --${name}`);
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith('--')) throw new BotError('USAGE', `--${name} needs a value`);
    flags.set(name, value);
  }
  return flags;
}

export function required(flags: Map<string, string>, name: string): string {
  const value = flags.get(name);
  if (value === undefined) throw new BotError('USAGE', `missing --${name}`);
  return value;
}
