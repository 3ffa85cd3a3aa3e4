import { z } from 'zod';
import { errorCodes } from './errors.js';

export const PingFrame = z.object({ type: z.literal('ping'), ts: z.number().optional() });
export const PongFrame = z.object({ type: z.literal('pong'), ts: z.number().optional() });

export const ErrorFrame = z.object({
  type: z.literal('error'),
  code: z.enum(errorCodes),
  message: z.string(),
  /** The client id of the frame that failed, when it had one. */
  id: z.string().optional(),
  /** The `type` of the frame this answers, when it could be read (frames like `typing` have no id). */
  frame: z.string().optional(),
  /** The conversation the refused frame named, when it named one. */
  conversationId: z.string().optional(),
  retryable: z.boolean(),
});
export type ErrorFrame = z.infer<typeof ErrorFrame>;
