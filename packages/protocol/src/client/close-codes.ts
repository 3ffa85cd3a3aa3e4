/**
 * What a client does when the relay closes its socket, read from the protocol's `CLOSE_CODES`
 * table and nowhere else: a code marked `final` stops the client; every other code (and any code
 * the table does not list, such as 1006 for a dropped connection) means reconnect.
 */
import { CLOSE_CODES } from '../errors.js';

type CloseEntry = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES];

const byCode = new Map<number, CloseEntry>(Object.values(CLOSE_CODES).map((entry) => [entry.code, entry]));

export function isFinalClose(code: number): boolean {
  return byCode.get(code)?.final ?? false;
}

/** The table's words for a close code, for messages shown to people. */
export function closeReason(code: number): string {
  return byCode.get(code)?.reason ?? (code === 1006 ? 'connection lost' : `close code ${code}`);
}
