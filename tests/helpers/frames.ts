/** Records every JSON frame a `ws` client receives, and waits for the first one that matches. */
import type WebSocket from 'ws';

export interface FrameLog<F> {
  frames: F[];
  /** Resolves with the first frame (already received or future) that matches. */
  waitFor(match: (f: F) => boolean, timeoutMs?: number): Promise<F>;
}

export function recordFrames<F extends { type: string }>(ws: WebSocket, label: string): FrameLog<F> {
  const frames: F[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    frames.push(JSON.parse(String(data)) as F);
    for (const w of [...waiters]) w();
  });
  const waitFor = (match: (f: F) => boolean, timeoutMs = 10_000) =>
    new Promise<F>((resolve, reject) => {
      const check = () => {
        const hit = frames.find(match);
        if (!hit) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(hit);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`${label}: no matching frame within ${timeoutMs} ms; got ${frames.map((f) => f.type).join(', ')}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  return { frames, waitFor };
}
