/** The client core's socket seam over `ws`, for Node (which has no standard WebSocket before 22). */
import type { SocketFactory } from '@switchboard/protocol/client';
import WebSocket from 'ws';

export const wsSocket: SocketFactory = (url, on) => {
  const ws = new WebSocket(url);
  ws.on('open', () => on.open());
  ws.on('message', (data) => on.message(data.toString()));
  ws.on('close', (code, reason) => on.close(code, reason.toString()));
  // Without a listener `ws` would throw the error; a close event follows it.
  ws.on('error', (error) => on.error(error));
  return { send: (data) => ws.send(data), close: (code, reason) => ws.close(code, reason) };
};
