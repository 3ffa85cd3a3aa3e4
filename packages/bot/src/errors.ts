/**
 * The closed table of bot error codes. Every error the package throws is a `BotError` carrying one
 * of these codes, so callers (the relay, the CLI) branch on `code`, never on the message.
 */
export const BOT_ERROR_CODES = {
  KB_NOT_FOUND: 'The knowledge base file does not exist or cannot be read.',
  KB_FORMAT: 'The knowledge base file extension or format is not supported.',
  KB_SYNTAX: 'The knowledge base file is not valid JSON, YAML or Markdown.',
  KB_INVALID: 'A knowledge base entry or field does not match the schema.',
  KB_EMPTY: 'The knowledge base has no entries.',
  RULE_INVALID: 'A rule definition is not valid.',
  RULE_FAILED: 'A rule handler threw or returned something that is not a reply.',
  CONNECT_AUTH: 'The relay refused the credentials.',
  CONNECT_FAILED: 'Could not reach the relay.',
  USAGE: 'The command line arguments are not valid.',
} as const;

export type BotErrorCode = keyof typeof BOT_ERROR_CODES;

export class BotError extends Error {
  readonly code: BotErrorCode;
  constructor(code: BotErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? BOT_ERROR_CODES[code], options);
    this.name = 'BotError';
    this.code = code;
  }
}

/** Problems with a knowledge base file: the message names the file, the entry (id or index) and the field. */
export class KnowledgeBaseError extends BotError {
  readonly file: string | undefined;
  readonly entry: string | undefined;
  readonly field: string | undefined;
  constructor(
    code: BotErrorCode,
    detail: string,
    where: { file?: string | undefined; entry?: string | undefined; field?: string | undefined } = {},
    options?: { cause?: unknown },
  ) {
    const parts = [where.file, where.entry, where.field].filter((p): p is string => p !== undefined && p !== '');
    super(code, parts.length > 0 ? `${parts.join(': ')}: ${detail}` : detail, options);
    this.name = 'KnowledgeBaseError';
    this.file = where.file;
    this.entry = where.entry;
    this.field = where.field;
  }
}
