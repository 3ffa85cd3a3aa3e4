/** The protocol version, kept apart from the schemas so zod-free code (the client core) can use it. */

/** The protocol version a client announces in `hello` / `auth`. */
export const PROTOCOL_VERSION = 1;
export const SUPPORTED_VERSIONS: readonly number[] = [1];
