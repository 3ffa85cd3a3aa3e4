/**
 * A write-through cache of rows by key, for SQLite only: this process is the only writer of its
 * database file (PostgreSQL, with several writers, has none), so every write refreshes the cached
 * row and a read never sees a stale one. The hot paths read the same few conversations, visitors,
 * agents and sessions for every message; this saves a query and a row decode each time.
 * Nothing a caller does to a record may reach the cache: `copy` either copies it, or freezes it
 * (`frozen`) when writes always replace the cached record rather than change it in place — then
 * every reader shares it, allocation-free, and a mutation would throw.
 */
export class RowCache<T> {
  private readonly rows = new Map<string, T>();

  constructor(
    private readonly copy: (record: T) => T,
    private readonly max = 10_000,
  ) {}

  /** A cache whose records are frozen and shared, for records written by replacement only. */
  static frozen<T extends object>(freeze: (record: T) => T = (r) => Object.freeze(r)): RowCache<T> {
    return new FrozenCache<T>(freeze);
  }

  /** Caches a record (just read or written) and returns a copy for the caller. */
  remember(key: string, record: T): T {
    if (!this.rows.has(key) && this.rows.size >= this.max) this.rows.delete(this.rows.keys().next().value!);
    this.rows.set(key, record);
    return this.copy(record);
  }

  get(key: string): T | null {
    const cached = this.rows.get(key);
    return cached === undefined ? null : this.copy(cached);
  }

  /** The cached record itself, for writes that update it in place. */
  live(key: string): T | undefined {
    return this.rows.get(key);
  }

  forget(key?: string): void {
    if (key === undefined) this.rows.clear();
    else this.rows.delete(key);
  }

  /** Forgets every record `match` picks. */
  forgetWhere(match: (record: T) => boolean): void {
    for (const [key, record] of this.rows) if (match(record)) this.rows.delete(key);
  }
}

class FrozenCache<T> extends RowCache<T> {
  constructor(private readonly freeze: (record: T) => T) {
    super((record) => record);
  }

  override remember(key: string, record: T): T {
    return super.remember(key, this.freeze(record));
  }
}
