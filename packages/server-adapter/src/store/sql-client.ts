/**
 * The low-level SQL contract both stores implement. Feature modules (strategies, content, email, training) keep
 * their own repositories on top of it and add their own migration files (see the README's "Migrations").
 */

/** A row-returning query result. */
export interface QueryResult<T> {
  rows: T[];
}

/** Something that runs parameterised SQL (`$1`, `$2`, ... placeholders, the PostgreSQL dialect). */
export interface Queryable {
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
}

/** The handle a transaction's statements run on. */
export interface Transaction extends Queryable {
  /** Runs a script of several statements without parameters. */
  exec(script: string): Promise<void>;
}

/** A connection to the store: PGlite (embedded) or PostgreSQL, same SQL, same schema. */
export interface SqlClient extends Queryable {
  /** `pglite` or `postgres`. */
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs `fn` inside one transaction: committed when `fn` resolves, rolled back when it throws.
   * Use the `tx` argument for every statement of the transaction.
   */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
  /** Runs `fn` while holding a store-wide lock named by `key` (advisory lock on PostgreSQL). */
  withLock<T>(key: number, fn: () => Promise<T>): Promise<T>;
  /**
   * The same store without the per-statement time limit of request-path queries (PostgreSQL: 10 s by default), for
   * work that is long by nature: migrations, catalog imports, report rebuilds. PGlite has no limit: itself.
   */
  unbounded(): SqlClient;
  close(): Promise<void>;
}
