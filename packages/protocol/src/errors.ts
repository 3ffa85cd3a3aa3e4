/**
 * The closed table of error codes. Every error frame and every REST error body carries one of
 * these codes; clients branch on the code, never on the message. `retryable` tells a client
 * whether sending the same frame again (same client id) can succeed.
 */
export const ERROR_CODES = {
  BAD_JSON: { retryable: false, message: 'The frame is not valid JSON.' },
  UNKNOWN_TYPE: { retryable: false, message: 'The frame type is not known.' },
  INVALID_FRAME: { retryable: false, message: 'The frame does not match its schema.' },
  TOO_LARGE: { retryable: false, message: 'The text or frame is larger than allowed.' },
  RATE_LIMITED: { retryable: true, message: 'Too many frames; slow down.' },
  NOT_READY: { retryable: true, message: 'Send hello (visitors) or auth (agents) first.' },
  UNSUPPORTED_VERSION: { retryable: false, message: 'This protocol version is not supported.' },
  UNAUTHORIZED: { retryable: false, message: 'Missing, invalid or expired credentials.' },
  FORBIDDEN: { retryable: false, message: 'You may not do that.' },
  NOT_FOUND: { retryable: false, message: 'No such conversation, agent or resource.' },
  CONFLICT: { retryable: false, message: 'The resource is not in a state that allows this.' },
  INVALID_SIGNATURE: { retryable: false, message: 'The identity signature does not match.' },
  ORIGIN_NOT_ALLOWED: { retryable: false, message: 'This origin may not connect.' },
  STORAGE_UNAVAILABLE: { retryable: true, message: 'Storage is unavailable; retry later.' },
  INTERNAL: { retryable: true, message: 'Something went wrong on the relay.' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
export const errorCodes = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];

/**
 * WebSocket close codes the relay uses. 1000–1011 are RFC 6455; 4xxx are ours.
 * A client reconnects after any code except those marked `final`.
 */
export const CLOSE_CODES = {
  NORMAL: { code: 1000, final: true, reason: 'normal closure' },
  GOING_AWAY: { code: 1001, final: false, reason: 'relay shutting down' },
  PROTOCOL_ERROR: { code: 1002, final: true, reason: 'protocol error' },
  POLICY_VIOLATION: { code: 1008, final: true, reason: 'abuse: too many bad or excess frames' },
  TOO_BIG: { code: 1009, final: true, reason: 'frame larger than the relay accepts' },
  INTERNAL: { code: 1011, final: false, reason: 'internal error' },
  HEARTBEAT_TIMEOUT: { code: 4000, final: false, reason: 'no pong within the heartbeat interval' },
  UNAUTHORIZED: { code: 4001, final: true, reason: 'invalid or expired credentials' },
  HANDSHAKE_TIMEOUT: { code: 4002, final: false, reason: 'no hello/auth frame in time' },
  UNSUPPORTED_VERSION: { code: 4003, final: true, reason: 'protocol version not supported' },
  SESSION_REVOKED: { code: 4004, final: true, reason: 'agent session revoked or agent deactivated' },
} as const;

export type CloseName = keyof typeof CLOSE_CODES;
