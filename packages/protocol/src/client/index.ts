/**
 * `@switchboard/protocol/client`: the reconnecting client core shared by the widget, the console
 * and the bot. Free of zod (it imports only types and the plain `as const` tables), so the widget
 * bundle stays small; callers that want frames validated pass `decode`.
 */
export { createAgentClient, createVisitorClient } from './sides.js';
export type { AgentClient, AgentClientOptions, HelloFields, VisitorClient, VisitorClientOptions } from './sides.js';
export { createClient } from './client.js';
export type { Announced, Client, ClientFrame, ClientOptions, ClientSide, ClientStatus, Outgoing, ResumePoint, SendResult, ServerFrame } from './types.js';
export { BACKOFF_BASE_MS, BACKOFF_MAX_MS, backoffMs } from './backoff.js';
export { closeReason, isFinalClose } from './close-codes.js';
export { DEFAULT_MAX_FRAME_BYTES, oversize, type Limits } from './limits.js';
export { browserSocket, type SocketEvents, type SocketFactory, type SocketHandle } from './socket.js';
export { CLOSE_CODES, type CloseName } from '../errors.js';
export { AUDIT_ACTIONS } from '../audit-actions.js';
export { PROTOCOL_VERSION } from '../version.js';
