import type { z } from 'zod';
import { RelayError } from '../errors.js';

/** Validates a body or query, naming the first bad field in an INVALID_FRAME error. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length ? issue.path.join('.') : what;
    throw new RelayError('INVALID_FRAME', `Invalid ${what}: ${where}: ${issue?.message ?? 'invalid'}.`);
  }
  return result.data;
}
