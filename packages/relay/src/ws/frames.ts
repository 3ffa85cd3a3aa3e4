import { AgentClientFrame, VisitorClientFrame, errorFrame, frameTypes, parseFrame, type Answering } from '@switchboard/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { RawData } from 'ws';
import { RelayError, SessionEndedError } from '../errors.js';
import type { FrameGuard } from './guard.js';
import type { Peer } from './socket.js';

const VISITOR_TYPES = frameTypes(VisitorClientFrame);
const AGENT_TYPES = frameTypes(AgentClientFrame);

export const parseVisitorFrame = (raw: string) => parseFrame(VisitorClientFrame, raw, VISITOR_TYPES);
export const parseAgentFrame = (raw: string) => parseFrame(AgentClientFrame, raw, AGENT_TYPES);

export function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

/**
 * Runs a handler and turns what it throws into an error frame naming what it answers (the frame's
 * client id, type and conversation): RelayErrors carry their code, anything else is logged and
 * reported as INTERNAL (or STORAGE_UNAVAILABLE), never crashing the process. Client-caused errors
 * count as strikes; an ended agent session closes the socket.
 */
export async function answerErrors(peer: Peer, guard: FrameGuard, log: FastifyBaseLogger, about: Answering, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    if (err instanceof RelayError) {
      peer.send(errorFrame(err.code, err.message, about));
      if (err instanceof SessionEndedError) peer.close(err.close);
      else if (err.code !== 'CONFLICT' && err.code !== 'STORAGE_UNAVAILABLE' && guard.strike()) peer.close('POLICY_VIOLATION');
      return;
    }
    log.error({ err }, 'frame handler failed');
    peer.send(errorFrame(isStorageDown(err) ? 'STORAGE_UNAVAILABLE' : 'INTERNAL', undefined, about));
  }
}

export function isStorageDown(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(STORAGE_UNAVAILABLE|ECONNREFUSED|ECONNRESET|ETIMEDOUT|57P0[123]|08\d\d\d|53300|SQLITE_BUSY|SQLITE_IOERR.*)$/.test(code);
}
