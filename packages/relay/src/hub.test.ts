import { describe, expect, it } from 'vitest';
import { Hub, type AgentSocket } from './hub.js';
import type { Peer } from './ws/socket.js';

function fakePeer(id: string): Peer & { got: unknown[]; closedWith: string | null } {
  const peer = {
    id,
    got: [] as unknown[],
    closedWith: null as string | null,
    open: true,
    async drained() {},
    send(frame: object) {
      peer.got.push(frame);
    },
    sendText(text: string) {
      peer.got.push(JSON.parse(text));
    },
    close(name: string) {
      peer.closedWith = name;
    },
  };
  return peer;
}

const agent = (id: string, over: Partial<AgentSocket> = {}): AgentSocket & { peer: ReturnType<typeof fakePeer> } =>
  ({ peer: fakePeer(`s-${id}`), agentId: id, role: 'agent', scope: 'all', sessionHash: `h-${id}`, ...over }) as AgentSocket & { peer: ReturnType<typeof fakePeer> };

describe('Hub delivery', () => {
  const frame = { type: 'pong' } as const;

  it('sends to every tab of a visitor but the one that caused it', () => {
    const hub = new Hub();
    const [a, b] = [fakePeer('a'), fakePeer('b')];
    hub.addVisitor('v1', a);
    hub.addVisitor('v1', b);
    hub.addVisitor('v2', fakePeer('c'));
    hub.deliver({ to: 'visitor', visitorId: 'v1', frame, exceptSocket: 'a' });
    expect(a.got).toEqual([]);
    expect(b.got).toEqual([frame]);
    hub.removeVisitor('v1', b);
    expect(hub.counts().visitors).toBe(2);
  });

  it('routes conversation frames by scope and role; bots never get internal frames', () => {
    const hub = new Hub();
    const all = agent('all');
    const mine = agent('me', { scope: 'assigned' });
    const other = agent('other', { scope: 'assigned' });
    const bot = agent('bot', { role: 'bot' });
    for (const s of [all, mine, other, bot]) hub.addAgent(s);
    const assignedToMe = { id: 'c1', state: 'assigned' as const, agentId: 'me' };
    hub.deliver({ to: 'agents', conversation: assignedToMe, frame });
    expect([all, mine, other, bot].map((s) => s.peer.got.length)).toEqual([1, 1, 0, 0]);
    const withBot = { id: 'c2', state: 'bot' as const, agentId: null };
    hub.deliver({ to: 'agents', conversation: withBot, frame });
    expect(bot.peer.got).toHaveLength(1);
    hub.deliver({ to: 'agents', conversation: withBot, frame, internal: true });
    expect(bot.peer.got).toHaveLength(1);
    const queued = { id: 'c3', state: 'queued' as const, agentId: null };
    hub.deliver({ to: 'agents', conversation: queued, frame, exceptSocket: all.peer.id });
    // all: c1, c2, c2 (internal) and not c3 (its own socket); mine and other: the queue.
    expect([all, mine, other].map((s) => s.peer.got.length)).toEqual([3, 2, 1]);
    expect(hub.hasBotConnected()).toBe(true);
  });

  it('revokes every socket of one agent', () => {
    const hub = new Hub();
    const [x1, x2, y] = [agent('x'), agent('x'), agent('y')];
    for (const s of [x1, x2, y]) hub.addAgent(s);
    hub.deliver({ to: 'revoke', agentId: 'x' });
    expect([x1, x2, y].map((s) => s.peer.closedWith)).toEqual(['SESSION_REVOKED', 'SESSION_REVOKED', null]);
  });

  it('revokes only the sockets of one session when it names one', () => {
    const hub = new Hub();
    const [a1, a2, b] = [agent('x', { sessionHash: 'one' }), agent('x', { sessionHash: 'one' }), agent('x', { sessionHash: 'two' })];
    for (const s of [a1, a2, b]) hub.addAgent(s);
    hub.deliver({ to: 'revoke', agentId: 'x', sessionHash: 'one' });
    expect([a1, a2, b].map((s) => s.peer.closedWith)).toEqual(['SESSION_REVOKED', 'SESSION_REVOKED', null]);
  });
});
