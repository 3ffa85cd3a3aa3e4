/**
 * The SQLite connection every store of one SqliteStorage shares, with a statement cache: SQL built
 * from which fields a patch sets is prepared once per distinct text.
 */
import Database from 'better-sqlite3';

export class SqliteDb {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(readonly db: Database.Database) {}

  cached(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) this.statements.set(sql, (stmt = this.db.prepare(sql)));
    return stmt;
  }

  /** Runs `work` in one transaction (better-sqlite3 transactions are synchronous). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }
}
