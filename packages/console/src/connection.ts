/**
 * The console's agent socket is the shared client core (`@switchboard/protocol/client`); this file
 * holds what is the console's own: where the socket is, how the core's status reads in the header,
 * and which final close codes end the session (back to the login screen) rather than just the socket.
 */
import { CLOSE_CODES, closeReason, type ClientStatus } from '@switchboard/protocol/client';
import type { Connection } from './state.js';

export function agentSocketUrl(loc: Location = location): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/ws/agent`;
}

export function connectionOf(status: ClientStatus): Connection {
  return status === 'open' ? 'online' : status === 'connecting' ? 'connecting' : status === 'down' ? 'closed' : 'offline';
}

/** Why the session is over after this final close code, or null when only the socket is. */
export function sessionEnd(code: number): string | null {
  if (code === CLOSE_CODES.SESSION_REVOKED.code) return 'Your account was deactivated or its password changed.';
  if (code === CLOSE_CODES.UNAUTHORIZED.code) return 'Your session has expired. Please log in again.';
  return null;
}

/** The status line after a final close that keeps the session (reloading the page reconnects). */
export function closedNotice(code: number): string {
  return `The relay closed the connection (${closeReason(code)}). Reload the page to reconnect.`;
}
