import { errorFrame, type ParseResult } from '@switchboard/protocol';
import type { RawData } from 'ws';
import { rawToString } from './frames.js';
import type { FrameGuard } from './guard.js';
import type { Peer } from './socket.js';

/**
 * The gate every inbound frame passes on both sockets (`hello` and `auth` included): rate limit,
 * then decode and validate. A refused frame is answered with its error and counted as a strike;
 * null means "dropped".
 */
export function admit<F>(peer: Peer, guard: FrameGuard, data: RawData, parse: (raw: string) => ParseResult<F>): F | null {
  if (!guard.allow()) {
    peer.send(errorFrame('RATE_LIMITED'));
    if (guard.strike()) peer.close('POLICY_VIOLATION');
    return null;
  }
  const parsed = parse(rawToString(data));
  if (!parsed.ok) {
    peer.send(parsed.error);
    if (guard.strike()) peer.close('POLICY_VIOLATION');
    return null;
  }
  return parsed.frame;
}
