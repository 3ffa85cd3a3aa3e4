import { randomBytes } from 'node:crypto';

/**
 * Server ids: a time prefix (so ids sort roughly by creation) and 80 random bits, base36.
 * The prefix letter says what the id is for, which helps when reading logs.
 */
export function newId(prefix: 'v' | 'c' | 'm' | 'a' | 't'): string {
  return `${prefix}_${Date.now().toString(36)}${randomBytes(10).toString('hex')}`;
}
