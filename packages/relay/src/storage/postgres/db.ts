/**
 * The PostgreSQL pool every store of one PostgresStorage shares. Errors that mean "the database
 * cannot be reached" are rethrown as StorageUnavailableError (code STORAGE_UNAVAILABLE): the relay
 * then does not ack and tells the client to retry.
 */
import pg from 'pg';
import type { Row } from '../rows.js';

/** The database cannot be reached right now; retrying later may succeed. */
export class StorageUnavailableError extends Error {
  readonly code = 'STORAGE_UNAVAILABLE';
  constructor(cause: unknown) {
    super(`PostgreSQL is unavailable: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'StorageUnavailableError';
  }
}

/** SQLSTATE classes that mean "not reachable / not accepting", as opposed to a bad query. */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300|53400)$/;
/** Socket errors, and the driver's own words for a lost or never-made connection. */
const UNAVAILABLE_SOCKET = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN)$/;
const UNAVAILABLE_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|Query read timeout|connection error|Client was closed/i;

function isUnavailable(err: unknown): boolean {
  if (err instanceof StorageUnavailableError) return true;
  if (err instanceof pg.DatabaseError) return UNAVAILABLE_SQLSTATE.test(err.code ?? '');
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && UNAVAILABLE_SOCKET.test(code)) return true;
  return err instanceof Error && UNAVAILABLE_MESSAGE.test(err.message);
}

const types = new pg.TypeOverrides();
// BIGINT (timestamps, seqs, counts) as numbers: all fit well within 2^53.
types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));

export interface PoolOptions {
  url: string;
  schema?: string | undefined;
  poolSize?: number | undefined;
  connectTimeoutMs?: number | undefined;
  queryTimeoutMs?: number | undefined;
  onError?: ((err: Error) => void) | undefined;
}

export class PgDb {
  readonly pool: pg.Pool;

  constructor(options: PoolOptions) {
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 3000,
      query_timeout: options.queryTimeoutMs ?? 15_000,
      keepAlive: true,
      types,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    // Without a listener an idle connection dropped by the server would crash the process.
    this.pool.on('error', (err) => options.onError?.(err));
  }

  async query(sql: string, params: unknown[] = []): Promise<Row[]> {
    try {
      return (await this.pool.query(sql, params)).rows as Row[];
    } catch (err) {
      throw isUnavailable(err) && !(err instanceof StorageUnavailableError) ? new StorageUnavailableError(err) : err;
    }
  }

  async one(sql: string, params: unknown[] = []): Promise<Row | null> {
    return (await this.query(sql, params))[0] ?? null;
  }

  /** Runs `work` in a transaction on one connection; rolls back if it throws. */
  async tx<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw new StorageUnavailableError(err);
    }
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      broken = isUnavailable(err);
      if (!broken) await client.query('ROLLBACK').catch(() => (broken = true));
      throw broken && !(err instanceof StorageUnavailableError) ? new StorageUnavailableError(err) : err;
    } finally {
      client.release(broken);
    }
  }
}

/** `SET` fragments with positional parameters starting at `$first`. */
export function setClause(columns: [string, unknown][], first: number): { sets: string[]; params: unknown[] } {
  return { sets: columns.map(([c], i) => `${c} = $${first + i}`), params: columns.map(([, v]) => v) };
}

export const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));
