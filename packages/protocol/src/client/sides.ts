/**
 * The visitor and the agent socket as parameters of the one client: how each greets (`hello` or
 * `auth`), which frame answers (`welcome` or `ready`) and how each resumes (a visitor names its
 * one conversation in `hello`; an agent sends a `resume` frame per conversation after `ready`).
 */
import type { AgentClientFrame, AgentServerFrame } from '../agent.js';
import { PROTOCOL_VERSION } from '../version.js';
import type { VisitorClientFrame, VisitorServerFrame } from '../visitor.js';
import { createClient } from './client.js';
import type { Client, ClientOptions } from './types.js';

type Hello = Extract<VisitorClientFrame, { type: 'hello' }>;
type Auth = Extract<AgentClientFrame, { type: 'auth' }>;

/** What the caller puts in `hello`; the client adds the version and the resume point. */
export type HelloFields = Omit<Hello, 'type' | 'v' | 'resume'>;

export type VisitorClient = Client<VisitorClientFrame>;
export type AgentClient = Client<AgentClientFrame>;

export interface VisitorClientOptions extends ClientOptions<VisitorClientFrame, VisitorServerFrame> {
  /** Built on every (re)connect, so it carries the latest token, identity and page. */
  hello(): HelloFields;
}

export interface AgentClientOptions extends ClientOptions<AgentClientFrame, AgentServerFrame> {
  /** Asked on every (re)connect: the bot may have logged in again. */
  token(): string;
  scope?: Auth['scope'];
}

/**
 * @example
 * const client = createVisitorClient({ url, hello: () => ({ token }), onFrame: (frame) => {} });
 * client.start();
 */
export function createVisitorClient(o: VisitorClientOptions): VisitorClient {
  return createClient<VisitorClientFrame, VisitorServerFrame>(
    {
      greeting: (resume) => ({ ...o.hello(), type: 'hello', v: PROTOCOL_VERSION, ...(resume[0] ? { resume: resume[0] } : {}) }),
      limitsOf: (frame) => (frame.type === 'welcome' ? frame.limits : undefined),
      catchUp: () => [],
    },
    o,
  );
}

/**
 * @example
 * const client = createAgentClient({ url, token: () => session.token, scope: 'all', onFrame: (frame) => {} });
 * client.start();
 */
export function createAgentClient(o: AgentClientOptions): AgentClient {
  return createClient<AgentClientFrame, AgentServerFrame>(
    {
      greeting: () => ({ type: 'auth', v: PROTOCOL_VERSION, token: o.token(), ...(o.scope ? { scope: o.scope } : {}) }),
      limitsOf: (frame) => (frame.type === 'ready' ? frame : undefined),
      catchUp: (resume) => resume.map(({ conversationId, afterSeq }) => ({ type: 'resume', conversationId, afterSeq })),
    },
    o,
  );
}
