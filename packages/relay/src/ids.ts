import { randomFillSync } from 'node:crypto';

// Random bytes are drawn in blocks: one syscall for hundreds of ids instead of one each.
const POOL = Buffer.alloc(4096);
let offset = POOL.length;

function randomHex(bytes: number): string {
  if (offset + bytes > POOL.length) {
    randomFillSync(POOL);
    offset = 0;
  }
  const hex = POOL.toString('hex', offset, offset + bytes);
  offset += bytes;
  return hex;
}

/**
 * Server ids: a time prefix (so ids sort roughly by creation) and 80 random bits.
 * The prefix letter says what the id is for, which helps when reading logs.
 */
export function newId(prefix: 'v' | 'c' | 'm' | 'a' | 't' | 'k'): string {
  return `${prefix}_${Date.now().toString(36)}${randomHex(10)}`;
}
