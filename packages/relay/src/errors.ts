import { ERROR_CODES, type ErrorCode } from '@switchboard/protocol';

/** An error a client caused or can act on; becomes an error frame or an HTTP error body. */
export class RelayError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string = ERROR_CODES[code].message,
  ) {
    super(message);
    this.name = 'RelayError';
  }
}

export const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_JSON: 400,
  UNKNOWN_TYPE: 400,
  INVALID_FRAME: 400,
  TOO_LARGE: 413,
  RATE_LIMITED: 429,
  NOT_READY: 409,
  UNSUPPORTED_VERSION: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_SIGNATURE: 401,
  ORIGIN_NOT_ALLOWED: 403,
  STORAGE_UNAVAILABLE: 503,
  INTERNAL: 500,
};
