/**
 * Every REST error is `{ error: { code, message } }` with the HTTP status the protocol's
 * ERROR_CODES table gives the code, whatever raised it: a RelayError, Fastify's body parser, or
 * something unexpected (logged, INTERNAL).
 */
import { ERROR_CODES, type ErrorBody, type ErrorCode } from '@switchboard/protocol';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { RelayError } from '../errors.js';
import { isStorageDown } from '../ws/frames.js';

export function sendError(reply: FastifyReply, code: ErrorCode, message: string = ERROR_CODES[code].message, retryAfterS?: number): FastifyReply {
  const body: ErrorBody = { error: { code, message, ...(retryAfterS ? { retryAfterS } : {}) } };
  if (retryAfterS) reply.header('retry-after', String(retryAfterS));
  return reply.status(ERROR_CODES[code].httpStatus).send(body);
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof RelayError) return sendError(reply, err.code, err.message, err.retryAfterS);
    if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (err.statusCode === 400 && err instanceof SyntaxError)) {
      return sendError(reply, 'BAD_JSON', 'The request body is not valid JSON.');
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(reply, 'TOO_LARGE', 'The request body is too large.');
    // Other refusals of Fastify's own (unsupported media type, …) keep their status with our code.
    if (err.statusCode && err.statusCode < 500) return reply.status(err.statusCode).send({ error: { code: 'INVALID_FRAME', message: err.message } } satisfies ErrorBody);
    if (isStorageDown(err)) return sendError(reply, 'STORAGE_UNAVAILABLE');
    req.log.error({ err }, 'request failed');
    return sendError(reply, 'INTERNAL');
  });
}
