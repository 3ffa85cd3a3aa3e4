import type { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from './errors.js';
import type { ErrorFrame } from './shared-frames.js';

export type ParseResult<T> = { ok: true; frame: T } | { ok: false; error: ErrorFrame };

export function errorFrame(code: ErrorCode, message?: string, id?: string): ErrorFrame {
  const frame: ErrorFrame = { type: 'error', code, message: message ?? ERROR_CODES[code].message, retryable: ERROR_CODES[code].retryable };
  if (id !== undefined) frame.id = id;
  return frame;
}

/**
 * Decode one raw frame against a direction's union: non-JSON → BAD_JSON, an unknown `type` →
 * UNKNOWN_TYPE, anything else off-schema → INVALID_FRAME naming the first bad field.
 * The failing frame's `id` is echoed when it has one so the client can match the error.
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
  const id = typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string' ? (value as { id: string }).id : undefined;
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  if (typeof type !== 'string' || !knownTypes.has(type)) {
    return { ok: false, error: errorFrame('UNKNOWN_TYPE', `Unknown frame type ${JSON.stringify(type ?? null)}.`, id) };
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'frame';
    return { ok: false, error: errorFrame('INVALID_FRAME', `Invalid ${type} frame: ${where}: ${issue?.message ?? 'invalid'}.`, id) };
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
