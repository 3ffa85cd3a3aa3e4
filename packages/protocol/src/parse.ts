import type { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from './errors.js';
import type { ErrorFrame } from './shared-frames.js';

export type ParseResult<T> = { ok: true; frame: T } | { ok: false; error: ErrorFrame };

/** What an error frame answers: the refused frame's client id, type and conversation, where known. */
export interface Answering {
  id?: string | undefined;
  frame?: string | undefined;
  conversationId?: string | undefined;
}

export function errorFrame(code: ErrorCode, message?: string, answering: Answering = {}): ErrorFrame {
  const frame: ErrorFrame = { type: 'error', code, message: message ?? ERROR_CODES[code].message, retryable: ERROR_CODES[code].retryable };
  if (answering.id !== undefined) frame.id = answering.id;
  if (answering.frame !== undefined) frame.frame = answering.frame;
  if (answering.conversationId !== undefined) frame.conversationId = answering.conversationId;
  return frame;
}

/** The id, type and conversation of a decoded (or partly decoded) frame, for its error frames. */
export function answering(value: unknown): Answering {
  if (typeof value !== 'object' || value === null) return {};
  const v = value as { id?: unknown; type?: unknown; conversationId?: unknown };
  return {
    id: typeof v.id === 'string' ? v.id : undefined,
    frame: typeof v.type === 'string' ? v.type.slice(0, 64) : undefined,
    conversationId: typeof v.conversationId === 'string' ? v.conversationId.slice(0, 64) : undefined,
  };
}

/**
 * Decode one raw frame against a direction's union: non-JSON → BAD_JSON, an unknown `type` →
 * UNKNOWN_TYPE, anything else off-schema → INVALID_FRAME naming the first bad field.
 * The failing frame's `id` (and, for a known type, its `type` and `conversationId`) is echoed so
 * the client can match the error to what it sent.
 */
export function parseFrame<S extends z.ZodDiscriminatedUnion>(
  schema: S,
  raw: string,
  knownTypes: ReadonlySet<string>,
): ParseResult<z.infer<S>> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, error: errorFrame('BAD_JSON') };
  }
  const about = answering(value);
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  if (typeof type !== 'string' || !knownTypes.has(type)) {
    return { ok: false, error: errorFrame('UNKNOWN_TYPE', `Unknown frame type ${JSON.stringify(type ?? null).slice(0, 80)}.`, { id: about.id }) };
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'frame';
    return { ok: false, error: errorFrame('INVALID_FRAME', `Invalid ${type} frame: ${where}: ${issue?.message ?? 'invalid'}.`, about) };
  }
  return { ok: true, frame: result.data as z.infer<S> };
}

/** The `type` literals of a discriminated union, for `parseFrame`. */
export function frameTypes(schema: z.ZodDiscriminatedUnion): ReadonlySet<string> {
  const types = new Set<string>();
  for (const option of schema.options) {
    const shape = (option as unknown as { shape: { type: { value: string } } }).shape;
    types.add(shape.type.value);
  }
  return types;
}
