import { ERROR_CODES, type CloseName, type ErrorCode } from '@switchboard/protocol';

/**
 * An error a client caused or can act on; becomes an error frame, or an HTTP error body with the
 * status the protocol's ERROR_CODES table gives its code.
 */
export class RelayError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string = ERROR_CODES[code].message,
    /** With RATE_LIMITED: when a retry can succeed (the REST body and the Retry-After header carry it). */
    readonly retryAfterS?: number,
  ) {
    super(message);
    this.name = 'RelayError';
  }
}

/**
 * The agent session behind a socket is gone: logged out, revoked, expired, or the agent was
 * deactivated. The socket answers the frame with UNAUTHORIZED and closes with `close`.
 */
export class SessionEndedError extends RelayError {
  constructor(
    readonly close: Extract<CloseName, 'UNAUTHORIZED' | 'SESSION_REVOKED'>,
    message: string,
  ) {
    super('UNAUTHORIZED', message);
    this.name = 'SessionEndedError';
  }
}
