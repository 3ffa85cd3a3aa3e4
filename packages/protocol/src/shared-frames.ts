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
  retryable: z.boolean(),
});
export type ErrorFrame = z.infer<typeof ErrorFrame>;
