/**
 * The relay's size caps as the client knows them, and the local check that keeps a frame over a
 * cap off the wire: the relay would refuse its text (TOO_LARGE) or close the socket (1009), and a
 * client that resent it after reconnecting would loop forever.
 */
import type { AgentClientFrame } from '../agent.js';
import type { VisitorClientFrame } from '../visitor.js';

/** The relay's default `MAX_FRAME_BYTES`, assumed until `welcome`/`ready` says otherwise. */
export const DEFAULT_MAX_FRAME_BYTES = 65_536;

export interface Limits {
  /** Ping interval; 0: no client pings. */
  heartbeatMs: number;
  /** Unknown until the relay announces it (older relays do not, on the agent socket). */
  maxTextBytes?: number;
  maxFrameBytes: number;
}

export const INITIAL_LIMITS: Limits = { heartbeatMs: 0, maxFrameBytes: DEFAULT_MAX_FRAME_BYTES };

const utf8 = (s: string): number => new TextEncoder().encode(s).length;

/** The text field the relay measures against `MAX_TEXT_BYTES`, if the frame has one. */
function cappedText(frame: VisitorClientFrame | AgentClientFrame): string | undefined {
  if (frame.type === 'message') return frame.text;
  if (frame.type === 'offline_ticket') return frame.message;
  return undefined;
}

/** Why the relay would refuse this frame for its size (as its own error would say), or undefined. */
export function oversize(frame: VisitorClientFrame | AgentClientFrame, json: string, limits: Limits): string | undefined {
  const text = cappedText(frame);
  const textBytes = text === undefined || limits.maxTextBytes === undefined ? 0 : utf8(text);
  if (limits.maxTextBytes !== undefined && textBytes > limits.maxTextBytes) {
    return `The text is ${textBytes} bytes; the limit is ${limits.maxTextBytes}.`;
  }
  const frameBytes = utf8(json);
  if (frameBytes > limits.maxFrameBytes) return `The frame is ${frameBytes} bytes; the relay reads at most ${limits.maxFrameBytes}.`;
  return undefined;
}
