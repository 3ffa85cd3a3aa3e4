/**
 * The closed table of error codes. Every error frame and every REST error body carries one of
 * these codes; clients branch on the code, never on the message. Each entry says, in one place,
 * the HTTP status a REST error with this code has, whether sending the same frame again (same
 * client id) can succeed (`retryable`), and the default message.
 */
export const ERROR_CODES = {
  BAD_JSON: { httpStatus: 400, retryable: false, message: 'The frame is not valid JSON.' },
  UNKNOWN_TYPE: { httpStatus: 400, retryable: false, message: 'The frame type is not known.' },
  INVALID_FRAME: { httpStatus: 400, retryable: false, message: 'The frame does not match its schema.' },
  TOO_LARGE: { httpStatus: 413, retryable: false, message: 'The text or frame is larger than allowed.' },
  RATE_LIMITED: { httpStatus: 429, retryable: true, message: 'Too many frames; slow down.' },
  NOT_READY: { httpStatus: 409, retryable: true, message: 'Send hello (visitors) or auth (agents) first.' },
  UNSUPPORTED_VERSION: { httpStatus: 400, retryable: false, message: 'This protocol version is not supported.' },
  UNAUTHORIZED: { httpStatus: 401, retryable: false, message: 'Missing, invalid or expired credentials.' },
  TWO_FACTOR_REQUIRED: { httpStatus: 401, retryable: false, message: 'This account uses two-factor authentication: send the code from the app, or a recovery code.' },
  TWO_FACTOR_SETUP_REQUIRED: { httpStatus: 403, retryable: false, message: 'This site requires two-factor authentication: set it up first.' },
  FORBIDDEN: { httpStatus: 403, retryable: false, message: 'You may not do that.' },
  NOT_FOUND: { httpStatus: 404, retryable: false, message: 'No such conversation, agent or resource.' },
  CONFLICT: { httpStatus: 409, retryable: false, message: 'The resource is not in a state that allows this.' },
  INVALID_SIGNATURE: { httpStatus: 401, retryable: false, message: 'The identity signature does not match.' },
  ORIGIN_NOT_ALLOWED: { httpStatus: 403, retryable: false, message: 'This origin may not connect.' },
  STORAGE_UNAVAILABLE: { httpStatus: 503, retryable: true, message: 'Storage is unavailable; retry later.' },
  INTERNAL: { httpStatus: 500, retryable: true, message: 'Something went wrong on the relay.' },
} as const satisfies Record<string, { httpStatus: number; retryable: boolean; message: string }>;

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
  INVALID_PAYLOAD: { code: 1007, final: true, reason: 'a text frame was not valid UTF-8' },
  POLICY_VIOLATION: { code: 1008, final: true, reason: 'abuse: too many bad or excess frames' },
  TOO_BIG: { code: 1009, final: true, reason: 'frame larger than the relay accepts' },
  INTERNAL: { code: 1011, final: false, reason: 'internal error' },
  HEARTBEAT_TIMEOUT: { code: 4000, final: false, reason: 'no pong within the heartbeat interval' },
  UNAUTHORIZED: { code: 4001, final: true, reason: 'invalid or expired credentials' },
  HANDSHAKE_TIMEOUT: { code: 4002, final: false, reason: 'no hello/auth frame in time' },
  UNSUPPORTED_VERSION: { code: 4003, final: true, reason: 'protocol version not supported' },
  SESSION_REVOKED: { code: 4004, final: true, reason: 'agent session logged out or revoked, or agent deactivated' },
  SLOW_CONSUMER: { code: 4005, final: false, reason: 'more unread frames than the send buffer holds: reconnect and resume' },
  VISITOR_ERASED: { code: 4006, final: true, reason: "the visitor's data was erased" },
} as const;

export type CloseName = keyof typeof CLOSE_CODES;
