/**
 * The "also here" line of a conversation: which other agents have it open and who is typing.
 * While it is shown, this console tells the others it views the conversation (again every
 * REFRESH_MS, and at once to an agent who just arrived, so both see each other).
 */
import type { ConversationSummary } from '@switchboard/protocol';
import { useEffect, useReducer } from 'preact/hooks';
import { REFRESH_MS } from '../collision.js';
import { useConsole, useNow } from './context.js';

const names = (list: { name: string }[]) => list.map((a) => a.name).join(', ');

export function AlsoHere({ c }: { c: ConversationSummary }) {
  const { conn, collision, state } = useConsole();
  const [, changed] = useReducer((n: number) => n + 1, 0);
  const now = useNow(2000);
  useEffect(() => collision.subscribe(() => changed(0)), [collision]);
  useEffect(() => {
    if (state.connection !== 'online') return;
    const announce = () => conn.send({ type: 'viewing', conversationId: c.id, on: true });
    announce();
    const timer = setInterval(announce, REFRESH_MS);
    const stop = collision.onNewcomer((conversationId) => conversationId === c.id && announce());
    return () => {
      clearInterval(timer);
      stop();
      conn.send({ type: 'viewing', conversationId: c.id, on: false });
    };
  }, [c.id, state.connection]);

  const { viewing, typing } = collision.others(c.id, now);
  const typingIds = new Set(typing.map((a) => a.id));
  const quiet = viewing.filter((a) => !typingIds.has(a.id));
  return (
    <p class="also-here" role="status">
      {typing.length > 0 && <span class="also-typing">{`${names(typing)} ${typing.length > 1 ? 'are' : 'is'} typing…`}</span>}
      {quiet.length > 0 && <span>{`${typing.length ? ' · ' : ''}Also viewing: ${names(quiet)}`}</span>}
    </p>
  );
}
